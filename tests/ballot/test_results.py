"""Results: JSON shape, visibility, stored tallies, the admin view and CSV export.

Results are the published snapshot (tests/ballot/test_release.py): tests
that look at exact figures from a few votes lower K to the number they cast.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ballot.voting import record_vote
from tests.ballot.conftest import option_ids, vote_data
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def cast(ballot, picks, n=1, **kwargs):
    options = {str(o.pk): o for o in ballot.options.all()}
    route = kwargs.pop("route", "online")
    for _ in range(n):
        record_vote(ballot, [options[p] for p in picks], route=route, **kwargs)


def test_results_json_has_exactly_the_agreed_shape(client, ballot, settings):
    settings.BALLOT_RESULTS_THRESHOLD = 3  # the three votes below are one release
    ids = option_ids(ballot)
    cast(ballot, ids[:3], n=2)
    cast(ballot, [ids[0], ids[3], ids[4]])

    data = client.get("/have-your-say/results.json").json()

    assert set(data) == {
        "ballot",
        "question",
        "open",
        "choices_required",
        "total_voters",
        "target",
        "options",
        "updated_at",
    }
    assert data["ballot"] == "have-your-say"
    assert data["open"] is True
    assert data["choices_required"] == 3
    assert data["total_voters"] == 3
    assert data["target"] == 5000
    assert all(set(o) == {"id", "title", "votes", "share", "rank"} for o in data["options"])
    first = data["options"][0]
    assert (first["id"], first["votes"], first["share"], first["rank"]) == (int(ids[0]), 3, 1.0, 1)
    second = data["options"][1]
    assert (second["votes"], second["share"], second["rank"]) == (2, round(2 / 3, 4), 2)
    assert data["options"][2]["rank"] == 2  # a tie shares its rank
    ranks = [o["rank"] for o in data["options"]]
    assert ranks == sorted(ranks)
    timezone.datetime.fromisoformat(data["updated_at"])


def test_results_json_for_an_unknown_path_is_404(client, ballot):
    assert client.get("/no-such-ballot/results.json").status_code == 404


def test_results_only_for_women_who_voted(ballot, settings):
    settings.BALLOT_RESULTS_THRESHOLD = 1  # one vote is a release here
    ballot.results_visibility = "voted"
    ballot.save_revision().publish()
    client = Client()

    assert client.get("/have-your-say/results.json").status_code == 403
    assert "shown to women who have voted" in client.get("/have-your-say/results/").content.decode()
    thanks = client.post("/have-your-say/", vote_data(ballot))["Location"]

    # Changed for issue 10: no long-lived "has voted" cookie; the thank-you
    # link's token (good for an hour) is what shows her the results.
    token = thanks.split("v=")[1].split("&")[0]
    assert client.get(f"/have-your-say/results.json?v={token}").json()["total_voters"] == 1
    assert "Results so far" in client.get(f"/have-your-say/results/?v={token}").content.decode()
    assert client.get("/have-your-say/results.json").status_code == 403
    assert Client().get("/have-your-say/results.json").status_code == 403


def test_results_only_after_closing(client, ballot, settings):
    settings.BALLOT_RESULTS_THRESHOLD = 1  # one vote is a release here
    ballot.results_visibility = "closed"
    ballot.save_revision().publish()
    client.post("/have-your-say/", vote_data(ballot))

    assert client.get("/have-your-say/results.json").status_code == 403
    thanks = client.get("/have-your-say/thanks/").content.decode()
    assert "The results will be shown when the ballot closes" in thanks

    ballot.closes_at = timezone.now() - timedelta(minutes=1)
    ballot.opens_at = timezone.now() - timedelta(days=3)
    ballot.save_revision().publish()
    data = client.get("/have-your-say/results.json").json()
    assert data["open"] is False and data["total_voters"] == 1


@pytest.mark.parametrize(
    ("url", "ceiling"),
    # results.json: one query is the page's view restrictions (ballot/privacy.py);
    # two find the language's home and the counting ballot (issue 12: a
    # translation's results are its source ballot's).
    [("/have-your-say/results.json", 7), ("/have-your-say/results/", 30)],
)
def test_results_cost_the_same_however_many_votes(
    client, ballot, url, ceiling, django_assert_max_num_queries, django_assert_num_queries
):
    ids = option_ids(ballot)
    cast(ballot, ids[:3])
    client.get(url)
    with django_assert_max_num_queries(ceiling) as one_vote:
        assert client.get(url).status_code == 200
    few = len(one_vote)  # read at once: the next request empties Django's query log

    cast(ballot, ids[3:6], n=60)
    client.get(url)
    with django_assert_num_queries(few):
        assert client.get(url).status_code == 200


def test_results_json_is_cached_briefly(client, ballot, settings, django_assert_max_num_queries):
    settings.BALLOT_RESULTS_CACHE_SECONDS = 30
    first = client.get("/have-your-say/results.json")

    with django_assert_max_num_queries(1):
        again = client.get("/have-your-say/results.json")

    assert again.json() == first.json()


def test_admin_results_with_small_groups_hidden(admin_client, ballot):
    ids = option_ids(ballot)
    big = OrganisationFactory(name="Example Big Centre")
    middle = OrganisationFactory(name="Example Middle Centre")
    small = OrganisationFactory(name="Example Small Group")
    cast(ballot, ids[:3], n=25, channel=big, answers={"age_band": "25-34"})
    cast(ballot, ids[2:5], n=14, channel=middle, route="code", answers={"age_band": "35-44"})
    cast(ballot, ids[1:4], n=3, channel=small, route="paper", answers={"age_band": "65-plus"})
    fourth = OrganisationFactory(name="Example Fourth Centre")
    cast(ballot, ids[3:6], n=30, channel=fourth, answers={"age_band": "45-54"})

    html = admin_client.get(f"/admin/ballot/ballotpage/results/{ballot.pk}/").content.decode()
    breakdowns = html.split("<h2>Breakdowns</h2>")[1].split("Kiosk link")[0]

    assert "<strong>72</strong> women have voted" in html
    # The organisation rows are suppressed together with the turnout tables
    # (their totals are the same numbers), which withholds more than needed.
    assert '<th scope="row">Example Big Centre</th>' in breakdowns
    # The small group's row waits for K votes of its own; its 3 votes are in
    # the last row, withheld, and so is the middle row (else 42 - 25 - 14 = 3).
    assert "Example Small Group" not in breakdowns
    assert '<th scope="row">Example Middle Centre</th><td>withheld</td>' in breakdowns
    assert "waiting for 10 new votes in their row</th><td>withheld</td>" in html
    assert '<th scope="row">Online</th><td>55</td>' in html
    assert '<th scope="row">One-time code</th><td>withheld</td>' in html
    assert '<th scope="row">25 to 34</th><td>25</td>' in html
    assert '<th scope="row">35 to 44</th><td>withheld</td>' in html
    assert ">3<" not in breakdowns
    assert "(top 3)" in html
    assert "Updated after every 10 votes" in html


def voters_cell(html):
    """The text of the ballot listing's "voters" cell (one ballot listed)."""
    import re

    cells = re.findall(r'<td class="[^"]*field-voters[^"]*"[^>]*>(.*?)</td>', html, re.S)
    assert len(cells) == 1, cells
    return re.sub(r"<[^>]+>", "", cells[0]).strip()


def test_admin_ballot_listing_shows_the_published_voter_count(admin_client, ballot, settings):
    from ballot.release import release

    settings.BALLOT_RESULTS_THRESHOLD = 3
    ids = option_ids(ballot)
    cast(ballot, ids[:3], n=2)
    release(ballot)
    # Fewer than K votes: nothing is published, so the listing shows no count.
    assert voters_cell(admin_client.get("/admin/ballot/ballotpage/").content.decode()) == "0"

    cast(ballot, ids[:3], n=2)
    release(ballot)  # 4 votes: published
    cast(ballot, ids[3:6])  # a fifth, waiting for the next release

    response = admin_client.get("/admin/ballot/ballotpage/")
    assert response.status_code == 200
    assert voters_cell(response.content.decode()) == "4"  # the published count, not the live 5


def test_csv_export_is_tables_of_counts(admin_client, ballot):
    ids = option_ids(ballot)
    org = OrganisationFactory(name="Example Centre")
    cast(ballot, ids[:3], n=30, channel=org, answers={"services": ["prison", "housing"]})

    response = admin_client.get(f"/admin/ballot/ballotpage/export/{ballot.pk}/")

    assert response.streaming
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == f"Have your say: {ballot.question}"
    assert "Options,Votes,Share of voters" in lines
    assert "Issue 1,30,100%" in lines
    assert any(line.startswith("Organisation,Voters,Issue 1,Issue 2,Issue 3") for line in lines)
    assert "Example Centre,30,30,30,30,0,0,0,0,0,0,0" in lines
    assert "Prison,30,30,30,30,0,0,0,0,0,0,0" in lines
    assert len(lines) < 40  # tables, not 30 rows of votes


def test_results_need_a_staff_login(client, ballot):
    response = client.get(f"/admin/ballot/ballotpage/results/{ballot.pk}/")
    export = client.get(f"/admin/ballot/ballotpage/export/{ballot.pk}/")

    assert response.status_code == 302 and export.status_code == 302
