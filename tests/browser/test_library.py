"""Issue 14's pages in a real browser: share links carry the canonical address
and load nothing from anyone else; resources, events and "Share your
experience" are clean under axe-core, with and without form errors."""

from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import expect

from experiences.models import Experience
from tests.browser.axe import serious_violations

NEW_PAGES = [
    "/resources/",
    "/resources/?topic=the-ten-issues&audience=women",
    "/resources/?topic=nonsense",
    "/resources/focus-group-report/",
    "/events/",
    "/events/launch-concert/",
    "/events/focus-group-sharing-day/",
    "/share-your-experience/",
]
SHARED = [
    "/blog/violence-against-women-and-mental-health/",
    "/campaigns/prison/",
    "/resources/local-campaigning-toolkit/",
    "/events/launch-concert/",
]


def test_new_page_types_have_no_serious_accessibility_violations(demo_site, live_server, page):
    found = {}
    for path in NEW_PAGES:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        found[path] = serious_violations(page)

    assert found == {path: [] for path in NEW_PAGES}


def test_share_links_carry_the_canonical_address_and_load_nothing_else(
    demo_site, live_server, page, client
):
    own = urlsplit(live_server.url).netloc
    requested = []

    def log(route):
        requested.append(route.request.url)
        if urlsplit(route.request.url).netloc == own:
            route.continue_()
        else:
            route.abort()

    page.route("**/*", log)
    baseline = client.get("/")["Content-Security-Policy"]
    for path in SHARED:
        response = page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert response.headers["content-security-policy"] == baseline, path
        canonical = settings.SITE_URL + path
        hrefs = page.locator(".share a").evaluate_all("links => links.map(a => a.href)")
        assert len(hrefs) == 6, path
        assert all(canonical in unquote(href) for href in hrefs), (path, hrefs)

    foreign = [url for url in requested if urlsplit(url).netloc != own]
    assert foreign == []
    assert "facebook" not in baseline and "bsky" not in baseline


def test_copy_link_copies_the_address(demo_site, live_server, page, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(live_server.url + "/campaigns/prison/")

    page.get_by_role("link", name="Copy link").click()

    # The clipboard answers asynchronously: wait for the status, then check it.
    expect(page.locator("[data-copy-status]")).to_have_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == (
        settings.SITE_URL + "/campaigns/prison/"
    )
    assert page.url.endswith("/campaigns/prison/")


def test_share_your_experience_errors_then_sends_anonymously(demo_site, live_server, page):
    before = Experience.objects.count()
    page.goto(live_server.url + "/share-your-experience/")
    page.get_by_role("button", name="Send my experience").click()

    summary = page.locator("#error-summary")
    assert "Tell us what happened." in summary.inner_text()
    assert serious_violations(page) == []

    page.get_by_label("A woman who used the service").check()
    page.get_by_label("Hospital").check()
    page.get_by_label("What happened?").fill("Nobody explained my medication.")
    page.get_by_role("button", name="Send my experience").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Thank you"
    assert serious_violations(page) == []
    assert Experience.objects.count() == before + 1


@pytest.mark.parametrize("width", [320])
def test_resources_and_events_reflow_at_320px(demo_site, live_server, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    for path in ("/resources/", "/events/launch-concert/", "/share-your-experience/"):
        page.goto(live_server.url + path)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, (path, scroll)
