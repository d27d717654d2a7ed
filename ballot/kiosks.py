"""Kiosks: making and revoking them, and counting their votes.

Each kiosk's votes are limited per hour by the site's one rate-limit helper
(``home.ratelimit``), counted before the vote is decided, so parallel votes
cannot all slip under the limit.

Numbers about a kiosk's votes are shown only in steps of K (the results
threshold): two looks at the list either side of one vote never differ by one.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.log_actions import log

from ballot.models import Kiosk
from home.ratelimit import hit, used

KIOSK_GROUP = "ballot-kiosk"
HOUR = 60 * 60


def kiosk_hour_full(kiosk):
    """Count this attempt first (``home.ratelimit.hit``), then say whether it is
    beyond the kiosk's hourly limit."""
    return not hit(KIOSK_GROUP, str(kiosk.pk), settings.BALLOT_KIOSK_HOURLY_LIMIT, HOUR)


def kiosk_votes_this_hour(kiosk):
    return used(KIOSK_GROUP, str(kiosk.pk), HOUR)


def add_to_total(kiosk):
    """Bump the aggregate counter (call inside the vote's transaction)."""
    Kiosk.objects.filter(pk=kiosk.pk).update(votes_total=F("votes_total") + 1)


def in_steps(count):
    """A kiosk's count in steps of K: 'fewer than 10', '10 or more', '20 or more'..."""
    k = settings.BALLOT_RESULTS_THRESHOLD
    if count < k:
        return f"fewer than {k}"
    return f"{count // k * k:,} or more"


def create_kiosk(*, label, ballot, organisation, days, user):
    """Make a kiosk; returns ``(kiosk, token)``. The token is never stored or shown again."""
    days = max(1, min(days, settings.BALLOT_KIOSK_MAX_DAYS))
    kiosk = Kiosk(
        label=label,
        ballot=ballot,
        organisation=organisation,
        expires_at=timezone.now() + timedelta(days=days),
        created_by=user,
    )
    token = kiosk.set_token()
    with transaction.atomic():
        kiosk.save()
        log(
            kiosk,
            "ballot.kiosk.create",
            user=user,
            data={
                "label": label,
                "ballot": ballot.pk,
                "organisation": organisation.name if organisation else "",
                "expires_at": kiosk.expires_at.isoformat(),
            },
        )
    return kiosk, token


def revoke_kiosk(kiosk, user):
    """Switch a kiosk off for good. Revoking twice changes nothing."""
    with transaction.atomic():
        updated = Kiosk.objects.filter(pk=kiosk.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=user
        )
        if updated:
            log(kiosk, "ballot.kiosk.revoke", user=user, data={"label": kiosk.label})
    kiosk.refresh_from_db()
    return bool(updated)
