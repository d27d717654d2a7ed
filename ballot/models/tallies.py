"""Stored counters: one row per (ballot, key), bumped in the vote's own transaction.

Keys are short strings: ``voters``, ``option:<id>``, ``route:<route>``,
``channel:<organisation id or ->``, ``age:<band>``, ``region:<region>`` and
``service:<service>``. Reading results is one query over at most a few
dozen rows, whatever the number of votes.

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
