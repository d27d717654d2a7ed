"""Wish staff make partner users from the organisation's admin screen and see who they are."""

import pytest
from django.test import Client

from network.models import organisation_for
from tests.factories import OrganisationFactory, partner_user

pytestmark = pytest.mark.django_db


def test_organisation_list_links_to_making_a_partner_user(admin_client):
    org = OrganisationFactory()

    html = admin_client.get("/admin/network/organisation/").content.decode()

    assert f"/admin/network/partner-users/new/?organisation={org.pk}" in html
    form = admin_client.get(f"/admin/network/partner-users/new/?organisation={org.pk}")
    assert f'<option value="{org.pk}" selected>' in form.content.decode()


def test_a_weak_password_or_taken_username_stores_nothing(admin_client, admin_user):
    org = OrganisationFactory()
    data = {"organisation": org.pk, "username": "admin", "email": "a@example.org"}

    response = admin_client.post("/admin/network/partner-users/new/", {**data, "password": "1"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "already has that username" in html
    assert not org.partner_accounts.exists()


def test_staff_list_partner_users_and_partners_cannot(admin_client):
    org = OrganisationFactory(name="Listed Org")
    user = partner_user(org, username="listed")

    assert "listed" in admin_client.get("/admin/network/partneraccount/").content.decode()
    client = Client()
    client.force_login(user)
    response = client.get("/admin/network/partneraccount/")
    assert response.status_code in (302, 403) and "listed" not in response.content.decode()


def test_organisation_for(admin_user):
    org = OrganisationFactory()
    assert organisation_for(partner_user(org)) == org
    assert organisation_for(admin_user) is None
