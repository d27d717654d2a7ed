"""Organisations are managed by staff in the admin through wagtail-modeladmin."""

import pytest

from network.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_staff_can_list_and_add_organisations(admin_client):
    OrganisationFactory(name="Example Women's Centre, Leeds")

    listing = admin_client.get("/admin/network/organisation/")
    assert listing.status_code == 200
    assert "Example Women&#x27;s Centre, Leeds" in listing.content.decode()

    response = admin_client.post(
        "/admin/network/organisation/create/",
        {
            "name": "Example Drop-in, Bristol",
            "slug": "example-drop-in-bristol",
            "kind": "community",
            "region": "south_west",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(slug="example-drop-in-bristol", active=True).exists()


def test_duplicate_slug_is_refused_with_a_message(admin_client):
    OrganisationFactory(slug="taken")

    response = admin_client.post(
        "/admin/network/organisation/create/",
        {"name": "Another", "slug": "taken", "kind": "charity", "region": "london"},
    )

    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Organisation.objects.filter(slug="taken").count() == 1
