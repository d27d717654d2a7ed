"""Results released in steps of at least K votes.

Every results view (public pages, block, results.json, campaign sections,
the thank-you page, the staff results, breakdowns, exports and turnout)
reads the *published* copy of the tallies, never the live counters. The
copy advances only when at least K new votes have arrived since the last
release, so two reads around one woman's vote show the same numbers, or
numbers at least K votes apart.

Breakdown rows (one organisation, route, age band, region, service or
week, with all their cross counts) follow the same rule row by row: at a
release, a row is copied only if it has at least K new votes since its
own last release. Rows are released only together with the overall
result, from one read of the counters, so every published row is part of
a published total.

When the ballot has closed, every count is published as it stands (the
views still hide small groups, see ``ballot.suppression``), and the vote
tables' physical row order is rewritten in the background
(``ballot.tasks.reorder_vote_rows``).

K is ``settings.BALLOT_RESULTS_THRESHOLD``.
"""

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import BigIntegerField, CharField, OuterRef, Q, Subquery, Value
from django.utils import timezone

from ballot.models.tallies import (
    PublishedTally,
    ResultsRelease,
    Tally,
    published_counts,
    tally_counts,
)
from ballot.tasks import reorder_vote_rows

OVERALL = "voters"


def threshold():
    return settings.BALLOT_RESULTS_THRESHOLD


def row_of(key):
    """The release row a key belongs to: ``voters`` for the overall result."""
    if key == OVERALL or key.startswith("option:"):
        return OVERALL
    return key.split("|", 1)[0]


def _due(live_voters, published_voters, final, closed):
    if closed:
        return not final or live_voters != published_voters
    return live_voters - published_voters >= threshold()


def _state(ballot_id):
    """Live voters, published voters and the final flag, in one query."""
    header = ResultsRelease.objects.filter(ballot_id=OuterRef("ballot_id"))
    row = (
        Tally.objects.filter(ballot_id=ballot_id, key=OVERALL)
        .annotate(
            published=Subquery(header.values("voters")[:1]),
            final=Subquery(header.values("final")[:1]),
        )
        .values_list("count", "published", "final")
        .first()
    )
    if row is None:
        return 0, 0, False
    return row[0], row[1] or 0, bool(row[2])


def published_overall(ballot):
    """The published overall result (``voters`` and ``option:*``), releasing first
    if due, in one query when nothing is due (the read path of every results view)."""
    live = Tally.objects.filter(ballot_id=ballot.pk, key=OVERALL).annotate(
        name=Value("live:voters", output_field=CharField())
    )
    final = ResultsRelease.objects.filter(ballot_id=ballot.pk, final=True).annotate(
        name=Value("final", output_field=CharField()),
        one=Value(1, output_field=BigIntegerField()),
    )
    published = PublishedTally.objects.filter(
        Q(key=OVERALL) | Q(key__startswith="option:"), ballot_id=ballot.pk
    )
    rows = dict(
        published.values_list("key", "count").union(
            live.values_list("name", "count"), final.values_list("name", "one"), all=True
        )
    )
    state = rows.pop("live:voters", 0), rows.get(OVERALL, 0), bool(rows.pop("final", 0))
    if release(ballot, state):
        return published_counts(ballot.pk, prefix="option:")
    return rows


def release(ballot, state=None):
    """Advance the published snapshot if it is due; cheap (one query) when it is not.

    Race-safe: the release happens with this ballot's ``ResultsRelease`` row
    locked, and re-checks under the lock, so two readers releasing at once
    publish one snapshot.
    """
    closed = ballot.has_closed()
    live_voters, published_voters, final = state or _state(ballot.pk)
    if not _due(live_voters, published_voters, final, closed):
        return False
    with transaction.atomic():
        header, _ = ResultsRelease.objects.select_for_update().get_or_create(ballot_id=ballot.pk)
        live = tally_counts(ballot.pk)
        if not _due(live.get(OVERALL, 0), header.voters, header.final, closed):
            return False  # another reader released first
        existing = {p.key: p for p in PublishedTally.objects.filter(ballot_id=ballot.pk)}
        groups = defaultdict(list)
        for key in live:
            groups[row_of(key)].append(key)
        changed, created = [], []
        for row, keys in groups.items():
            published_row = existing[row].count if row in existing else 0
            if not closed and live.get(row, 0) - published_row < threshold():
                continue
            for key in keys:
                if key in existing:
                    if existing[key].count != live[key]:
                        existing[key].count = live[key]
                        changed.append(existing[key])
                else:
                    created.append(PublishedTally(ballot_id=ballot.pk, key=key, count=live[key]))
        PublishedTally.objects.bulk_update(changed, ["count"], batch_size=500)
        PublishedTally.objects.bulk_create(created, batch_size=500)
        header.voters = live.get(OVERALL, 0)
        header.released_at = timezone.now()
        header.final = closed
        header.save()
        if closed:
            # The final count (or a correction of it, from paper keyed after
            # closing) is out: rewrite the rows' physical order now that no
            # online vote can follow (see ``manage.py reorder_vote_rows``).
            transaction.on_commit(reorder_vote_rows.enqueue, robust=True)
    return True
