"""Kiosks: a shared device (a prison library PC, a ward tablet) that takes one
vote after another for a limited time.

The link carries a random token; only its SHA-256 is stored, so the database
cannot give a working link back (the token is shown once, when the kiosk is
made). A kiosk stops when it expires, is revoked, or its organisation is made
inactive. No vote refers to a kiosk: the only trace a kiosk keeps of its
voters is ``votes_total``, an aggregate counter shown in steps of K.
"""

import hashlib
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from network.models import Organisation

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,100}$")


def hash_kiosk_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def default_expiry():
    return timezone.now() + timedelta(days=settings.BALLOT_KIOSK_DAYS)


class KioskQuerySet(models.QuerySet):
    def for_token(self, token, ballot):
        """The kiosk this link names for this ballot (working or not), or None."""
        if not token or not TOKEN_RE.match(token):
            return None
        return (
            self.select_related("organisation")
            .filter(token_hash=hash_kiosk_token(token), ballot_id=ballot.pk)
            .first()
        )


class Kiosk(models.Model):
    label = models.CharField(
        max_length=100, help_text="Where the device is, e.g. 'HMP Styal library'."
    )
    ballot = models.ForeignKey("ballot.BallotPage", on_delete=models.CASCADE, related_name="kiosks")
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kiosks",
        help_text="Votes from this kiosk count for this organisation. Empty: a kiosk run "
        "by Wish staff, counted for no organisation.",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(default=default_expiry)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # An aggregate only: how many votes this kiosk has taken, never which.
    votes_total = models.PositiveIntegerField(default=0, editable=False)

    objects = KioskQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.label

    @staticmethod
    def new_token():
        return secrets.token_urlsafe(32)

    def set_token(self):
        """Give the kiosk a fresh token and return it: the only time it exists in plain text."""
        token = self.new_token()
        self.token_hash = hash_kiosk_token(token)
        return token

    def stopped_reason(self, now=None):
        """Why this kiosk takes no votes, in plain words, or "" while it works."""
        now = now or timezone.now()
        if self.revoked_at:
            return "This kiosk has been switched off."
        if self.expires_at <= now:
            return "This kiosk link has expired."
        if self.organisation_id and not self.organisation.active:
            return "This kiosk no longer takes votes."
        return ""

    @property
    def is_working(self):
        return not self.stopped_reason()
