"""Double keying of paper ballots.

Two different people key every paper batch. Each keying is a list of papers
in the order they lie in the bundle. When both are finished and agree paper
by paper the batch is settled and only then are votes written; when they
disagree a third person sees both side by side and chooses. Spoilt papers
(too many ticks, none, unreadable) are kept as spoilt, never dropped.
"""

from django.conf import settings
from django.db import models


class Spoilt(models.TextChoices):
    TOO_MANY = "too_many", "Too many ticks"
    TOO_FEW = "too_few", "Too few or no ticks"
    UNREADABLE = "unreadable", "Cannot be read"


class PaperKeying(models.Model):
    """One person's keying of one batch."""

    batch = models.ForeignKey("ballot.PaperBatch", on_delete=models.CASCADE, related_name="keyings")
    keyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "keyed_by"], name="ballot_one_keying_each"),
        ]

    def __str__(self):
        return f"{self.batch} keyed by {self.keyed_by}"


class KeyedPaper(models.Model):
    """One paper as one person keyed it. Option ids are stored sorted, comma-separated."""

    keying = models.ForeignKey(PaperKeying, on_delete=models.CASCADE, related_name="papers")
    position = models.PositiveIntegerField()
    spoilt = models.CharField(max_length=12, blank=True, choices=Spoilt.choices)
    options = models.CharField(max_length=200, blank=True)
    age_band = models.CharField(max_length=10, blank=True)
    region = models.CharField(max_length=20, blank=True)
    services = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["keying", "position"], name="ballot_keyed_paper_position"
            ),
        ]

    def __str__(self):
        return f"Paper {self.position} of {self.keying}"

    def reading(self):
        """What must agree between two keyings."""
        return (self.spoilt, self.options, self.age_band, self.region, self.services)

    @property
    def option_ids(self):
        return [int(pk) for pk in self.options.split(",") if pk]


class SpoiltPaper(models.Model):
    """A spoilt paper in a settled batch: counted as spoilt, not as a vote."""

    batch = models.ForeignKey(
        "ballot.PaperBatch", on_delete=models.PROTECT, related_name="spoilt_papers"
    )
    reason = models.CharField(max_length=12, choices=Spoilt.choices)

    def __str__(self):
        return f"{self.get_reason_display()} in {self.batch}"
