"""Kiosks: making and revoking them, and counting their votes.

Each kiosk's votes are limited per clock hour by a counter in the shared
cache, counted before the vote is decided (``cache.add`` then ``cache.incr``
are atomic in Redis and in local memory), so parallel votes cannot all slip
under the limit. ``count_kiosk_vote`` is the one place to swap for the
site's rate-limit helper.

Numbers about a kiosk's votes are shown only in steps of K (the results
threshold): two looks at the list either side of one vote never differ by one.
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.log_actions import log

from ballot.models import Kiosk


def _hour_key(kiosk_id, now=None):
    now = now or timezone.now()
    return f"ballot:kiosk-votes:{kiosk_id}:{now:%Y%m%d%H}"


def count_kiosk_vote(kiosk):
    """Add one vote to this kiosk's hour and return the hour's count so far."""
    key = _hour_key(kiosk.pk)
    cache.add(key, 0, timeout=2 * 60 * 60)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, timeout=2 * 60 * 60)
        return 1


def kiosk_hour_full(kiosk):
    """Count this attempt, then say whether it is beyond the hourly limit."""
    limit = settings.BALLOT_KIOSK_HOURLY_LIMIT
    if not limit:
        return False
    return count_kiosk_vote(kiosk) > limit


def kiosk_votes_this_hour(kiosk):
    return cache.get(_hour_key(kiosk.pk)) or 0


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
