"""Counts of shared experiences per issue and service, under the small-number rule.

Staff see how many experiences each issue and service brought in, but never a
number about fewer than K people (K = BALLOT_RESULTS_THRESHOLD, the ballot's
rule): such cells show "withheld", and so do enough other cells that no hidden
one can be worked out from the totals (``ballot.suppression.suppress``, the
same complementary suppression as every ballot breakdown). Experiences are
not anonymous in the same way as votes (some carry names), but a count of two
women from one prison who wrote about male staff could still point at them.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count

from ballot.suppression import TOTAL, WITHHELD, Grid, suppress

from .models import ISSUE_CHOICES, Experience, Setting


@dataclass
class CountsTable:
    columns: list
    rows: list  # (label, [cells], total)
    total_row: list
    grand_total: str
    threshold: int


def experience_grid(queryset=None):
    queryset = Experience.objects.all() if queryset is None else queryset
    rows = [key for key, _ in ISSUE_CHOICES]
    cols = [key for key, _ in Setting.choices]
    values = {}
    for item in queryset.values("issue", "setting").annotate(n=Count("pk")).order_by():
        cell = (item["issue"], item["setting"])
        if cell[0] in rows and cell[1] in cols:
            values[cell] = item["n"]
    for r in rows:
        values[(r, TOTAL)] = sum(values.get((r, c), 0) for c in cols)
    for c in cols:
        values[(TOTAL, c)] = sum(values.get((r, c), 0) for r in rows)
    values[(TOTAL, TOTAL)] = sum(values[(r, TOTAL)] for r in rows)
    return Grid(rows=rows, cols=cols, values=values)


def counts_table(queryset=None, k=None):
    k = settings.BALLOT_RESULTS_THRESHOLD if k is None else k
    grid = experience_grid(queryset)
    hidden = suppress(grid, k)

    def show(cell):
        return WITHHELD if cell in hidden else f"{grid.value(cell):,}"

    labels = dict(ISSUE_CHOICES)
    return CountsTable(
        columns=[label for _, label in Setting.choices],
        rows=[(labels[r], [show((r, c)) for c in grid.cols], show((r, TOTAL))) for r in grid.rows],
        total_row=[show((TOTAL, c)) for c in grid.cols],
        grand_total=show((TOTAL, TOTAL)),
        threshold=k,
    )
