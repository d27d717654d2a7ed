"""A shared phone or kiosk in a real browser (chromium) remembers nothing of the last woman.

The attacks: after a vote, Back (twice after the kiosk reset) showed the
previous woman's ticks, age band and services; a half-finished kiosk ballot
stayed on screen for whoever came next; and on a plain phone the next woman
was told "This device has already been used to vote".
"""

import re
import time

import pytest
from playwright.sync_api import expect

from ballot.demo import DEMO_VOTES
from ballot.models import BallotPage, Vote
from network.models import Organisation
from tests.browser.axe import serious_violations

BALLOT = "/have-your-say/"
SEND = re.compile("Send my 3 choices")


def kiosk_url(live_server):
    """A kiosk link as staff make it (the one place the kiosk link is built here)."""
    from urllib.parse import urlencode

    from ballot.kiosks import create_kiosk

    ballot = BallotPage.objects.get(slug="have-your-say", locale__language_code="en-gb")
    org = Organisation.objects.filter(active=True).first()
    _kiosk, token = create_kiosk(
        label="Test kiosk", ballot=ballot, organisation=org, days=1, user=None
    )
    return f"{live_server.url}{BALLOT}?{urlencode({'kiosk': token})}"


def tick(page, *indexes):
    boxes = page.locator('input[name="options"]')
    for index in indexes:
        page.locator(f'label[for="{boxes.nth(index).get_attribute("id")}"]').click()


def answer_everything(page):
    tick(page, 0, 3, 5)
    page.get_by_label("Your age (optional)").select_option("25-34")
    page.get_by_label("Where you live (optional)").select_option(index=2)
    page.get_by_role("checkbox", name="Prison", exact=True).check()


def expect_nothing_answered(page):
    """No box ticked and no answer chosen or typed, anywhere on the page."""
    expect(page.locator("input[type=checkbox]:checked")).to_have_count(0)
    expect(page.locator("select option:checked:not([value=''])")).to_have_count(0)
    for field in page.locator('input[type="text"]').all():
        expect(field).to_have_value("")


def go_back(page):
    try:
        page.go_back(wait_until="load")
    except Exception as error:  # a "resend form?" error page is also a page without her answers
        assert "ERR_CACHE_MISS" in str(error), error


def test_back_after_a_vote_on_a_plain_page_shows_nothing(demo_site, live_server, page):
    page.goto(live_server.url + BALLOT)
    answer_everything(page)
    page.get_by_role("button", name=SEND).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for voting")

    go_back(page)

    expect_nothing_answered(page)
    assert Vote.objects.count() == DEMO_VOTES + 1


def test_back_twice_after_the_kiosk_reset_shows_nothing(demo_site, live_server, page):
    page.goto(kiosk_url(live_server))
    # The first woman sends two ticks (an error page with her answers), then three.
    page.get_by_label("Your age (optional)").select_option("45-54")
    page.get_by_role("checkbox", name="Housing", exact=True).check()
    tick(page, 1, 2)
    page.get_by_role("button", name=SEND).click()
    expect(page.locator(".error-summary")).to_be_visible()
    tick(page, 4)
    page.get_by_role("button", name=SEND).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for voting")
    entries = page.evaluate("history.length")
    page.get_by_role("link", name="Get the ballot ready for the next woman").click()
    expect(page.get_by_text("This is a shared device")).to_be_visible()
    # The thank-you page was replaced, not kept behind the fresh ballot.
    assert page.evaluate("history.length") == entries

    go_back(page)
    expect_nothing_answered(page)
    go_back(page)
    expect_nothing_answered(page)
    assert Vote.objects.count() == DEMO_VOTES + 1


def test_the_kiosk_idle_warning_is_reachable_and_one_key_gives_more_time(
    demo_site, live_server, page, settings
):
    # Warned two seconds after the last touch, cleared only 28 seconds later.
    settings.BALLOT_KIOSK_IDLE_SECONDS = 30
    settings.BALLOT_KIOSK_WARNING_SECONDS = 28
    page.goto(kiosk_url(live_server))
    warning = page.locator("[data-kiosk-idle-warning]")
    more_time = page.get_by_role("button", name="I need more time")
    expect(warning).to_be_hidden()

    tick(page, 0, 2)
    page.get_by_label("Your age (optional)").select_option("18-24")
    expect(warning).to_be_visible(timeout=10_000)
    expect(warning).to_have_attribute("role", "alert")
    expect(warning).to_contain_text("cleared in 28 seconds")
    expect(more_time).to_be_focused()
    assert serious_violations(page) == []
    page.keyboard.press("Enter")  # one key press: more time, answers kept

    expect(warning).to_be_hidden()
    expect(page.locator('input[name="options"]:checked')).to_have_count(2)
    expect(page.get_by_label("Your age (optional)")).to_have_value("18-24")


def test_a_half_finished_kiosk_ballot_is_cleared_after_the_warning(
    demo_site, live_server, page, settings
):
    settings.BALLOT_KIOSK_IDLE_SECONDS = 3
    settings.BALLOT_KIOSK_WARNING_SECONDS = 2
    page.goto(kiosk_url(live_server))
    tick(page, 0, 2)
    page.get_by_label("Your age (optional)").select_option("18-24")

    expect(page.locator("[data-kiosk-idle-warning]")).to_be_visible(timeout=10_000)
    expect(page.locator("input[type=checkbox]:checked")).to_have_count(0, timeout=10_000)
    expect(page.get_by_text("This is a shared device")).to_be_visible()
    assert "kiosk=" in page.url
    expect_nothing_answered(page)
    assert Vote.objects.count() == DEMO_VOTES


def test_an_untouched_kiosk_ballot_is_left_alone(demo_site, live_server, page, settings):
    settings.BALLOT_KIOSK_IDLE_SECONDS = 2
    settings.BALLOT_KIOSK_WARNING_SECONDS = 1
    page.goto(kiosk_url(live_server))
    page.evaluate("window.wmhnLoads = 1")

    page.wait_for_timeout(3_000)  # past the idle time, with nothing to clear

    expect(page.locator("[data-kiosk-idle-warning]")).to_be_hidden()
    assert page.evaluate("window.wmhnLoads") == 1  # the same page: not reloaded


def ten_minutes_later(context):
    """The browser drops every cookie that was set to live less than ten minutes."""
    soon = time.time() + 10 * 60
    keep = [c for c in context.cookies() if c["expires"] == -1 or c["expires"] > soon]
    context.clear_cookies()
    context.add_cookies(keep)


def test_a_second_woman_on_the_same_browser_votes_with_no_hint(demo_site, live_server, page):
    page.goto(live_server.url + BALLOT)
    answer_everything(page)
    page.get_by_role("button", name=SEND).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for voting")
    assert all(not c["name"].startswith("wmhn_voted") for c in page.context.cookies())

    ten_minutes_later(page.context)
    page.goto(live_server.url + BALLOT)
    expect_nothing_answered(page)
    text = page.locator("main").inner_text().lower()
    for hint in ("already", "has voted", "this device", "this browser", "a moment ago"):
        assert hint not in text, hint
    tick(page, 1, 2, 6)
    page.get_by_role("button", name=SEND).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for voting")
    assert Vote.objects.count() == 122


def test_a_resend_right_after_a_vote_asks_once(demo_site, live_server, page):
    page.goto(live_server.url + BALLOT)
    tick(page, 0, 1, 2)
    page.get_by_role("button", name=SEND).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for voting")

    page.goto(live_server.url + BALLOT)
    tick(page, 0, 1, 2)
    page.get_by_role("button", name=SEND).click()
    expect(page.locator(".error-summary")).to_contain_text("do not need to send it again")
    assert Vote.objects.count() == DEMO_VOTES + 1
    assert serious_violations(page) == []
    page.get_by_label("I have not voted in this ballot yet").check()
    page.get_by_role("button", name=SEND).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for voting")
    assert Vote.objects.count() == 122


@pytest.mark.parametrize("kiosk", [False, True])
def test_thank_you_pages_stay_accessible(demo_site, live_server, page, kiosk):
    page.goto(kiosk_url(live_server) if kiosk else live_server.url + BALLOT)
    tick(page, 0, 1, 2)
    page.get_by_role("button", name=SEND).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for voting")

    assert serious_violations(page) == []
