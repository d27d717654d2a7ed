"""Demo data for partners: Women in Prison's promise, its code quota, a kiosk
and a paper batch to key.

The partner user itself is made by ``manage.py ensure_demo_partner`` (run by
``make run`` after ``ensure_admin``), because a known password must never be
created under production settings, and this loader also runs in tests.
"""

from network.accounts import partner_group
from network.models import Organisation

from .kiosks import create_kiosk
from .models import BallotPage, CodeQuota, Kiosk, PaperBatch

PARTNER_SLUG = "women-in-prison"
PROMISED_VOTES = 250  # 5% of the demo ballot's 5,000 target
KIOSK_LABEL = "HMP Styal library (demo)"


def load(stdout):
    org = Organisation.objects.filter(slug=PARTNER_SLUG).first()
    ballot = BallotPage.objects.filter(slug="have-your-say").first()
    if org is None or ballot is None:
        return
    # The promise is for this ballot; the quota follows it (1.2 times) until staff set one.
    CodeQuota.objects.get_or_create(
        ballot=ballot, organisation=org, defaults={"promised_votes": PROMISED_VOTES}
    )
    if not Kiosk.objects.filter(ballot=ballot, organisation=org, label=KIOSK_LABEL).exists():
        _kiosk, token = create_kiosk(
            label=KIOSK_LABEL, ballot=ballot, organisation=org, days=7, user=None
        )
        stdout.write(f"Demo kiosk link (shown only now): {ballot.url}?kiosk={token}")
    PaperBatch.objects.get_or_create(
        ballot=ballot, organisation=org, reference="Demo paper batch (Women in Prison)"
    )
    # The group carries "change" on the partner page once the page exists.
    if org.partner_accounts.exists():
        partner_group(org)
