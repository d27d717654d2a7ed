"""Joining and confirming through the real pages in chromium, with axe-core checks."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from network.models import Member
from tests.browser.axe import serious_violations

CONFIRM_LINK = re.compile(r"https?://\S+/membership/confirm/\S+/")


@pytest.fixture(autouse=True)
def fresh_state(settings):
    from django.core.cache import cache

    cache.clear()
    mail.outbox = []
    settings.MEMBERSHIP_RESEND_INTERVAL = 0


def test_join_and_confirm_through_the_real_pages(demo_site, live_server, page):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Join the network").first.click()
    page.wait_for_url("**/join/")
    assert serious_violations(page) == []

    page.get_by_label("Your name").fill("Ada Browser")
    page.get_by_label("Your email address").fill("  Ada.Browser@Example.org ")
    page.get_by_label("Where you live (optional)").select_option(label="North West")
    page.get_by_label("Share my experience of services").check()
    page.get_by_label("I want to join the Women's Mental Health Network", exact=False).check()
    page.get_by_role("button", name="Join the network").click()

    page.wait_for_url("**/join/check-your-email/")
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    assert serious_violations(page) == []

    [message] = mail.outbox
    assert message.to == ["ada.browser@example.org"]
    confirm_url = CONFIRM_LINK.search(message.body).group(0)
    page.goto(confirm_url.replace("http://testserver", live_server.url))
    assert page.get_by_role("heading", level=1).inner_text() == "Confirm you want to join"
    assert serious_violations(page) == []

    page.get_by_role("button", name="Yes, I want to join").click()
    page.wait_for_url("**/membership/confirmed/")
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome to the network"
    assert serious_violations(page) == []

    member = Member.objects.get()
    assert member.status == Member.Status.CONFIRMED
    assert member.involvement == ["Share my experience of services"]
    assert member.wants_updates is False


def test_join_form_errors_are_announced_and_accessible(demo_site, live_server, page):
    page.goto(live_server.url + "/join/")

    page.get_by_label("Your email address").fill("not an address")
    page.get_by_role("button", name="Join the network").click()

    summary = page.get_by_role("alert")
    assert "There is a problem with the form" in summary.inner_text()
    expect(page.locator("#error-summary")).to_be_focused()  # the script moves focus on load
    summary.get_by_role("link", name="Enter your name.").click()
    expect(page.locator("#id_name")).to_be_focused()
    assert serious_violations(page) == []
    assert Member.objects.count() == 0


def test_leave_page_is_accessible_and_erases(demo_site, live_server, page):
    from network.membership import tokens
    from tests.factories import MemberFactory

    member = MemberFactory(with_updates=True)
    page.goto(f"{live_server.url}/membership/leave/{tokens.make_token(member, 'leave')}/")
    assert serious_violations(page) == []

    page.get_by_role("button", name="Leave and delete my details").click()

    page.wait_for_url("**/membership/left/")
    assert serious_violations(page) == []
    assert not Member.objects.filter(pk=member.pk).exists()
