"""The demo home, ballot, thank-you and results pages, search, the join form and
follow by email in English, Urdu (right to left) and Polish: axe-core clean in
chromium, with the page's own lang and dir (issue 12); the ballot's script
speaks the page's language."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import serious_violations

PAGES = [
    (f"{prefix}{path}", lang, direction)
    for prefix, lang, direction in [
        ("/", "en-GB", "ltr"),
        ("/ur/", "ur", "rtl"),
        ("/pl/", "pl", "ltr"),
    ]
    for path in ["", "have-your-say/", "have-your-say/thanks/", "have-your-say/results/"]
]


@pytest.mark.parametrize(("path", "lang", "direction"), PAGES)
def test_translated_pages_are_axe_clean(demo_site, live_server, page, path, lang, direction):
    response = page.goto(live_server.url + path)
    assert response.status == 200
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.evaluate("document.documentElement.dir") == direction
    assert serious_violations(page) == []


# Search, the join form, follow by email and a membership link page: inside the
# language prefixes too, and their fixed text translated.
FORM_PAGES = ["search/?q=vote", "join/", "follow/", "membership/confirmed/"]


@pytest.mark.parametrize(
    ("prefix", "lang", "direction"),
    [("/", "en-GB", "ltr"), ("/ur/", "ur", "rtl"), ("/pl/", "pl", "ltr")],
)
def test_search_join_and_follow_are_axe_clean_in_each_language(
    demo_site, live_server, page, prefix, lang, direction
):
    for path in FORM_PAGES:
        response = page.goto(live_server.url + prefix + path)
        assert response.status == 200, path
        assert page.evaluate("document.documentElement.lang") == lang, path
        assert page.evaluate("document.documentElement.dir") == direction, path
        assert serious_violations(page) == [], path


def test_the_switcher_takes_her_to_the_urdu_ballot_without_javascript(
    demo_site, live_server, browser
):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(live_server.url + "/have-your-say/")
    tab.get_by_role("navigation", name="Languages").get_by_role("link", name="اردو").click()
    tab.wait_for_load_state()  # the click starts a navigation; read the new page, not the gap
    assert tab.url == live_server.url + "/ur/have-your-say/"
    expect(tab.locator("html")).to_have_attribute("dir", "rtl")
    context.close()


def test_the_live_count_is_in_the_ballots_language(demo_site, live_server, page):
    """static/js/ballot.js reads its words from Django's JavaScript catalogue."""
    page.goto(live_server.url + "/ur/have-your-say/")
    page.locator('input[name="options"]').first.check()
    count = page.locator("[data-ballot-count]")
    assert count.inner_text() == "آپ نے 3 میں سے 1 چنے ہیں۔"
