"""One public address: every printed, fed or shared link starts with SITE_URL.

Set to a non-local value here (https://wmhn.example.org); the test client's
host is "testserver" and the fixture's Site starts as "localhost", so any link
built from either shows up.
"""

import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Site

from home.site_url import parse_site_url, sync_default_site
from tests.ballot.conftest import vote_data
from tests.factories import (
    BallotPageFactory,
    BlogIndexPageFactory,
    BlogPageFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

ADDRESS = "https://wmhn.example.org"
LOCAL = ("testserver", "localhost", "127.0.0.1")


@pytest.fixture
def addressed(settings, home_page):
    settings.SITE_URL = ADDRESS
    sync_default_site()
    return home_page


def links(text):
    return re.findall(r"https?://[^\s\"<>,]+", text)


def assert_all_ours(found):
    assert found
    assert all(link.startswith(ADDRESS + "/") for link in found), found


def test_the_default_site_follows_site_url(addressed):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("wmhn.example.org", 443)
    assert site.root_url == ADDRESS


@pytest.mark.parametrize(
    "url",
    [
        "wmhn.example.org",
        "ftp://wmhn.example.org",
        "https://wmhn.example.org/site/",
        "https://wmhn.example.org:8443",
        "http://wmhn.example.org:443",
    ],
)
def test_an_address_wagtail_cannot_give_back_is_refused(url):
    with pytest.raises(ImproperlyConfigured):
        parse_site_url(url)


def test_canonical_and_og_url(client, addressed):
    html = client.get("/").content.decode()

    assert f'<link rel="canonical" href="{ADDRESS}/">' in html
    assert f'<meta property="og:url" content="{ADDRESS}/">' in html


def test_feeds(client, addressed):
    index = BlogIndexPageFactory(parent=addressed, slug="blog", title="Blog")
    BlogPageFactory(parent=index, slug="a-post", title="A post")

    for path in ("/blog/feed/rss/", "/blog/feed/atom/"):
        text = client.get(path).content.decode()
        assert_all_ours(
            [link for link in links(text) if "w3.org" not in link and "purl.org" not in link]
        )
        assert f"{ADDRESS}/blog/a-post/" in text
        assert not any(word in text for word in LOCAL)


def test_sitemap_and_robots(client, addressed):
    sitemap = client.get("/sitemap.xml").content
    locs = [
        el.text
        for el in ET.fromstring(sitemap).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert_all_ours(locs)
    robots = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {ADDRESS}/sitemap.xml" in robots


def test_code_cards_and_their_csv(admin_client, addressed):
    ballot = BallotPageFactory(parent=addressed, slug="have-your-say", title="Have your say")
    org = OrganisationFactory()

    response = admin_client.post(
        "/admin/ballot/codebatch/create/",
        {"ballot": ballot.pk, "organisation": org.pk, "reference": "cards", "size": 2},
    )

    html = response.content.decode()
    assert f"go to {ADDRESS}/have-your-say/ and type the code" in html
    csv = unquote(re.search(r'href="data:text/csv;charset=utf-8,([^"]+)"', html).group(1))
    rows = csv.strip().splitlines()[1:]
    assert len(rows) == 2
    assert all(row.split(",")[1] == f"{ADDRESS}/have-your-say/" for row in rows)
    assert not any(word in html + csv for word in LOCAL)


def test_thank_you_share_link(client, addressed):
    ballot = BallotPageFactory(parent=addressed, slug="have-your-say", title="Have your say")

    response = client.post("/have-your-say/", vote_data(ballot))
    thanks = client.get(response["Location"]).content.decode()

    share = thanks.split('class="share"')[1].split("</section>")[0]
    assert f'href="{ADDRESS}/have-your-say/"' in share
    # Every service's link carries the ballot's address, and no local one.
    targets = [unquote(href) for href in re.findall(r'href="([^"]+)"', share)]
    assert len(targets) == 6
    assert all(f"{ADDRESS}/have-your-say/" in target for target in targets)
    assert not any(word in share for word in LOCAL)
