"""Results from stored tallies: one small query, whatever the number of votes."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from ballot.models.tallies import tally_counts


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
    counts = tally_counts(ballot.pk, prefix="option:")
    total = counts.get("voters", 0)
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
        total_voters=total,
        target=ballot.target,
        options=rank_options(rows, ballot.choices_required),
        updated_at=timezone.now(),
    )


def ballot_results(ballot):
    """Public results, cached for a few seconds so many readers cost little."""
    seconds = getattr(settings, "BALLOT_RESULTS_CACHE_SECONDS", 3)
    if seconds <= 0:
        return compute_results(ballot)
    key = f"ballot:results:{ballot.pk}"
    results = cache.get(key)
    if results is None:
        results = compute_results(ballot)
        cache.set(key, results, seconds)
    return results
