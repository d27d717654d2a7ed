"""The recount command finds planted differences and mends them."""

import io

import pytest
from django.core.management import call_command

from ballot.models import Tally
from ballot.voting import record_vote

pytestmark = pytest.mark.django_db


def test_recount_finds_and_fixes_a_planted_discrepancy(ballot):
    options = list(ballot.options.all())
    for i in range(5):
        record_vote(ballot, options[i : i + 3], route="online")
    Tally.objects.filter(ballot=ballot, key=f"option:{options[2].pk}").update(count=99)
    Tally.objects.filter(ballot=ballot, key="voters").delete()

    dry = io.StringIO()
    call_command("recount_ballot", "--dry-run", stdout=dry)
    assert f"option:{options[2].pk} stored 99, recounted 3 (difference -96)" in dry.getvalue()
    assert "voters stored 0, recounted 5 (difference +5)" in dry.getvalue()
    assert Tally.objects.get(ballot=ballot, key=f"option:{options[2].pk}").count == 99

    out = io.StringIO()
    call_command("recount_ballot", "have-your-say", stdout=out)
    assert "2 differences corrected" in out.getvalue()
    assert Tally.objects.get(ballot=ballot, key=f"option:{options[2].pk}").count == 3
    assert Tally.objects.get(ballot=ballot, key="voters").count == 5

    again = io.StringIO()
    call_command("recount_ballot", stdout=again)
    assert "No differences" in again.getvalue()


def test_recount_agrees_with_tallies_after_ordinary_voting(ballot):
    options = list(ballot.options.all())
    record_vote(
        ballot,
        options[:3],
        route="paper",
        answers={"age_band": "18-24", "region": "london", "services": ["police", "drugs"]},
    )
    out = io.StringIO()

    call_command("recount_ballot", stdout=out)

    assert "No differences" in out.getvalue()
