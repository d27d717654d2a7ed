"""The demo loader builds the site and is safe to run again."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("url_path", "latest_revision_id")),
        "revisions": Revision.objects.count(),
        "sites": list(Site.objects.values_list("hostname", "root_page_id")),
    }


def test_demo_loader_builds_site_and_is_idempotent(client, demo):
    first = snapshot()
    call_command("load_demo_content", stdout=io.StringIO())

    assert snapshot() == first
    for url in ["/", "/about/", "/get-involved/"]:
        assert client.get(url).status_code == 200, url


def test_demo_loader_keeps_staff_edits(client, demo):
    about = Page.objects.get(url_path="/home/about/").specific
    about.intro = "Edited by staff"
    about.save_revision().publish()

    call_command("load_demo_content", stdout=io.StringIO())

    assert "Edited by staff" in client.get("/about/").content.decode()
