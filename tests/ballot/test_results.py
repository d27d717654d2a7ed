"""Results: JSON shape, visibility, stored tallies, the admin view and CSV export."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
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


def test_results_json_has_exactly_the_agreed_shape(client, ballot):
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


def test_results_only_for_women_who_voted(ballot):
    ballot.results_visibility = "voted"
    ballot.save_revision().publish()
    client = Client()

    assert client.get("/have-your-say/results.json").status_code == 403
    assert "shown to women who have voted" in client.get("/have-your-say/results/").content.decode()
    client.post("/have-your-say/", vote_data(ballot))

    assert client.get("/have-your-say/results.json").json()["total_voters"] == 1
    assert "Results so far" in client.get("/have-your-say/results/").content.decode()
    assert Client().get("/have-your-say/results.json").status_code == 403


def test_results_only_after_closing(client, ballot):
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


def test_results_cost_the_same_however_many_votes(client, ballot):
    ids = option_ids(ballot)

    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    cast(ballot, ids[:3])
    few = (queries("/have-your-say/results.json"), queries("/have-your-say/results/"))
    cast(ballot, ids[3:6], n=60)
    many = (queries("/have-your-say/results.json"), queries("/have-your-say/results/"))

    assert few == many
    assert few[0] <= 5  # one of them: the page's view restrictions (ballot/privacy.py)


def test_results_json_is_cached_briefly(client, ballot, settings):
    settings.BALLOT_RESULTS_CACHE_SECONDS = 30
    client.get("/have-your-say/results.json")

    with CaptureQueriesContext(connection) as ctx:
        client.get("/have-your-say/results.json")

    assert len(ctx.captured_queries) <= 1


def test_admin_results_with_small_groups_hidden(admin_client, ballot):
    ids = option_ids(ballot)
    big = OrganisationFactory(name="Example Big Centre")
    small = OrganisationFactory(name="Example Small Group")
    cast(ballot, ids[:3], n=12, channel=big, answers={"age_band": "25-34"})
    cast(ballot, ids[1:4], n=3, channel=small, route="paper", answers={"age_band": "65-plus"})

    html = admin_client.get(f"/admin/ballot/ballotpage/results/{ballot.pk}/").content.decode()

    assert "<strong>15</strong> women have voted" in html
    assert "Example Big Centre</td><td>12" in html
    assert "Example Small Group</td><td>fewer than 10" in html
    assert "Paper</td><td>fewer than 10" in html
    assert "Online</td><td>12" in html
    assert "65 or over</td><td>fewer than 10" in html
    assert "(top 3)" in html


def test_admin_ballot_listing_shows_voters(admin_client, ballot):
    cast(ballot, option_ids(ballot)[:3], n=2)

    response = admin_client.get("/admin/ballot/ballotpage/")

    assert response.status_code == 200
    assert "Results" in response.content.decode()


def test_csv_export_streams_every_vote(admin_client, ballot):
    ids = option_ids(ballot)
    org = OrganisationFactory(name="Example Centre")
    cast(ballot, ids[:3], n=3, channel=org, answers={"services": ["prison", "housing"]})

    response = admin_client.get(f"/admin/ballot/ballotpage/export/{ballot.pk}/")

    assert response.streaming
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("hour,route,organisation,choice 1,choice 2,choice 3")
    assert len(lines) == 4
    assert "Example Centre,Issue 1,Issue 2,Issue 3" in lines[1]
    assert "housing; prison" in lines[1]


def test_results_need_a_staff_login(client, ballot):
    response = client.get(f"/admin/ballot/ballotpage/results/{ballot.pk}/")
    export = client.get(f"/admin/ballot/ballotpage/export/{ballot.pk}/")

    assert response.status_code == 302 and export.status_code == 302
