"""The staff guide (docs/how-to.md) is one click from every admin screen."""

import pytest

from tests.factories import OrganisationFactory, partner_user, role_user

pytestmark = pytest.mark.django_db

SECTIONS = [
    "Run a ballot",
    "Key paper ballots",
    "Close a ballot and publish the results",
    "Add a partner",
    "Check pages before they go live",
]


@pytest.mark.parametrize("group", ["Communications", "Consultation manager", "Membership officer"])
def test_every_role_reads_the_guide_from_the_menu(client, home_page, group):
    client.force_login(role_user(group, "staff"))
    admin_home = client.get("/admin/").content.decode()
    assert "/admin/how-to/" in admin_home
    response = client.get("/admin/how-to/")
    assert response.status_code == 200
    html = response.content.decode()
    for section in SECTIONS:
        assert f">{section}" in html
    assert "<ol>" in html  # rendered as HTML, not shown as Markdown


def test_partners_read_it_too(client, home_page):
    client.force_login(partner_user(OrganisationFactory(name="AVA", slug="ava")))
    assert client.get("/admin/how-to/").status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(client, home_page):
    response = client.get("/admin/how-to/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_lists_break_between_words_not_inside_them(client, home_page):
    client.force_login(role_user("Communications", "staff"))
    html = client.get("/admin/").content.decode()
    assert "css/admin.css" in html
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "admin.css").read_text()
    assert "word-break: normal" in css
