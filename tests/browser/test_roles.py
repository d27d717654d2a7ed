"""Each demo role signs in through the real sign-in form and finds its own work, and
only its own: the menu, a page of their area, and a refusal outside it."""

import io

import pytest
from playwright.sync_api import expect

from tests.browser.axe import serious_violations

PASSWORD = "role-pass-123456"  # noqa: S105


@pytest.fixture
def people(demo_site, settings, monkeypatch):
    """The demo's users, made as `make run` makes them."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    from ballot.models import BallotPage

    ContentType.objects.clear_cache()
    for variable in ("COMMS_PASSWORD", "CONSULTATION_PASSWORD", "MEMBERSHIP_PASSWORD"):
        monkeypatch.setenv(variable, PASSWORD)
    settings.DEBUG = True
    call_command("ensure_demo_roles", stdout=io.StringIO())
    settings.DEBUG = False
    return BallotPage.objects.get(slug="have-your-say", locale__language_code="en-gb")


def sign_in(browser, live_server, username):
    page = browser.new_context().new_page()
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
    return page


def test_each_role_finds_its_work_and_is_refused_the_rest(people, live_server, browser):
    ballot = people
    results = f"{live_server.url}/admin/ballot/ballotpage/results/{ballot.pk}/"
    members = f"{live_server.url}/admin/network/member/"

    consultation = sign_in(browser, live_server, "consultation")
    sidebar = consultation.locator("#wagtail-sidebar")
    expect(sidebar).to_contain_text("Ballot")
    expect(sidebar).not_to_contain_text("Members")
    consultation.goto(results)
    expect(consultation.get_by_role("heading", level=1)).to_contain_text("Have your say")
    # Refused the admin's one way (network/access_admin.py): a 403 at the address asked.
    assert consultation.goto(members).status == 403
    expect(consultation).to_have_url(members)
    expect(consultation.get_by_role("heading", level=1)).to_contain_text("not open to you")
    expect(consultation.get_by_role("link", name="Go to the admin dashboard")).to_be_visible()
    assert serious_violations(consultation) == []

    comms = sign_in(browser, live_server, "comms")
    expect(comms.locator("#wagtail-sidebar")).not_to_contain_text("Ballot")
    assert comms.goto(results).status == 403
    comms.goto(f"{live_server.url}/admin/pages/")
    expect(comms.locator("main")).to_contain_text("Home")

    membership = sign_in(browser, live_server, "membership")
    membership.goto(members)
    expect(membership.get_by_role("heading", level=1)).to_contain_text("Members")
    assert membership.goto(results).status == 403

    membership.goto(f"{live_server.url}/admin/roles/")
    expect(membership.locator("main")).to_contain_text("Consultation manager")
    expect(membership.locator("main")).to_contain_text("(your role)")
    assert serious_violations(membership) == []
