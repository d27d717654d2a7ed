"""bench/seed.py loads votes in bulk and adds up their tallies itself (not vote
by vote through ballot.voting). Those tallies must be the ones real votes
would have moved, or the bench measures results pages built from wrong counts.
Checked here on a few votes on the test database (SQLite in `make test`; the
COPY path runs on PostgreSQL only, in `make bench`)."""

from collections import Counter

import pytest

from ballot.models import Tally, Vote
from ballot.voting import tally_keys, week_of
from bench.seed import seed_votes
from tests.factories import BallotPageFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def recount(ballot):
    """The tallies, counted again from the stored votes and their choices."""
    counts = Counter()
    for vote in Vote.objects.filter(ballot=ballot).prefetch_related("choices"):
        options = sorted(choice.option_id for choice in vote.choices.all())
        counts.update(
            tally_keys(vote.route, vote.channel_id, options, week=week_of(vote.created_at))
        )
    return counts


@pytest.fixture
def ballot(home_page):
    OrganisationFactory.create_batch(2)
    return BallotPageFactory(parent=home_page, options=6)


def test_seeded_votes_and_their_tallies_agree(ballot):
    seeded = seed_votes(40)

    assert seeded.pk == ballot.pk
    assert Vote.objects.filter(ballot=ballot).count() == 40
    stored = dict(Tally.objects.filter(ballot=ballot).values_list("key", "count"))
    assert stored["voters"] == 40
    assert sum(stored[f"option:{pk}"] for pk in ballot.options.values_list("pk", flat=True)) == 120
    assert stored == dict(recount(ballot))


def test_seeding_again_tops_up_to_the_total(ballot):
    seed_votes(25)
    seed_votes(40)

    assert Vote.objects.filter(ballot=ballot).count() == 40
    stored = dict(Tally.objects.filter(ballot=ballot).values_list("key", "count"))
    assert stored == dict(recount(ballot))
