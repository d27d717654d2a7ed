"""The consultation manager starts a new ballot herself (issue 13: staff run the
consultation alone): she may add a ballot page under the home page, and only a
ballot page, never another page type or a copy of one."""

import pytest
from django.test import Client

from network import access_groups
from tests.factories import BallotPageFactory, StandardPageFactory, role_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(home_page):
    access_groups.sync_roles()  # the home page is now the site's root: the role's rights follow
    client = Client()
    client.force_login(role_user("Consultation manager", "manager"))
    return client


def test_the_manager_may_start_a_new_ballot_under_the_home_page(manager, home_page):
    listing = manager.get("/admin/ballot/ballotpage/").content.decode()
    assert "/admin/ballot/ballotpage/create/" in listing  # the list offers "Add"

    response = manager.get(f"/admin/pages/add/ballot/ballotpage/{home_page.pk}/")
    assert response.status_code == 200
    assert 'name="question"' in response.content.decode()


def test_the_manager_may_add_no_other_page_type(manager, home_page):
    response = manager.get(f"/admin/pages/add/home/standardpage/{home_page.pk}/")
    assert response.status_code == 302
    messages = manager.get(response["Location"]).content.decode()
    assert "only ballots" in messages

    page = StandardPageFactory(parent=home_page, slug="about", title="About")
    response = manager.get(f"/admin/pages/{page.pk}/copy/")
    assert response.status_code == 302


def test_communications_may_still_add_any_page_type(home_page):
    access_groups.sync_roles()
    client = Client()
    client.force_login(role_user("Communications", "comms"))
    response = client.get(f"/admin/pages/add/home/standardpage/{home_page.pk}/")
    assert response.status_code == 200


def test_a_new_ballot_gives_the_manager_its_rights_as_before(manager, home_page):
    ballot = BallotPageFactory(parent=home_page, slug="vote", title="Vote")
    response = manager.get(f"/admin/pages/{ballot.pk}/edit/")
    assert response.status_code == 200
