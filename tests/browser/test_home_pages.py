"""Home app pages in a real browser: keyboard path and axe-core scan."""

import pytest

from tests.browser.axe import serious_violations

PAGES = ["/", "/about/", "/search/?q=wish", "/no-such-page/"]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_serious_accessibility_violations(demo_site, live_server, page, path):
    page.goto(live_server.url + path)

    assert serious_violations(page) == []


def test_skip_link_is_first_tab_stop_and_moves_to_main(demo_site, live_server, page):
    page.goto(live_server.url + "/")

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_search_from_header(demo_site, live_server, page):
    page.goto(live_server.url + "/")

    page.get_by_label("Search the site").fill("Broadmoor")
    page.get_by_label("Search the site").press("Enter")

    page.wait_for_url("**/search/?q=Broadmoor")
    assert page.get_by_role("link", name="About the network").count() >= 1


def test_navigation_reaches_about(demo_site, live_server, page):
    page.goto(live_server.url + "/")

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="About the network"
    ).click()

    assert page.get_by_role("heading", level=1).inner_text() == "About the network"
