"""Stored counters: one row per (ballot, key), bumped in the vote's own transaction.

Keys are short strings: ``voters`` and ``option:<id>`` (the overall
result); breakdown rows ``route:<route>``, ``channel:<organisation id or ->``,
``age:<band>``, ``region:<region>``, ``service:<service>`` and
``week:<Monday>``; each row's cross counts ``<row>|option:<id>``; and an
organisation's ``channel:<id>|route:<route>`` and ``channel:<id>|week:<Monday>``
for its turnout. Reading results is one query over a few hundred rows at
most, whatever the number of votes.

Nobody reads these live counters except ``ballot.release``: what pages,
exports and the admin show is the published copy (``PublishedTally``), which
moves only in steps of at least K votes (see ``ballot/release.py``).

Rows are bumped in sorted key order, so two votes always take their row
locks in the same order and can never deadlock each other.
"""

from django.db import models
from django.db.models import F


class Tally(models.Model):
    ballot = models.ForeignKey("ballot.BallotPage", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=80)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "key"], name="ballot_tally_unique_key"),
        ]

    def __str__(self):
        return f"{self.key}: {self.count}"


def bump_tallies(ballot_id, keys):
    """Add one to each key's counter; call inside the vote's transaction."""
    for key in sorted(set(keys)):
        rows = Tally.objects.filter(ballot_id=ballot_id, key=key)
        if not rows.update(count=F("count") + 1):
            # First vote with this key: create the row (safe against a racing
            # creator: get_or_create retries the read after an IntegrityError).
            Tally.objects.get_or_create(ballot_id=ballot_id, key=key)
            rows.update(count=F("count") + 1)


def tally_counts(ballot_id, prefix=None):
    rows = Tally.objects.filter(ballot_id=ballot_id)
    if prefix:
        rows = rows.filter(models.Q(key="voters") | models.Q(key__startswith=prefix))
    return dict(rows.values_list("key", "count"))


class ResultsRelease(models.Model):
    """One row per ballot: how many voters the published results describe.

    It is also the lock that makes releasing race-safe: a release locks this
    row (``select_for_update``; SQLite's IMMEDIATE transactions serialise
    writers anyway), so two readers releasing at once give one snapshot.
    """

    ballot = models.OneToOneField(
        "ballot.BallotPage", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    voters = models.BigIntegerField(default=0)
    released_at = models.DateTimeField(null=True, blank=True)
    final = models.BooleanField(
        default=False, help_text="Published after the ballot closed: every count as it stands."
    )

    def __str__(self):
        return f"{self.voters} voters published"


class PublishedTally(models.Model):
    """The published copy of a tally key: what every results view and export reads."""

    ballot = models.ForeignKey("ballot.BallotPage", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=80)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "key"], name="ballot_published_unique_key"),
        ]

    def __str__(self):
        return f"{self.key}: {self.count} (published)"


def published_counts(ballot_id, prefix=None):
    rows = PublishedTally.objects.filter(ballot_id=ballot_id)
    if prefix:
        rows = rows.filter(models.Q(key="voters") | models.Q(key__startswith=prefix))
    return dict(rows.values_list("key", "count"))
