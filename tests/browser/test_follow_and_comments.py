"""Follow by email, the newsletter's web version and comments in chromium, with axe-core."""

import re

import pytest
from django.core import mail

from blog.models import BlogPage, Comment
from mailings.models import Follower
from tests.browser.axe import serious_violations

CONFIRM_LINK = re.compile(r"https?://\S+/follow/confirm/\S+/")


@pytest.fixture(autouse=True)
def fresh_state(settings):
    from django.core.cache import cache

    cache.clear()
    mail.outbox = []
    settings.FOLLOW_RESEND_INTERVAL = 0


def test_follow_from_a_post_and_confirm(demo_site, live_server, page):
    post = BlogPage.objects.live().order_by("-date").first()
    page.goto(live_server.url + post.url)
    page.get_by_role("link", name="Follow by email").first.click()
    page.wait_for_url("**/follow/**")
    assert serious_violations(page) == []

    # Nothing chosen but the address: a plain-words error, announced.
    page.get_by_label("Your email address").fill("ada@example.org")
    for box in page.get_by_role("checkbox").all():
        box.uncheck()
    page.get_by_role("button", name="Follow").click()
    assert "Choose at least one thing to follow" in page.locator("#error-summary").inner_text()
    assert serious_violations(page) == []

    page.get_by_label("A weekly digest").check()
    page.get_by_label("The network's newsletter").check()
    page.get_by_role("button", name="Follow").click()
    page.wait_for_url("**/follow/check-your-email/")
    assert serious_violations(page) == []

    link = CONFIRM_LINK.search(mail.outbox[0].body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", live_server.url, link))
    assert serious_violations(page) == []
    page.get_by_role("button", name="Yes, send me these emails").click()
    assert page.get_by_role("heading", level=1).inner_text() == "You are following"
    assert serious_violations(page) == []
    follower = Follower.objects.get()
    assert follower.status == "confirmed" and follower.frequency == "weekly" and follower.newsletter


def test_comment_form_and_approved_comments(demo_site, live_server, page):
    post = BlogPage.objects.get(slug="introducing-the-womens-mental-health-network")
    page.goto(live_server.url + post.url)
    comments = page.locator("section.comments")
    assert "So glad this network exists" in comments.inner_text()
    assert "07700 900123" not in comments.inner_text()  # waiting for moderation
    assert serious_violations(page) == []

    page.get_by_role("link", name="Leave a reply").click()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Send my comment").click()
    assert "Write your comment." in page.locator("#error-summary").inner_text()
    assert serious_violations(page) == []
    before = Comment.objects.count()
    page.get_by_role("textbox", name="Your comment").fill("Thank you for starting this.")
    page.get_by_role("button", name="Send my comment").click()
    page.wait_for_url("**/reply/thank-you/")
    assert serious_violations(page) == []
    assert Comment.objects.count() == before + 1
    assert Comment.objects.latest("pk").status == "pending"


def test_newsletter_pages(demo_site, live_server, page):
    page.goto(live_server.url + "/newsletter/")
    assert serious_violations(page) == []
    page.get_by_role("link", name="Our first newsletter").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Our first newsletter"
    assert serious_violations(page) == []
