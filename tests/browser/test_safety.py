"""Issue 12 in a real browser: quick exit, a header that leaves room for the
page on a phone, reflow at 320 px with WCAG 1.4.12 text spacing, axe-core.

The "neutral page" the quick exit goes to is served by a tiny HTTP server the
test starts on this machine, never by an outside site.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from ballot.device_marks import thanks_token
from ballot.models import BallotPage
from home.models import SiteSettings
from tests.browser.axe import serious_violations

# WCAG 1.4.12: what a reader's own style sheet may set without content
# being lost or the page scrolling sideways.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""


class NeutralPage(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the name http.server calls)
        body = b"<!DOCTYPE html><html lang='en'><title>Weather</title><h1>Weather</h1></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def neutral_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), NeutralPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def quick_exit_to(demo_site, neutral_site):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.quick_exit_url = f"{neutral_site}/weather"
    settings.save()
    return settings.quick_exit_url


def public_paths():
    ballot = BallotPage.objects.get(slug="have-your-say", locale__language_code="en-gb")
    return {
        "home": "/",
        "ballot": ballot.url,
        "thanks": f"{ballot.url}thanks/?v={thanks_token(ballot.pk)}",
        "results": f"{ballot.url}results/",
        "join": "/join/",
        "contact": "/contact/",
    }


def test_quick_exit_replaces_the_page_in_history(quick_exit_to, neutral_site, live_server, page):
    page.goto(f"{neutral_site}/before")
    page.goto(live_server.url + "/have-your-say/")
    length = page.evaluate("history.length")

    page.get_by_role("link", name="Leave this site").click()
    page.wait_for_url(quick_exit_to)

    assert page.evaluate("history.length") == length  # replaced, not added
    page.go_back()
    page.wait_for_url(f"{neutral_site}/before")
    assert not page.url.startswith(live_server.url)
    page.go_forward()
    assert page.url == quick_exit_to


def test_escape_three_times_leaves(quick_exit_to, neutral_site, live_server, page):
    page.goto(f"{neutral_site}/before")
    page.goto(live_server.url + "/contact/")
    page.get_by_label("Your name").fill("Someone")  # even while typing in a form

    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    assert page.url.startswith(live_server.url)  # two presses are not enough
    page.keyboard.press("Escape")
    page.wait_for_url(quick_exit_to)

    page.go_back()
    page.wait_for_url(f"{neutral_site}/before")


def test_quick_exit_is_second_tab_stop_with_a_visible_focus(demo_site, live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Leave this site"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_quick_exit_without_javascript_is_a_plain_link(quick_exit_to, live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/have-your-say/")
    link = page.get_by_role("link", name="Leave this site")
    expect(link).to_have_attribute("rel", "noreferrer")
    link.click()
    page.wait_for_url(quick_exit_to)
    context.close()


@pytest.fixture
def phone(browser):
    """A 320 x 640 screen; CSP is bypassed only so the test can add a reader's style sheet."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, bypass_csp=True)
    yield context.new_page()
    context.close()


def test_no_sideways_scroll_at_320px_with_text_spacing(demo_site, live_server, phone):
    widths = {}
    for name, path in public_paths().items():
        phone.goto(live_server.url + path)
        phone.add_style_tag(content=TEXT_SPACING)
        widths[name] = phone.evaluate("document.documentElement.scrollWidth")

    assert widths == dict.fromkeys(widths, 320)


def test_about_you_fits_at_320px_with_text_spacing(demo_site, live_server, phone):
    phone.goto(live_server.url + public_paths()["ballot"])
    phone.add_style_tag(content=TEXT_SPACING)
    about = phone.locator(".ballot-form__about")
    about.scroll_into_view_if_needed()
    box = about.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    for select in phone.locator(".ballot-form__about select").all():
        right = select.bounding_box()
        assert right["x"] + right["width"] <= 320


def test_content_starts_in_the_first_screen_at_320px(demo_site, live_server, phone):
    tops = {}
    for name, path in public_paths().items():
        phone.goto(live_server.url + path)
        tops[name] = phone.evaluate("document.querySelector('main h1').getBoundingClientRect().top")

    assert {name: top for name, top in tops.items() if top >= 400} == {}


def test_menu_button_works_without_javascript(demo_site, live_server, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    about = page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="About the network"
    )
    expect(about).to_be_hidden()
    page.locator("summary", has_text="Menu").click()
    expect(about).to_be_visible()
    about.click()
    page.wait_for_url(live_server.url + "/about/")
    context.close()


def test_wide_screens_show_the_menu_without_a_button(demo_site, live_server, page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="About the network")).to_be_visible()
    expect(page.locator(".site-menu__button")).to_be_hidden()


@pytest.mark.parametrize("width", [320, 1280])
def test_no_serious_accessibility_violations(demo_site, live_server, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    found = {}
    for name in ("home", "ballot", "thanks"):
        page.goto(live_server.url + public_paths()[name])
        found[name] = serious_violations(page)
    context.close()

    assert found == {"home": [], "ballot": [], "thanks": []}


def test_ballot_pictures_load_and_describe_their_meaning(demo_site, live_server, page):
    page.goto(live_server.url + public_paths()["ballot"])
    images = page.locator(".ballot-option__image")
    expect(images).to_have_count(10)
    for image in images.all():
        image.scroll_into_view_if_needed()
        expect(image).not_to_have_attribute("alt", "")
        assert "circles" not in image.get_attribute("alt")
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")


def test_quick_exit_leaves_the_end_of_the_page_readable_at_320px(demo_site, live_server, phone):
    phone.goto(live_server.url + public_paths()["ballot"])
    phone.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    button = phone.get_by_role("link", name="Leave this site").bounding_box()
    last_line = phone.locator(".site-footer__legal > :last-child").bounding_box()

    assert button["x"] >= 0 and button["x"] + button["width"] <= 320
    assert last_line["y"] + last_line["height"] <= button["y"]
