"""A partner's turnout: votes by route and week against the votes promised, small groups hidden.

Turnout comes from the published snapshot (it moves in steps of K) and goes
through the same suppression as every breakdown: a small route is withheld
together with another, and running totals never give a week by subtraction.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from ballot.breakdowns import option_tables, snapshot
from ballot.voting import record_vote
from tests.factories import OrganisationFactory, partner_user, promise

pytestmark = pytest.mark.django_db


def turnout(org, ballot):
    client = Client()
    client.force_login(partner_user(org))
    response = client.get(f"/admin/ballot/turnout/{org.pk}/")
    assert response.status_code == 200
    return response.content.decode()


@override_settings(BALLOT_RESULTS_THRESHOLD=5)
def test_small_groups_are_hidden(ballot):
    org = OrganisationFactory()
    promise(org, ballot, 100)
    options = list(ballot.options.all()[:3])
    for _ in range(3):
        record_vote(ballot, options, route="paper", channel=org)

    html = turnout(org, ballot)

    assert "Figures will appear once at least 5 women have voted through" in html
    assert "<strong>3 votes" not in html
    assert "Paper: 3" not in html


def test_a_small_route_cannot_be_found_by_subtraction(ballot):
    """Issue 10: Online 0, Code 11, Paper "fewer than 10", total 14 gave paper = 3."""
    org = OrganisationFactory()
    promise(org, ballot, 100)
    others = [OrganisationFactory() for _ in range(3)]
    options = list(ballot.options.all()[:3])
    for route, n in (("code", 11), ("paper", 3)):
        for _ in range(n):
            record_vote(ballot, options, route=route, channel=org)
    for i, other in enumerate(others):
        for _ in range(20 + i):
            record_vote(ballot, options, route="online", channel=other)

    html = turnout(org, ballot)

    assert "Paper: withheld" in html
    assert "Online: 0" in html
    # Withholding the code route here is not enough: the staff route table
    # showed 11 code voters, and the other organisations' code votes are shown
    # (0), so the code route was 11 whatever this page said, and 14 - 11 = 3
    # (issue 10, joint suppression). Now the total or the code route, and the
    # route table's code voters with it, are withheld.
    routes = next(t for t in option_tables(snapshot(ballot)) if t.key == "route")
    code_voters = dict(routes.rows)["One-time code"][0]
    code_known = "One-time code: 11" in html or code_voters == "11"
    assert not (code_known and "<strong>14 votes</strong>" in html)


def _vote_in_week(monkeypatch, ballot, org, when, n):
    options = list(ballot.options.all()[:3])
    monkeypatch.setattr(timezone, "now", lambda: when)
    for _ in range(n):
        record_vote(ballot, options, route="online", channel=org)
    monkeypatch.undo()


def test_running_totals_do_not_give_a_week_by_subtraction(ballot, monkeypatch):
    org = OrganisationFactory()
    promise(org, ballot, 100)
    monday = datetime(2026, 11, 2, 10, tzinfo=UTC)
    for week, n in enumerate([12, 3, 15, 11]):
        _vote_in_week(monkeypatch, ballot, org, monday + timedelta(weeks=week), n)

    html = turnout(org, ballot)
    rows = re.findall(
        r'<tr><th scope="row">([\d-]+)</th><td>([^<]+)</td><td>([^<]+)</td></tr>', html
    )

    assert [week for week, _, _ in rows] == ["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]
    counts = {week: count for week, count, _ in rows}
    assert counts["2026-11-09"] == "withheld"
    hidden_weeks = [week for week, count, _ in rows if count == "withheld"]
    assert len(hidden_weeks) >= 2  # the small week and one more, so the total cannot give it
    # Two running totals would give the weeks between them: with a week
    # withheld, only the total is shown.
    assert [total for _, _, total in rows] == ["withheld", "withheld", "withheld", "41"]


def test_running_totals_show_when_every_week_does(ballot, monkeypatch):
    org = OrganisationFactory()
    promise(org, ballot, 100)
    monday = datetime(2026, 11, 2, 10, tzinfo=UTC)
    for week, n in enumerate([12, 15]):
        _vote_in_week(monkeypatch, ballot, org, monday + timedelta(weeks=week), n)
    for other in [OrganisationFactory() for _ in range(2)]:
        _vote_in_week(monkeypatch, ballot, other, monday, 20)

    html = turnout(org, ballot)

    assert '<th scope="row">2026-11-02</th><td>12</td><td>12</td>' in html
    assert '<th scope="row">2026-11-09</th><td>15</td><td>27</td>' in html


@override_settings(BALLOT_RESULTS_THRESHOLD=5)
def test_turnout_moves_with_votes_against_the_promise(ballot):
    org = OrganisationFactory()
    promise(org, ballot, 20)
    others = [OrganisationFactory() for _ in range(2)]
    options = list(ballot.options.all()[:3])
    for _ in range(6):
        record_vote(ballot, options, route="code", channel=org)
    for other in others:
        for _ in range(7):
            record_vote(ballot, options, route="online", channel=other)

    html = turnout(org, ballot)

    assert "<strong>6 votes</strong> of the 20 promised" in html
    assert "30% of the promise" in html
    assert "One-time code: 6" in html
    assert "Online: 0" in html  # the other organisations' votes are not theirs
    assert "updated after every 5 votes" in html


def test_partner_gets_a_printable_ballot_and_their_referral_link(ballot):
    org = OrganisationFactory(slug="example-womens-centre-york")

    html = turnout(org, ballot)

    assert f'href="{ballot.url}paper/"' in html
    assert "Open the paper ballot to print copies" in html
    assert f"{ballot.url}?via=example-womens-centre-york</code>" in html
