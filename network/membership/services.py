"""What happens to members: join, confirm, unsubscribe, erase, purge.

The views and the admin call these; they hold the rules in one place.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from home.languages import site_language

from ..models_membership import ConsentText, LeaverTally, Member
from .emails import ALREADY_MEMBER, CONFIRM, send_member_email


def join(
    *,
    name,
    email,
    organisation,
    region,
    involvement,
    consents,
    wants_updates,
    base_url,
    language="",
):
    """Record a sign-up and email the address; the same outcome seen from outside either way.

    * A new address makes a pending member and sends a confirmation link.
    * A pending address is updated with the latest form (whoever confirms
      controls the inbox, so they confirm what was last sent) and gets a
      fresh confirmation link.
    * A confirmed member is left exactly as they were and gets a "you are
      already a member" email, with links to unsubscribe or leave. A fresh
      confirmation link would ask them to confirm something already done;
      and changing their details from an unauthenticated form would let
      anyone who knows their address rewrite them.

    The web reply never differs, so the form does not reveal who is a member.
    ``language`` is the site language of the form (a pending member's is
    updated with the rest; a confirmed member keeps theirs): emails are in it.
    Returns the member (for tests and the caller's logging, never shown).
    """
    now = timezone.now()
    membership_text = consents[ConsentText.Kind.MEMBERSHIP]
    updates_text = consents[ConsentText.Kind.UPDATES]
    details = {
        "name": name,
        "organisation": organisation,
        "region": region,
        "involvement": involvement,
        "language": site_language(language),
        "signed_up_at": now,
        "membership_consent": membership_text,
        "membership_consented_at": now,
        "wants_updates": wants_updates,
        "updates_consent": updates_text if wants_updates else None,
        "updates_consented_at": now if wants_updates else None,
        "updates_withdrawn_at": None,
    }
    with transaction.atomic():
        member = Member.objects.select_for_update().filter(email=email).first()
        if member is None:
            try:
                with transaction.atomic():
                    member = Member.objects.create(email=email, **details)
            except IntegrityError:
                # Another request with the same address won the race.
                member = Member.objects.select_for_update().get(email=email)
        elif not member.is_confirmed:
            for field, value in details.items():
                setattr(member, field, value)
            member.save()
        kind = ALREADY_MEMBER if member.is_confirmed else CONFIRM
        interval = timedelta(seconds=settings.MEMBERSHIP_RESEND_INTERVAL)
        send = member.last_emailed_at is None or now - member.last_emailed_at >= interval
        if send:
            member.last_emailed_at = now
            Member.objects.filter(pk=member.pk).update(last_emailed_at=now)
    if send:
        # Only the row id goes into the task queue: no personal data sits in
        # a queue, and an erased member's queued email finds nothing to send.
        send_member_email.enqueue(member.pk, kind, base_url)
    return member


def confirm(member):
    """Make a pending member a member. Returns False if they already were."""
    updated = Member.objects.filter(pk=member.pk, status=Member.Status.PENDING).update(
        status=Member.Status.CONFIRMED, confirmed_at=timezone.now()
    )
    return bool(updated)


def unsubscribe(member):
    """Stop email updates. Returns False if they were already stopped."""
    updated = Member.objects.filter(pk=member.pk, wants_updates=True).update(
        wants_updates=False, updates_withdrawn_at=timezone.now()
    )
    return bool(updated)


def _forget(queryset):
    """Delete members and every admin log line that named them; returns how many."""
    ids = [str(pk) for pk in queryset.values_list("pk", flat=True)]
    if not ids:
        return 0
    content_type = ContentType.objects.get_for_model(Member)
    ModelLogEntry.objects.filter(content_type=content_type, object_id__in=ids).delete()
    Member.objects.filter(pk__in=ids).delete()
    return len(ids)


def erase(member, reason):
    """Erase a member's personal data: the row goes; a monthly count goes up by one.

    Deleting rather than blanking the row leaves nothing to re-identify (not
    even the sign-up time, region and organisation together), and the count
    in LeaverTally is all the network needs to report how many left.
    """
    with transaction.atomic():
        if _forget(Member.objects.filter(pk=member.pk)):
            LeaverTally.record(reason)


def purge_unconfirmed(days=None, now=None):
    """Delete sign-ups never confirmed within ``days`` (MEMBERSHIP_PURGE_DAYS)."""
    days = settings.MEMBERSHIP_PURGE_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    with transaction.atomic():
        count = _forget(Member.objects.pending().filter(signed_up_at__lt=cutoff))
        LeaverTally.record(LeaverTally.Reason.PURGED, count)
    return count


def member_data(member):
    """Everything we hold about one member, for a subject access request."""

    def consent(text, at, withdrawn=None):
        if text is None:
            return None
        return {
            "version": text.version,
            "language": text.language,
            "wording": text.wording,
            "agreed_at": at.isoformat() if at else None,
            "withdrawn_at": withdrawn.isoformat() if withdrawn else None,
        }

    def iso(value):
        return value.isoformat() if value else None

    return {
        "name": member.name,
        "email": member.email,
        "organisation": member.organisation,
        "region": member.get_region_display() if member.region else "",
        "involvement": list(member.involvement or []),
        "language": member.language,
        "status": member.get_status_display(),
        "signed_up_at": iso(member.signed_up_at),
        "confirmed_at": iso(member.confirmed_at),
        "last_emailed_at": iso(member.last_emailed_at),
        "consents": {
            "membership": consent(member.membership_consent, member.membership_consented_at),
            "email_updates": consent(
                member.updates_consent, member.updates_consented_at, member.updates_withdrawn_at
            ),
        },
        "receiving_email_updates": member.wants_updates,
    }
