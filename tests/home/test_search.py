"""Site search on the demo content: any word, stemming, accents, labels, help.

Runs on SQLite (FTS5 with the porter stemmer) and on PostgreSQL (full-text
search with the unaccented English configuration) alike: set DATABASE_URL.
"""

import re

import pytest
from wagtail.models import Site

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

# One page of results: sites and the search itself, its count, one query per
# page type on the page for .specific() (six types on the demo's first page),
# the visitor's locale and the language links, the header's logo (image and
# rendition), and no query per result after that.
MAX_SEARCH_QUERIES = 21


def all_hits(client, query):
    """Every result over all pages of results, in order."""
    found = []
    for number in range(1, 20):
        page = hits(client, query, page=number)
        if not page or page[0] in found:
            return found
        found.extend(page)
    return found


def hits(client, query, page=1):
    """(label, title, url) for each result shown, in order."""
    html = client.get("/search/", {"q": query, "page": page}).content.decode()
    listing = html.split('<ol class="search-results"')[1].split("</ol>")[0] if "<ol" in html else ""
    items = listing.split("<li")[1:]
    found = []
    for item in items:
        label = re.search(r'search-result__label">([^<]+)<', item).group(1)
        url, title = re.search(r'<h3><a href="([^"]+)">([^<]+)</a>', item).groups()
        found.append((label, title.replace("&#x27;", "'"), url))
    return found


def test_any_word_matches_and_the_best_match_comes_first(client, demo):
    found = hits(client, "housing advice")

    assert found[0] == ("Campaign", "Housing", "/campaigns/housing/")
    assert len(found) > 1


def test_a_word_nobody_wrote_does_not_hide_the_others(client, demo):
    assert ("Campaign", "Housing", "/campaigns/housing/") in hits(client, "housing zzzqqq")


def test_stemming_finds_womens_without_the_apostrophe(client, demo):
    found = all_hits(client, "womens")

    assert ("Partner", "Women in Prison", "/network/women-in-prison/") in found
    assert any(label == "Post" and "Women's" in title for label, title, _ in found), found


def test_ballot_finds_the_ballot(client, demo):
    found = hits(client, "ballot")

    # PostgreSQL ranks it first; SQLite's ranking is rougher (the legal pages
    # that mention the ballot can come first), but it is on the first page.
    assert ("Ballot", "Have your say", "/have-your-say/") in found


def test_accents_are_folded_both_ways(client, demo):
    home = Site.objects.get(is_default_site=True).root_page
    StandardPageFactory(parent=home, slug="cafe", title="Peer support café")
    StandardPageFactory(parent=home, slug="naive", title="Naive questions answered")

    assert [t for _, t, _ in hits(client, "cafe")] == ["Peer support café"]
    assert [t for _, t, _ in hits(client, "naïve")] == ["Naive questions answered"]


def test_results_carry_type_date_and_summary(client, demo):
    html = client.get("/search/", {"q": "introducing"}).content.decode()
    post = html.split("Introducing the Women&#x27;s Mental Health Network</a>")[0].rsplit("<li", 1)[
        1
    ]
    assert ">Post</span>" in post
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\d">', post)

    html = client.get("/search/", {"q": "Women in Prison"}).content.decode()
    partner = html.split("Women in Prison</a></h3>")
    assert ">Partner</span>" in partner[0].rsplit("<li", 1)[1]
    assert re.search(r"<p>\w", partner[1].split("</li>")[0]), "the partner's summary is shown"


def test_search_queries_are_bounded(client, demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_SEARCH_QUERIES):
        response = client.get("/search/", {"q": "women mental health"})
    assert response.status_code == 200
    assert response.content.decode().count('<li class="search-result">') == 10


def test_no_results_suggest_a_spelling_and_ways_on(client, demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_SEARCH_QUERIES):
        html = client.get("/search/", {"q": "housng"}).content.decode()

    assert "0 results" in html
    assert 'Did you mean <a href="/search/?q=housing">housing</a>?' in html
    assert "use fewer words" in html
    assert hits(client, "housing")  # and the suggestion does find something


def test_no_suggestion_when_nothing_is_close(client, demo):
    html = client.get("/search/", {"q": "zzzqqq"}).content.decode()

    assert "Nothing matched" in html
    assert "Did you mean" not in html
