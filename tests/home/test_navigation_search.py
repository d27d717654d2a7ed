"""Navigation from the page tree, site search, sitemap, robots and favicon."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_navigation_lists_live_menu_pages_and_marks_current(client, home_page):
    about = StandardPageFactory(parent=home_page, title="About", slug="about")
    StandardPageFactory(parent=home_page, title="Hidden", slug="hidden", show_in_menus=False)
    draft = StandardPageFactory(parent=home_page, title="Draft", slug="draft")
    draft.unpublish()

    html = client.get(about.url).content.decode()
    nav = html.split('aria-label="Main"')[1].split("</nav>")[0]

    assert '<a href="/about/" aria-current="page">About</a>' in nav
    assert "Hidden" not in nav
    assert "Draft" not in nav


def test_search_finds_live_pages_only(client, home_page):
    StandardPageFactory(parent=home_page, title="Advocacy in prison", slug="advocacy")
    draft = StandardPageFactory(parent=home_page, title="Advocacy draft", slug="advocacy-draft")
    draft.unpublish()

    response = client.get("/search/", {"q": "advocacy"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Advocacy in prison" in html
    assert "Advocacy draft" not in html
    assert "1 result for" in html


def test_search_with_no_match_says_so(client, home_page):
    html = client.get("/search/", {"q": "zzzznothing"}).content.decode()
    assert "Nothing matched" in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5000},
        {"q": "a", "page": "abc"},
        {"q": "a", "page": "99999"},
        {"q": "\x00"},
        {"q": '"'},
        {"q": "a OR"},
        {"q": "*"},
        {"q": "NEAR("},
        {"q": "-"},
        {"q": 'a" b'},
    ],
)
def test_search_survives_odd_input(client, home_page, params):
    assert client.get("/search/", params).status_code == 200


def test_sitemap_lists_live_pages(client, home_page):
    StandardPageFactory(parent=home_page, title="About", slug="about")
    draft = StandardPageFactory(parent=home_page, title="Draft", slug="draft")
    draft.unpublish()

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    locs = [
        el.text
        for el in ET.fromstring(response.content).iter(
            "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
        )
    ]
    assert any(loc.endswith("/about/") for loc in locs)
    assert not any(loc.endswith("/draft/") for loc in locs)


def test_robots_txt_points_at_sitemap_and_hides_admin(client):
    response = client.get("/robots.txt")

    body = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_favicon_redirects_to_svg(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
