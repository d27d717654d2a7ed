"""Search, membership links and follow-by-email live under the language prefixes
too (issue 12): /ur/search/ is in Urdu, right to left; English keeps its old
unprefixed addresses, so links already sent keep working."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def html_of(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser").html


def test_urdu_search_is_in_urdu_right_to_left(client, home_page):
    html = html_of(client.get("/ur/search/", {"q": "ballot"}))
    assert html["lang"] == "ur"
    assert html["dir"] == "rtl"
    # The search form sends the next search to the Urdu search too.
    assert html.find("form", class_="search-form")["action"] == "/ur/search/"
    with translation.override("ur"):
        label = translation.gettext("Search")
    assert label != "Search"
    assert label in html.get_text()


def test_english_search_keeps_its_address(client, home_page):
    html = html_of(client.get("/search/", {"q": "ballot"}))
    assert html["lang"] == "en-GB"
    assert html["dir"] == "ltr"


@pytest.mark.parametrize(
    "name", ["search", "membership:confirmed", "membership:left", "mailings:follow"]
)
def test_public_routes_have_a_prefix_in_every_other_language(name, client, home_page):
    assert reverse(name).startswith("/") and not reverse(name).startswith("/en")
    with translation.override("pl"):
        polish = reverse(name)
    assert polish.startswith("/pl/")
    html = html_of(client.get(polish))
    assert html["lang"] == "pl"


def test_robots_keeps_every_language_search_out(client):
    text = client.get("/robots.txt").content.decode()
    for prefix in ("", "/ur", "/pl", "/cy"):
        assert f"Disallow: {prefix}/search/" in text
