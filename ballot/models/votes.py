"""Anonymous votes.

A vote has no name, email, IP address or user agent, and nothing links it
to a code or a form token: those live in their own tables. Its time is
kept only to the hour, so a vote cannot be matched to a visit log or to
the moment a woman was seen at a kiosk.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from network.models import Organisation


class Route(models.TextChoices):
    ONLINE = "online", "Online"
    CODE = "code", "One-time code"
    PAPER = "paper", "Paper"


AGE_BANDS = [
    ("under-18", "Under 18"),
    ("18-24", "18 to 24"),
    ("25-34", "25 to 34"),
    ("35-44", "35 to 44"),
    ("45-54", "45 to 54"),
    ("55-64", "55 to 64"),
    ("65-plus", "65 or over"),
]
REGIONS = [
    (value, label)
    for value, label in Organisation.Region.choices
    if value != Organisation.Region.NATIONAL
]
SERVICES = [
    ("prison", "Prison"),
    ("hospital", "Hospital"),
    ("police", "Police"),
    ("housing", "Housing"),
    ("social", "Social services"),
    ("drugs", "Drugs and alcohol services"),
]


def vote_time():
    """Now, truncated to the hour (less precise times make re-identification harder)."""
    return timezone.now().replace(minute=0, second=0, microsecond=0)


class Vote(models.Model):
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
        indexes = [models.Index(fields=["ballot", "route"])]

    def __str__(self):
        return f"Vote {self.pk} ({self.get_route_display()})"

    @property
    def service_list(self):
        return [s for s in self.services.split(",") if s]


class VoteChoice(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="choices")
    # PROTECT: an option someone chose can never be deleted, only hidden.
    option = models.ForeignKey(
        "ballot.BallotOption", on_delete=models.PROTECT, related_name="vote_choices"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote", "option"], name="ballot_choice_once_per_vote"),
        ]

    def __str__(self):
        return f"{self.vote_id}: {self.option_id}"


class SubmissionToken(models.Model):
    """The hash of each accepted form's one-time token: a double-clicked submit
    hits the unique constraint and is answered with the same thank-you."""

    token_hash = models.CharField(max_length=64, unique=True)

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


class PaperEntry(models.Model):
    """Who keyed a paper ballot and when (staff, not the voter)."""

    vote = models.OneToOneField(Vote, on_delete=models.CASCADE, related_name="paper_entry")
    batch = models.ForeignKey(PaperBatch, on_delete=models.PROTECT, related_name="entries")
    keyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    keyed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "paper entries"

    def __str__(self):
        return f"Paper {self.pk} in {self.batch}"
