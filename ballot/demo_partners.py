"""Demo data for partners: Women in Prison's promise and a paper batch to key.

The partner user itself is made by ``manage.py ensure_demo_partner`` (run by
``make run`` after ``ensure_admin``), because a known password must never be
created under production settings, and this loader also runs in tests.
"""

from network.models import Organisation

from .models import BallotPage, PaperBatch
from .partners import partner_group

PARTNER_SLUG = "women-in-prison"
PROMISED_VOTES = 250  # 5% of the demo ballot's 5,000 target


def load(stdout):
    org = Organisation.objects.filter(slug=PARTNER_SLUG).first()
    ballot = BallotPage.objects.filter(slug="have-your-say").first()
    if org is None or ballot is None:
        return
    if org.promised_votes is None:
        org.promised_votes = PROMISED_VOTES
        org.save(update_fields=["promised_votes"])
    PaperBatch.objects.get_or_create(
        ballot=ballot, organisation=org, reference="Demo paper batch (Women in Prison)"
    )
    # The group carries "change" on the partner page once the page exists.
    if org.partner_accounts.exists():
        partner_group(org)
