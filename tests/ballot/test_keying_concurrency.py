"""One keyer, several windows (or a double click): parallel saves never answer 500.

Real threads and connections on committed transactions, as in production:
eight saves of the next paper from one keyer arrive at once. Before the fix
four of them hit the unique (keying, position) constraint and answered 500.
"""

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client
from wagtail.models import Page, Site

from ballot.models import KeyedPaper, PaperBatch
from tests.factories import BallotPageFactory, HomePageFactory, OrganisationFactory, partner_user

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL concurrency (runs in CI on PG)"
)


@pytest.fixture
def live_batch(wagtail_roots):
    Page.objects.filter(depth=2, content_type__model="page").delete()
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="home", title="Home")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    ballot = BallotPageFactory(parent=home, slug="have-your-say")
    org = OrganisationFactory(name="Ours", slug="ours")
    return PaperBatch.objects.create(ballot=ballot, organisation=org, reference="box 1")


def save_all(user, url, bodies):
    """Post each body at once from its own client signed in as ``user``."""
    start = threading.Barrier(len(bodies))

    def post(body):
        try:
            client = Client(raise_request_exception=False)
            client.force_login(user)
            with contextlib.suppress(threading.BrokenBarrierError):
                start.wait(timeout=10)
            response = client.post(url, body)
            messages = [str(m) for m in getattr(response.wsgi_request, "_messages", [])]
            return response.status_code, messages
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return list(pool.map(post, bodies))


def numbers(i):
    return f"{1 + i % 8} {2 + i % 8} {3 + i % 8}"


@on_postgres
@pytest.mark.postgres
def test_8_parallel_different_papers_from_one_keyer_all_saved(live_batch):
    user = partner_user(live_batch.organisation, username="keyer")
    url = f"/admin/ballot/paperbatch/enter/{live_batch.pk}/"
    first = Client()
    first.force_login(user)
    first.get(url)  # the keyer opens the form, as before any paper

    replies = save_all(user, url, [{"numbers": numbers(i)} for i in range(8)])

    assert [status for status, _ in replies] == [302] * 8
    positions = sorted(KeyedPaper.objects.values_list("position", flat=True))
    assert positions == list(range(1, 9))


@on_postgres
@pytest.mark.postgres
def test_8_parallel_saves_of_the_same_paper_store_it_once(live_batch):
    user = partner_user(live_batch.organisation, username="keyer")
    url = f"/admin/ballot/paperbatch/enter/{live_batch.pk}/"
    first = Client()
    first.force_login(user)
    first.get(url)  # the keyer opens the form: it is for paper 1

    replies = save_all(user, url, [{"numbers": "1 2 3", "position": "1"}] * 8)

    assert [status for status, _ in replies] == [302] * 8
    assert KeyedPaper.objects.count() == 1
    said = [m for _, messages in replies for m in messages]
    assert sum("Paper 1 saved" in m for m in said) == 1
    assert sum("already saved" in m for m in said) == 7


@on_postgres
@pytest.mark.postgres
def test_a_different_paper_posted_for_a_taken_position_is_refused_plainly(live_batch):
    user = partner_user(live_batch.organisation, username="keyer")
    url = f"/admin/ballot/paperbatch/enter/{live_batch.pk}/"

    replies = save_all(user, url, [{"numbers": numbers(i), "position": "1"} for i in range(8)])

    statuses = [status for status, _ in replies]
    assert 500 not in statuses
    assert KeyedPaper.objects.count() == 1
    said = [m for _, messages in replies for m in messages]
    assert sum("Paper 1 saved" in m for m in said) == 1
    assert sum("was not saved" in m for m in said) == 7
