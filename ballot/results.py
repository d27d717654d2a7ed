"""Results from the published snapshot: a few small queries, whatever the number of votes.

What is shown is the snapshot ``ballot.release`` publishes in steps of at
least K votes, never the live tallies; the cache holds that snapshot too.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from ballot.release import published_overall, threshold


@dataclass
class OptionResult:
    id: int
    title: str
    votes: int
    share: float
    rank: int = 0
    top: bool = False
    hidden: bool = False

    @property
    def percent(self):
        return round(self.share * 100)


@dataclass
class Results:
    ballot_slug: str
    question: str
    is_open: bool
    choices_required: int
    total_voters: int
    target: int
    options: list = field(default_factory=list)
    updated_at: object = None
    threshold: int = 10

    @property
    def withheld(self):
        """Fewer than K women in the published count: nothing is shown."""
        return self.total_voters < self.threshold

    @property
    def progress_percent(self):
        if not self.target:
            return 0
        return min(100, round(self.total_voters * 100 / self.target))

    def as_json(self):
        return {
            "ballot": self.ballot_slug,
            "question": self.question,
            "open": self.is_open,
            "choices_required": self.choices_required,
            "total_voters": self.total_voters,
            "target": self.target,
            "options": [
                {
                    "id": o.id,
                    "title": o.title,
                    "votes": o.votes,
                    "share": o.share,
                    "rank": o.rank,
                }
                for o in self.options
            ],
            "updated_at": self.updated_at.isoformat(),
        }


def rank_options(rows, choices_required):
    """Sort by votes (ties keep ballot order) and give competition ranks (1, 2, 2, 4)."""
    rows = sorted(rows, key=lambda r: -r.votes)
    previous = None
    for position, row in enumerate(rows, start=1):
        row.rank = previous.rank if previous and previous.votes == row.votes else position
        row.top = row.rank <= choices_required and row.votes > 0
        previous = row
    return rows


def compute_results(ballot, include_hidden=False):
    """The published results (releasing a new snapshot first if one is due).

    Until K women are in the published count every figure is withheld: the
    total and each option read 0, and pages say when results will appear.
    """
    limit = threshold()
    counts = published_overall(ballot)
    total = counts.get("voters", 0)
    if total < limit:
        counts = {}
    options = ballot.options.all() if include_hidden else ballot.options.filter(hidden=False)
    rows = [
        OptionResult(
            id=o.pk,
            title=o.title,
            votes=counts.get(f"option:{o.pk}", 0),
            share=round(counts.get(f"option:{o.pk}", 0) / total, 4) if total else 0.0,
            hidden=o.hidden,
        )
        for o in options.order_by("sort_order")
    ]
    return Results(
        ballot_slug=ballot.slug,
        question=ballot.question,
        is_open=ballot.is_open(),
        choices_required=ballot.choices_required,
        total_voters=total if total >= limit else 0,
        target=ballot.target,
        options=rank_options(rows, ballot.choices_required),
        updated_at=timezone.now(),
        threshold=limit,
    )


def ballot_results(ballot):
    """Public results, cached for a few seconds so many readers cost little.

    The one cache of results: every public view (pages, blocks, results.json,
    campaign sections) comes through here, and what it keeps is the snapshot.
    """
    seconds = settings.BALLOT_RESULTS_CACHE_SECONDS
    if seconds <= 0:
        return compute_results(ballot)
    key = f"ballot:results:{ballot.pk}"
    results = cache.get(key)
    if results is None:
        results = compute_results(ballot)
        cache.set(key, results, seconds)
    return results
