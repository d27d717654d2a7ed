"""What happens to followers: ask, confirm, unsubscribe, purge.

Light double opt-in: the form stores the choices as *requested* and sends a
link; nothing is followed until the link is opened and its button pressed
(a mail scanner opening the link confirms nothing). The link's token is made
in the task that sends it and only its SHA-256 is stored. The web reply is
the same whether or not the address already follows, so the form reveals
nothing about who follows.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_tasks import task

from home.email_once import send_once, task_key
from home.languages import in_language, site_language
from home.site_url import absolute
from network.models import normalise_email

from .models import Follower
from .sending import UNSUBSCRIBE_SALT, build_message, follower_unsubscribe_url, site_url

MAX_TOKEN_LENGTH = 100


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def request_follow(email, requested, language=""):
    """Record what the form asked for and queue a confirmation link (rate-limited per address).

    ``language`` (the form's site language) goes with the request: the
    confirmation is written in it, and following the link makes it the
    language of every later email (so a form post alone never changes what a
    confirmed follower receives)."""
    email = normalise_email(email)
    requested = {**requested, "language": site_language(language)}
    now = timezone.now()
    with transaction.atomic():
        follower = Follower.objects.select_for_update().filter(email=email).first()
        if follower is None:
            try:
                with transaction.atomic():
                    follower = Follower.objects.create(
                        email=email, requested=requested, language=requested["language"]
                    )
            except IntegrityError:
                follower = Follower.objects.select_for_update().get(email=email)
        interval = timedelta(seconds=settings.FOLLOW_RESEND_INTERVAL)
        if follower.token_sent_at and now - follower.token_sent_at < interval:
            return follower  # one email per address per interval, whatever is posted
        Follower.objects.filter(pk=follower.pk).update(requested=requested, token_sent_at=now)
    follower_id = follower.pk
    transaction.on_commit(lambda: send_follow_confirmation.enqueue(follower_id))
    return follower


@task(takes_context=True)
def send_follow_confirmation(context, follower_id):
    """Make a fresh token, keep its hash, mail the link. Only the row id was queued.

    The token is made from this task's id with the secret key: a rerun of the
    task (after a killed worker, home/email_once.py) makes the same link, so
    a link already mailed keeps working and the email is sent once."""
    follower = Follower.objects.filter(pk=follower_id).first()
    if follower is None:
        return False
    key = task_key(context)
    token = salted_hmac("mailings.follow-confirm", f"{follower.pk}:{key}", algorithm="sha256")
    token = token.hexdigest()
    Follower.objects.filter(pk=follower.pk).update(token_hash=hash_token(token))
    with in_language((follower.requested or {}).get("language", follower.language)):
        send_once(_confirmation(follower, token), key)
    return True


def _confirmation(follower, token):
    context = {
        "confirm_url": absolute(reverse("mailings:confirm", args=[token])),
        "confirm_days": settings.FOLLOW_CONFIRM_DAYS,
        "unsubscribe_url": follower_unsubscribe_url(follower),
        "site_url": site_url(),
    }
    return build_message(
        follower.email,
        _("Confirm you would like emails from the Women's Mental Health Network"),
        render_to_string("mailings/email/confirm.txt", context),
        render_to_string("mailings/email/confirm.html", context),
        context["unsubscribe_url"],
    )


def follower_for_token(token):
    """(follower, None) or (None, "expired" | "invalid")."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None, "invalid"
    follower = Follower.objects.filter(token_hash=hash_token(token)).first()
    if follower is None:
        return None, "invalid"
    age = timezone.now() - (follower.token_sent_at or follower.created_at)
    if age > timedelta(days=settings.FOLLOW_CONFIRM_DAYS):
        return None, "expired"
    return follower, None


def confirm(follower):
    """Apply the requested choices and start following; the token cannot be used again."""
    from blog.models import Category
    from network.campaigns import CampaignPage

    wanted = follower.requested or {}
    now = timezone.now()
    with transaction.atomic():
        follower.status = Follower.Status.CONFIRMED
        follower.frequency = wanted.get("frequency", Follower.Frequency.IMMEDIATE)
        follower.everything = bool(wanted.get("everything"))
        follower.newsletter = bool(wanted.get("newsletter"))
        follower.language = site_language(wanted.get("language", follower.language))
        follower.confirmed_at = now
        follower.unsubscribed_at = None
        follower.token_hash = ""
        follower.requested = {}
        follower.save()
        follower.categories.set(Category.objects.filter(pk__in=wanted.get("categories", [])))
        follower.campaigns.set(CampaignPage.objects.filter(pk__in=wanted.get("campaigns", [])))
    return follower


def follower_for_unsubscribe(token):
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    key = _uuid(value)
    return Follower.objects.filter(key=key).first() if key else None


def _uuid(value):
    import uuid

    try:
        return uuid.UUID(hex=value)
    except ValueError:
        return None


def unsubscribe(follower):
    """Stop every email to this follower (kept, marked, until the purge deletes the row)."""
    return bool(
        Follower.objects.filter(pk=follower.pk)
        .exclude(status=Follower.Status.UNSUBSCRIBED)
        .update(status=Follower.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now(), token_hash="")
    )


def purge(now=None):
    """Delete followers never confirmed after FOLLOW_PURGE_DAYS, and unsubscribed
    ones FOLLOW_UNSUBSCRIBED_PURGE_DAYS after they left (their sent log goes too)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.FOLLOW_PURGE_DAYS)
    unconfirmed = Follower.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)
    left = Follower.objects.filter(
        status=Follower.Status.UNSUBSCRIBED,
        unsubscribed_at__lt=now - timedelta(days=settings.FOLLOW_UNSUBSCRIBED_PURGE_DAYS),
    )
    deleted = 0
    for queryset in (unconfirmed, left.exclude(token_sent_at__gte=cutoff)):
        deleted += queryset.count()
        queryset.delete()
    return deleted
