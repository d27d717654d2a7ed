"""The database away for a moment (ops/database.py): a plain 503, never a 500.

The real thing, a PostgreSQL restart under gunicorn, is in
tests/reliability/test_postgres_restart.py; these check each way in on both
databases, in process.
"""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

from home import degraded
from tests.ballot.conftest import NOTHING, stored, vote_data

pytestmark = pytest.mark.django_db

TRY_AGAIN = "Please try again in a minute"


@pytest.fixture(autouse=True)
def fresh_warnings():
    degraded._warnings.last.clear()


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_vote_cut_off_by_the_database_stores_nothing_and_says_try_again(
    ballot, monkeypatch, settings, error, caplog
):
    settings.BALLOT_IP_LIMIT = 1

    def cut_off(*args, **kwargs):
        raise error("server closed the connection unexpectedly")

    monkeypatch.setattr("ballot.page_views.record_vote", cut_off)
    client = Client(raise_request_exception=False)
    response = client.post(ballot.url, vote_data(ballot))

    assert response.status_code == 503
    body = response.content.decode()
    assert TRY_AGAIN in body and "press the button again" in body
    assert "Something went wrong" not in body
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert stored() == NOTHING
    warnings = [r for r in caplog.records if r.name == "home.degraded"]
    assert len(warnings) == 1 and error.__name__ in warnings[0].getMessage()
    # The hour's one vote was given back, so the same woman can send it again.
    monkeypatch.undo()
    settings.BALLOT_IP_LIMIT = 1
    assert Client().post(ballot.url, vote_data(ballot)).status_code == 303
    assert stored()["votes"] == 1


def test_a_page_view_gets_the_plain_page_and_no_post_wording(ballot, monkeypatch):
    def cut_off(*args, **kwargs):
        raise OperationalError("the database system is starting up")

    monkeypatch.setattr("ballot.page_views.BallotPageView.render_ballot", cut_off)
    response = Client(raise_request_exception=False).get(ballot.url)
    assert response.status_code == 503
    body = response.content.decode()
    assert TRY_AGAIN in body and "press the button again" not in body


def test_an_error_in_a_middleware_goes_through_handler500(home_page, monkeypatch):
    """The session saved on the way out can meet the restart too."""

    def cut_off(self, request, response):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(
        "django.contrib.sessions.middleware.SessionMiddleware.process_response", cut_off
    )
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 503
    assert TRY_AGAIN in response.content.decode()


def test_other_errors_still_get_the_500_page(home_page, monkeypatch):
    def broken(self, request, response):
        raise ValueError("a bug")

    monkeypatch.setattr(
        "django.contrib.sessions.middleware.SessionMiddleware.process_response", broken
    )
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
