"""One-time ballot codes.

The database keeps only an HMAC of each code (keyed with
``BALLOT_CODE_KEY``, by default SECRET_KEY), so a leaked database yields no
usable code. A code is used by one conditional update,
``UPDATE ... SET used = true WHERE id = ... AND used = false``, inside the
vote's transaction: of two racing requests only one changes the row, so
exactly one vote is stored. The code's row records only that it is used:
no use time, no use id, no link to the vote it allowed.
"""

import hashlib
import hmac
import math
import secrets

from django.conf import settings
from django.db import models

from network.models import Organisation

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: nothing that reads as something else.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 8


def normalise_code(text):
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def is_well_formed(code):
    return len(code) == CODE_LENGTH and all(ch in ALPHABET for ch in code)


def format_code(code):
    return f"{code[:4]}-{code[4:]}"


def hash_code(code):
    key = (settings.BALLOT_CODE_KEY or settings.SECRET_KEY).encode()
    return hmac.new(key, normalise_code(code).encode(), hashlib.sha256).hexdigest()


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


class CodeBatch(models.Model):
    class Status(models.TextChoices):
        ISSUED = "issued", "Codes made"
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved: codes not made yet"
        REFUSED = "refused", "Refused"

    ballot = models.ForeignKey(
        "ballot.BallotPage", on_delete=models.CASCADE, related_name="code_batches"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="code_batches"
    )
    reference = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A batch beyond the organisation's quota waits for a consultation manager;
    # its codes are made only once it is approved.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ISSUED)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The language chosen for the cards when the batch was asked for: a batch
    # approved later still prints in it, not in whoever makes the codes' own.
    card_language = models.CharField(
        max_length=15,
        blank=True,
        default="",
        help_text="The cards, and the ballot their QR codes open, are in this language.",
    )

    class Meta:
        verbose_name_plural = "code batches"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.size} codes for {self.organisation} ({self.reference or self.pk})"

    def print_language(self):
        """The cards' language: the one asked for, else the ballot's own."""
        return self.card_language or self.ballot.locale.language_code

    def issue(self):
        """Create this batch's codes and return them in plain text (the only time they exist)."""
        codes = set()
        while len(codes) < self.size:
            wanted = self.size - len(codes)
            candidates = {new_code() for _ in range(wanted)} - codes
            taken = set(
                BallotCode.objects.filter(
                    code_hash__in=[hash_code(c) for c in candidates]
                ).values_list("code_hash", flat=True)
            )
            codes |= {c for c in candidates if hash_code(c) not in taken}
        codes = sorted(codes)[: self.size]
        BallotCode.objects.bulk_create(
            [BallotCode(batch=self, code_hash=hash_code(c)) for c in codes], batch_size=500
        )
        return codes


class BallotCode(models.Model):
    batch = models.ForeignKey(CodeBatch, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False, editable=False)

    def __str__(self):
        return f"Code {self.pk} in {self.batch}"

    def mark_used(self):
        """Mark this code used; False when it already was (a racing request won)."""
        return bool(BallotCode.objects.filter(pk=self.pk, used=False).update(used=True))


def quota_limit(quota, promised):
    """Codes an organisation may issue for a ballot without approval.

    Staff's quota when set; otherwise ``BALLOT_CODE_QUOTA_FACTOR`` times the
    votes promised for this ballot; no promise means every batch needs approval.
    """
    if quota is not None:
        return quota
    return math.ceil((promised or 0) * settings.BALLOT_CODE_QUOTA_FACTOR)


class CodeQuota(models.Model):
    """What one organisation promised for one ballot, and how many codes it may issue.

    Promises are per ballot: a partner that brings 250 votes to one consultation
    may promise none to the next. The turnout page measures against this row.
    """

    ballot = models.ForeignKey(
        "ballot.BallotPage", on_delete=models.CASCADE, related_name="code_quotas"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="code_quotas"
    )
    promised_votes = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Votes the organisation promised to bring in for this ballot. Its turnout "
        "page shows progress against this number. Empty: no promise.",
    )
    quota = models.PositiveIntegerField(
        "code quota",
        null=True,
        blank=True,
        help_text="Codes it may make without approval. Empty: 1.2 times the promised votes.",
    )

    class Meta:
        verbose_name = "promise and code quota"
        verbose_name_plural = "promises and code quotas"
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "organisation"], name="ballot_one_quota_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} on {self.ballot}"

    @property
    def limit(self):
        return quota_limit(self.quota, self.promised_votes)
