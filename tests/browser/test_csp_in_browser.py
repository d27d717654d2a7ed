"""The Content-Security-Policy in a real browser: nothing the site or the
Wagtail admin needs is blocked, and two-step sign-in works end to end."""

import time

import pytest
from django.core.cache import cache
from django_otp.oath import TOTP
from wagtail.models import Page

PASSWORD = "a-long-password-1"
# Records every CSP violation the page reports, before any script runs.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
    window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture
def watched_page(page):
    """A browser page that collects CSP violations and console CSP errors."""
    page.add_init_script(WATCH_CSP)
    page.csp_console = []
    page.on(
        "console",
        lambda message: (
            page.csp_console.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return page


def violations(page):
    return page.evaluate("window.__cspViolations") + page.csp_console


@pytest.fixture
def admin_user(demo_site, django_user_model):
    cache.clear()
    return django_user_model.objects.create_superuser("boss", password=PASSWORD)


def sign_in(page, base_url):
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize("path", ["/", "/about/", "/search/?q=wish", "/no-such-page/"])
def test_public_pages_break_no_rule(demo_site, live_server, watched_page, path):
    watched_page.goto(live_server.url + path)
    watched_page.wait_for_load_state("networkidle")

    assert violations(watched_page) == []


def test_admin_editor_and_preview_work_under_the_policy(admin_user, live_server, watched_page):
    page = watched_page
    sign_in(page, live_server.url)
    page.wait_for_url("**/admin/")

    about = Page.objects.get(slug="about", locale__language_code="en-gb")
    page.goto(f"{live_server.url}/admin/pages/{about.pk}/edit/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#id_title").input_value() == about.title

    # The preview panel frames the page from the admin.
    page.locator("[data-side-panel-toggle='preview']").first.click()
    preview = page.frame_locator("iframe[title]").first
    assert preview.get_by_role("heading", level=1).inner_text(timeout=15_000) == about.title

    # The editor's scripts run: typing in the title updates the preview's state.
    page.locator("#id_title").fill("About the network today")
    page.goto(live_server.url + "/")  # the public site with the editor's userbar
    page.wait_for_load_state("networkidle")

    assert violations(page) == []


def test_two_step_sign_in_in_the_browser(admin_user, live_server, watched_page):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=admin_user, name="Phone", confirmed=True)
    page = watched_page
    sign_in(page, live_server.url)

    page.wait_for_url("**/admin/two-step/verify/**")
    # Strict locator: the page appears once (the admin's icon sprite, fetched
    # by script, must not be answered with the code page).
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Enter the code from your authenticator app"
    )
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    page.get_by_label("Code from your authenticator app").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(live_server.url + "/admin/")
    assert "Dashboard" in page.title()
    assert violations(page) == []
