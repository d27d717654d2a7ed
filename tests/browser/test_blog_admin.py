"""A staff member writes and publishes a blog post in the Wagtail admin, then finds it."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from blog.models import BlogPage
from tests.factories import ImageFactory

PASSWORD = "a-long-test-password"


@pytest.fixture
def staff_user(demo_site):
    return get_user_model().objects.create_superuser(
        username="comms", email="comms@example.org", password=PASSWORD
    )


def test_staff_writes_a_post_with_image_and_quote_and_publishes_it(
    demo_site, staff_user, live_server, page, settings
):
    # Wagtail 8 autosaves a new page every 500 ms. At a robot's typing speed the
    # first autosave (which creates the page) can still be in flight when Publish
    # is clicked, and the create form then meets its own slug: switch it off here.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    image = ImageFactory(title="Women at a meeting", description="Women around a table, talking")
    blog_index = BlogPage.objects.first().get_parent()
    page.set_default_timeout(15_000)

    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("comms")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/admin/$"), wait_until="domcontentloaded")

    page.goto(f"{live_server.url}/admin/pages/add/blog/blogpage/{blog_index.pk}/")
    page.locator("#id_title").fill("Our first campaign meeting")
    page.locator("#id_intro").fill("Women from five partners met to plan the consultation.")

    # The author, chosen from the snippets in a modal.
    choose_author = re.compile("Choose (a )?blog author|Choose author")
    page.get_by_role("button", name=choose_author).first.click()
    page.get_by_role("dialog").get_by_role("link", name="Penny Bennett").click()

    # Body: an image block and a quote block from the shared library.
    body = page.locator('[data-contentpath="body"]')
    body.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Image", exact=True).click()
    # The block's own chooser, not the featured image's above the body.
    body.get_by_role("button", name="Choose an image").click()
    page.get_by_role("dialog").get_by_role("link", name="Women at a meeting").click()
    # No second description: the block's picture is described by the image's own.
    # (The block's own fields are there first, so the zero is not read too early.)
    caption = page.locator("input[id$='-value-caption']")
    expect(caption).to_be_visible()
    assert page.locator("input[id$='-value-alt_text']").count() == 0
    caption.fill("The first meeting")

    body.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Quote").click()
    page.locator("textarea[id$='-value-quote']").fill("This is the start of something.")
    page.locator("input[id$='-value-attribution']").fill("Joyce Kallevik")

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    # The admin's explorer may keep loading extras; the message is what matters.
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/$"), wait_until="domcontentloaded")
    assert "created and published" in page.locator(".messages").inner_text()

    post = BlogPage.objects.get(title="Our first campaign meeting")
    assert post.live
    assert [b.block_type for b in post.body] == ["image", "quote"]
    assert post.body[0].value["image"].pk == image.pk
    assert post.featured_image is None

    page.goto(live_server.url + "/blog/")
    page.get_by_role("link", name="Our first campaign meeting").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Our first campaign meeting"
    assert page.locator("blockquote").inner_text() == "This is the start of something."
    expect(page.get_by_role("img", name="Women around a table, talking")).to_be_visible()

    feed = page.request.get(live_server.url + "/blog/feed/rss/").text()
    assert "<title>Our first campaign meeting</title>" in feed
    assert f"{post.url}</link>" in feed
