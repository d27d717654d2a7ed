"""A private ballot's results stay private: results.json, the results page and
the results block all follow the page's view restrictions (Wagtail's
"Privacy" setting), whatever is in a cache."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from wagtail.models import PageViewRestriction

from ballot.voting import record_vote
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-1"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def voted(ballot, settings):
    # These tests are about who may see results, not about K: one vote is released.
    settings.BALLOT_RESULTS_THRESHOLD = 1
    record_vote(ballot, list(ballot.options.all()[:3]), route="online")
    return ballot


def restrict(page, kind=PageViewRestriction.LOGIN, **extra):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind, **extra)
    return restriction


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.create_user("member", password=PASSWORD)


def test_results_json_of_a_private_ballot_is_refused(client, voted):
    assert client.get("/have-your-say/results.json").status_code == 200
    restrict(voted)

    response = client.get("/have-your-say/results.json")

    assert response.status_code == 403
    assert response.json() == {"error": "This ballot is private."}
    assert "total_voters" not in response.content.decode()


def test_signed_in_visitor_sees_a_private_ballots_results_never_publicly_cached(
    client, voted, member
):
    restrict(voted)
    client.force_login(member)

    response = client.get("/have-your-say/results.json")

    assert response.status_code == 200
    assert response.json()["total_voters"] == 1
    assert response["Cache-Control"] == "private, no-cache"


def test_results_json_of_a_password_ballot_needs_the_password(client, voted):
    restrict(voted, PageViewRestriction.PASSWORD, password="letmein")

    assert client.get("/have-your-say/results.json").status_code == 403

    page = client.get("/have-your-say/")
    assert page.status_code == 200  # Wagtail's password form
    restriction = PageViewRestriction.objects.get()
    client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{voted.pk}/",
        {"password": "letmein", "return_url": "/have-your-say/"},
    )
    assert client.get("/have-your-say/results.json").status_code == 200


def test_results_json_of_a_group_ballot_refuses_others(client, voted, member):
    staff = Group.objects.create(name="Ballot readers")
    restriction = restrict(voted, PageViewRestriction.GROUPS)
    restriction.groups.add(staff)
    client.force_login(member)

    assert client.get("/have-your-say/results.json").status_code == 403

    member.groups.add(staff)
    assert client.get("/have-your-say/results.json").status_code == 200


def test_a_private_parent_makes_the_ballot_private(client, voted, home_page):
    restrict(home_page)

    assert client.get("/have-your-say/results.json").status_code == 403


def test_results_json_is_not_served_from_its_cache_to_someone_not_allowed(
    client, voted, member, settings
):
    settings.BALLOT_RESULTS_CACHE_SECONDS = 60
    restrict(voted)
    signed_in = Client()
    signed_in.force_login(member)
    assert signed_in.get("/have-your-say/results.json").status_code == 200  # fills the cache

    assert client.get("/have-your-say/results.json").status_code == 403


def test_results_json_cached_by_the_page_cache_is_dropped_when_made_private(
    client, voted, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    settings.BALLOT_RESULTS_CACHE_SECONDS = 60
    client.get("/have-your-say/results.json")
    assert client.get("/have-your-say/results.json")["X-Page-Cache"] == "hit"

    restrict(voted)

    response = client.get("/have-your-say/results.json")
    assert response.status_code == 403
    assert "X-Page-Cache" not in response


def test_results_page_of_a_private_ballot_sends_to_sign_in(client, voted):
    restrict(voted)

    response = client.get("/have-your-say/results/")

    assert response.status_code == 302
    assert "/_util/login/" in response["Location"] or "login" in response["Location"]


def test_results_block_on_a_public_page_hides_a_private_ballot(client, voted, home_page, member):
    StandardPageFactory(
        parent=home_page,
        slug="campaign",
        title="A campaign",
        body=[("ballot_results", {"ballot": voted, "heading": "Results"})],
    )
    assert "1 vote, 100% of voters" in client.get("/campaign/").content.decode()
    restrict(voted)

    html = client.get("/campaign/").content.decode()

    assert "1 vote, 100% of voters" not in html
    assert "data-results-url" not in html
    client.force_login(member)
    assert "1 vote, 100% of voters" in client.get("/campaign/").content.decode()
