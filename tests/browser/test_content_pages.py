"""Blog, partner, campaign and contact pages in a real browser: axe-core and the contact form."""

import pytest
from playwright.sync_api import expect
from wagtail.contrib.forms.models import FormSubmission

from tests.browser.axe import serious_violations

PAGES = [
    "/blog/",
    "/blog/?category=wmhn&author=penny-bennett",
    "/blog/?category=no-such-category",
    "/blog/violence-against-women-and-mental-health/",
    "/network/",
    "/network/ava/",
    "/campaigns/",
    "/campaigns/prison/",
    "/campaigns/prison/network-launch/",
    "/contact/",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_serious_accessibility_violations(demo_site, live_server, page, path):
    response = page.goto(live_server.url + path)

    assert response.status == 200
    assert serious_violations(page) == []


def test_contact_form_errors_are_accessible_and_then_it_sends(demo_site, live_server, page):
    page.goto(live_server.url + "/contact/")
    page.get_by_role("button", name="Send your message").click()

    # The form posts without JavaScript: wait for the answer's page, not the
    # click (is_visible() would read whichever page happens to be there).
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Enter your name.")
    assert serious_violations(page) == []
    summary.get_by_role("link", name="Enter your name.").click()
    assert page.evaluate("document.activeElement.id") == "id_your_name"

    page.get_by_label("Your name").fill("Amira")
    page.get_by_label("Your email address").fill("amira@example.org")
    page.get_by_label("What is it about?").select_option("Pooling evidence")
    page.get_by_label("Your message").fill("We have evidence to share.")
    page.get_by_role("button", name="Send your message").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert FormSubmission.objects.count() == 1
