"""Share links on posts, campaigns and the ballot's thank-you page: plain links
built from SITE_URL, no third-party script, nothing about the vote."""

import re
from html import unescape
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from tests.ballot.conftest import vote_data
from tests.factories import (
    BallotPageFactory,
    BlogIndexPageFactory,
    BlogPageFactory,
    CampaignIndexPageFactory,
    CampaignPageFactory,
)

pytestmark = pytest.mark.django_db

ADDRESS = "https://share.example.org"
SERVICES = ("email", "whatsapp", "facebook", "x", "bluesky", "copy")


@pytest.fixture
def addressed(settings, home_page):
    from home.site_url import sync_default_site

    settings.SITE_URL = ADDRESS
    sync_default_site()
    return home_page


def share_section(html):
    return html.split('<section class="share"')[1].split("</section>")[0]


def share_links(html):
    section = share_section(html)
    return {
        key: unescape(href)
        for href, key in re.findall(r'href="([^"]+)"[^>]*data-share="([a-z]+)"', section)
    }


def assert_carries(links, url):
    assert set(links) == set(SERVICES)
    for key, href in links.items():
        assert url in unquote(href), (key, href)
        assert "testserver" not in href and "localhost" not in href


def test_blog_post_share_links_carry_the_canonical_address(client, addressed):
    blog = BlogIndexPageFactory(parent=addressed, slug="blog")
    post = BlogPageFactory(parent=blog, slug="hello", title="Hello & welcome")

    html = client.get(post.url + "?utm_source=x", HTTP_HOST="testserver").content.decode()

    links = share_links(html)
    assert_carries(links, f"{ADDRESS}/blog/hello/")
    assert "utm_source" not in share_section(html)
    assert parse_qs(urlsplit(links["facebook"]).query) == {"u": [f"{ADDRESS}/blog/hello/"]}
    assert urlsplit(links["bluesky"]).netloc == "bsky.app"
    assert parse_qs(urlsplit(links["email"]).query)["subject"] == ["Hello & welcome"]
    assert links["copy"] == f"{ADDRESS}/blog/hello/"


def test_campaign_page_has_share_links(client, addressed):
    index = CampaignIndexPageFactory(parent=addressed, slug="campaigns")
    campaign = CampaignPageFactory(parent=index, slug="safe-wards")

    html = client.get(campaign.url).content.decode()

    assert_carries(share_links(html), f"{ADDRESS}/campaigns/safe-wards/")


def test_thank_you_page_shares_the_ballot_and_never_the_vote(client, addressed):
    ballot = BallotPageFactory(parent=addressed, slug="have-your-say", title="Have your say")
    data = vote_data(ballot)
    chosen = [o.title for o in ballot.options.all() if str(o.pk) in map(str, data["options"])]

    response = client.post("/have-your-say/", data)
    html = client.get(response["Location"]).content.decode()

    links = share_links(html)
    assert_carries(links, f"{ADDRESS}/have-your-say/")
    section = unquote(share_section(html))
    assert "?v=" not in section and "thanks" not in section
    assert not any(title in section for title in chosen)
    assert "voted" not in section.lower()


def test_share_links_are_plain_links_without_scripts(client, addressed):
    blog = BlogIndexPageFactory(parent=addressed, slug="blog")
    post = BlogPageFactory(parent=blog, slug="hello")

    html = client.get(post.url).content.decode()

    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    # Only this site's own scripts: static files and the translation catalogue
    # (/jsi18n/, or /<language>/jsi18n/); nothing from a sharing service.
    own = re.compile(r"^/(static/|([a-z-]+/)?jsi18n/)")
    assert scripts and all(own.match(src) for src in scripts), scripts
    assert "<iframe" not in share_section(html)
