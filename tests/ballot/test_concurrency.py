"""Many women voting at once: every accepted vote counted exactly once, never a 500.

Real threads, real connections, committed transactions (transactional
tests), so row locks and constraints do the work, as in production.
"""

import contextlib
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.db.models import Count
from django.test import Client, override_settings
from wagtail.models import Page, Site

from ballot.models import BallotCode, CodeBatch, Tally, Vote, VoteChoice
from tests.factories import BallotPageFactory, HomePageFactory, OrganisationFactory

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL concurrency (runs in CI on PG)"
)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite burst")


@pytest.fixture
def live_ballot(wagtail_roots):
    Page.objects.filter(depth=2, content_type__model="page").delete()
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="home", title="Home")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    return BallotPageFactory(parent=home, slug="have-your-say")


def post_all(bodies, threads):
    """Post each body from its own client, ``threads`` at a time; return the responses."""
    start = threading.Barrier(min(threads, len(bodies)))

    def post(body):
        try:
            with contextlib.suppress(threading.BrokenBarrierError):
                start.wait(timeout=10)
            response = Client().post("/have-your-say/", body)
            return response.status_code, response.content.decode()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(post, bodies))


def body(ballot, index, **extra):
    ids = list(ballot.options.values_list("pk", flat=True))
    picks = [ids[index % 10], ids[(index + 3) % 10], ids[(index + 7) % 10]]
    return {"options": [str(p) for p in picks], "form_token": secrets.token_urlsafe(24), **extra}


def assert_tallies_match_votes(ballot):
    tallies = dict(Tally.objects.filter(ballot=ballot).values_list("key", "count"))
    assert tallies.get("voters", 0) == Vote.objects.filter(ballot=ballot).count()
    per_option = dict(
        VoteChoice.objects.values_list("option_id").annotate(n=Count("pk")).order_by()
    )
    for option_id, n in per_option.items():
        assert tallies[f"option:{option_id}"] == n


@on_postgres
@pytest.mark.postgres
@override_settings(BALLOT_IP_LIMIT=0)
def test_200_votes_from_50_threads(live_ballot):
    replies = post_all([body(live_ballot, i) for i in range(200)], threads=50)

    accepted = [status for status, _ in replies if status == 303]
    assert len(accepted) == 200
    assert Vote.objects.count() == 200
    assert Tally.objects.get(key="voters").count == 200
    option_tallies = Tally.objects.filter(key__startswith="option:")
    assert sum(option_tallies.values_list("count", flat=True)) == 600
    assert_tallies_match_votes(live_ballot)


@on_postgres
@pytest.mark.postgres
@override_settings(BALLOT_IP_LIMIT=0)
def test_20_threads_racing_for_one_code_give_one_vote(live_ballot):
    batch = CodeBatch.objects.create(ballot=live_ballot, organisation=OrganisationFactory(), size=1)
    (code,) = batch.issue()

    replies = post_all([body(live_ballot, i, code=code) for i in range(20)], threads=20)

    statuses = [status for status, _ in replies]
    assert statuses.count(303) == 1
    assert statuses.count(200) == 19
    assert all(
        "This code has already been used" in html for status, html in replies if status == 200
    )
    assert BallotCode.objects.filter(used=True).count() == 1
    assert Vote.objects.count() == 1
    assert Tally.objects.get(key="voters").count == 1
    assert Tally.objects.get(key="route:code").count == 1
    assert_tallies_match_votes(live_ballot)


@on_sqlite
@override_settings(BALLOT_IP_LIMIT=0)
def test_sqlite_burst_of_50_votes_from_10_threads(live_ballot):
    replies = post_all([body(live_ballot, i) for i in range(50)], threads=10)

    assert [status for status, _ in replies] == [303] * 50
    assert not any("database is locked" in html for _, html in replies)
    assert Vote.objects.count() == 50
    assert Tally.objects.get(key="voters").count == 50
    assert_tallies_match_votes(live_ballot)


@override_settings(BALLOT_IP_LIMIT=0)
def test_double_click_race_stores_one_vote(live_ballot):
    same = body(live_ballot, 1)

    replies = post_all([same] * 6, threads=6)

    assert [status for status, _ in replies] == [303] * 6
    assert Vote.objects.count() == 1
    assert_tallies_match_votes(live_ballot)
