"""Anonymous votes.

A vote has no name, email, IP address or user agent, and no column refers
to a code, a form token or a paper batch. Its id and its choices' ids are
random UUIDs, so sorting them says nothing about the order votes came in,
and its time is kept only to the hour. A used code records only that it is
used (``BallotCode.used``), a form token only its hash (the hash is the
key), and a settled paper batch only how many votes it gave.

What the application cannot hide: the database's own physical order of
rows (SQLite's rowid, PostgreSQL's row positions and transaction ids) still
follows insertion. Someone holding a raw copy of the database files can use
it; nothing in the site, its admin or its exports does.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.models import Organisation


class Route(models.TextChoices):
    ONLINE = "online", "Online"
    CODE = "code", "One-time code"
    PAPER = "paper", "Paper"


AGE_BANDS = [
    ("under-18", _("Under 18")),
    ("18-24", _("18 to 24")),
    ("25-34", _("25 to 34")),
    ("35-44", _("35 to 44")),
    ("45-54", _("45 to 54")),
    ("55-64", _("55 to 64")),
    ("65-plus", _("65 or over")),
]
REGIONS = [
    (value, label)
    for value, label in Organisation.Region.choices
    if value != Organisation.Region.NATIONAL
]
SERVICES = [
    ("prison", _("Prison")),
    ("hospital", _("Hospital")),
    ("police", _("Police")),
    ("housing", _("Housing")),
    ("social", _("Social services")),
    ("drugs", _("Drugs and alcohol services")),
]


def vote_time():
    """Now, truncated to the hour (less precise times make re-identification harder)."""
    return timezone.now().replace(minute=0, second=0, microsecond=0)


class Vote(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey("ballot.BallotPage", on_delete=models.CASCADE, related_name="votes")
    created_at = models.DateTimeField(default=vote_time, help_text="To the hour only.")
    route = models.CharField(max_length=10, choices=Route.choices)
    channel = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ballot_votes",
        help_text="The organisation that brought the vote (referral link, code or paper batch).",
    )
    age_band = models.CharField(max_length=10, blank=True, choices=AGE_BANDS)
    region = models.CharField(max_length=20, blank=True, choices=REGIONS)
    # Comma-separated service codes from SERVICES, sorted; empty when skipped.
    services = models.CharField(max_length=100, blank=True)

    class Meta:
        indexes = [models.Index(fields=["ballot", "route"], name="ballot_vote_ballot_route")]

    def __str__(self):
        return f"Vote ({self.get_route_display()})"

    @property
    def service_list(self):
        return [s for s in self.services.split(",") if s]


class VoteChoice(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="choices")
    # PROTECT: an option someone chose can never be deleted, only hidden.
    option = models.ForeignKey(
        "ballot.BallotOption", on_delete=models.PROTECT, related_name="vote_choices"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote", "option"], name="ballot_vote_option_once"),
        ]

    def __str__(self):
        return f"Choice of {self.option_id}"


class SubmissionToken(models.Model):
    """The hash of each accepted form's one-time token: a double-clicked submit
    hits the primary key and is answered with the same thank-you. The hash is
    the key, so there is no counting id to line up with votes."""

    token_hash = models.CharField(max_length=64, primary_key=True)

    def __str__(self):
        return self.token_hash[:12]


class PaperBatch(models.Model):
    """A bundle of paper ballots from one organisation, keyed in by staff."""

    ballot = models.ForeignKey(
        "ballot.BallotPage", on_delete=models.CASCADE, related_name="paper_batches"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="paper_batches"
    )
    reference = models.CharField(
        max_length=100, help_text="As written on the envelope or box, e.g. 'Leeds March 2'."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    settled_at = models.DateTimeField(
        null=True, blank=True, help_text="When two keyings agreed (or a third person settled them)."
    )
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A count, not a link to each vote: nothing says which votes a batch gave.
    votes_counted = models.PositiveIntegerField(
        default=0, editable=False, help_text="Votes written when the batch was settled."
    )
    received_on = models.DateField(
        "papers received on",
        null=True,
        blank=True,
        help_text="When the papers reached Wish. Filled in as today while the ballot is open; "
        "after it closes, only staff can record it, and it cannot be after the closing date.",
    )

    class Meta:
        verbose_name_plural = "paper batches"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.organisation}: {self.reference}"

    def save(self, *args, **kwargs):
        # A batch made while the ballot is open holds papers in hand today. After
        # closing nothing is assumed: staff must record the date.
        if self._state.adding and self.received_on is None and not self.ballot.has_closed():
            self.received_on = timezone.localdate()
        super().save(*args, **kwargs)

    def closed_refusal(self):
        """Why the papers of this batch cannot count (the ballot closed before they
        were received, or no one recorded when), in plain words, or ""."""
        ballot = self.ballot
        if not ballot.has_closed():
            return ""
        closed_on = timezone.localdate(ballot.closes_at)
        if self.received_on is None:
            return (
                f"This ballot closed on {closed_on:%-d %B %Y}. Papers count only if they "
                "arrived before it closed: a consultation manager must record the date "
                "this batch was received."
            )
        if self.received_on > closed_on:
            return (
                f"These papers were received on {self.received_on:%-d %B %Y}, after the "
                f"ballot closed on {closed_on:%-d %B %Y}, so they cannot be counted."
            )
        return ""
