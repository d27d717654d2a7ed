"""The blog index filters by category, tag and author, paginates, and explains empty results."""

import pytest

from blog.models import POSTS_PER_PAGE
from tests.factories import AuthorFactory, BlogPageFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def titles(response):
    return [post.title for post in response.context["posts"]]


def test_index_lists_newest_first(client, blog_index):
    import datetime

    BlogPageFactory(parent=blog_index, title="Older", date=datetime.date(2025, 1, 1))
    BlogPageFactory(parent=blog_index, title="Newer", date=datetime.date(2025, 6, 1))

    assert titles(client.get("/blog/")) == ["Newer", "Older"]


def test_filter_by_category(client, blog_index):
    advocacy = CategoryFactory(name="Advocacy", slug="advocacy")
    BlogPageFactory(parent=blog_index, title="In advocacy", categories=[advocacy])
    BlogPageFactory(parent=blog_index, title="Elsewhere")

    response = client.get("/blog/?category=advocacy")

    assert titles(response) == ["In advocacy"]
    html = response.content.decode()
    assert "1 post in Advocacy" in html
    assert '<option value="advocacy" selected>Advocacy</option>' in html
    # The per-category feeds are offered in the head.
    assert 'href="/blog/category/advocacy/feed/rss/"' in html.split("</head>")[0]


def test_filter_by_tag(client, blog_index):
    BlogPageFactory(parent=blog_index, title="Tagged", tags=["prison"])
    BlogPageFactory(parent=blog_index, title="Not tagged", tags=["housing"])

    assert titles(client.get("/blog/?tag=prison")) == ["Tagged"]


def test_filter_by_author(client, blog_index):
    penny = AuthorFactory(name="Penny Bennett", slug="penny-bennett")
    other = AuthorFactory()
    BlogPageFactory(parent=blog_index, title="By Penny", authors=[penny])
    BlogPageFactory(parent=blog_index, title="Together", authors=[other, penny])
    BlogPageFactory(parent=blog_index, title="By someone else", authors=[other])

    response = client.get("/blog/?author=penny-bennett")

    assert sorted(titles(response)) == ["By Penny", "Together"]
    assert "2 posts by Penny Bennett" in response.content.decode()


def test_filters_combine(client, blog_index):
    category = CategoryFactory(slug="wmhn")
    author = AuthorFactory(slug="joyce")
    BlogPageFactory(parent=blog_index, title="Both", categories=[category], authors=[author])
    BlogPageFactory(parent=blog_index, title="Category only", categories=[category])
    BlogPageFactory(parent=blog_index, title="Author only", authors=[author])

    assert titles(client.get("/blog/?category=wmhn&author=joyce")) == ["Both"]


def test_post_in_two_matching_categories_is_listed_once(client, blog_index):
    a = CategoryFactory(slug="a")
    BlogPageFactory(parent=blog_index, title="Once", categories=[a, CategoryFactory()])

    assert titles(client.get("/blog/?category=a")) == ["Once"]


def test_pagination_keeps_filters(client, blog_index):
    category = CategoryFactory(slug="wmhn")
    for _ in range(POSTS_PER_PAGE + 2):
        BlogPageFactory(parent=blog_index, categories=[category])

    first = client.get("/blog/?category=wmhn")
    second = client.get("/blog/?category=wmhn&page=2")

    assert len(titles(first)) == POSTS_PER_PAGE
    assert len(titles(second)) == 2
    assert set(titles(first)).isdisjoint(titles(second))
    assert 'href="?category=wmhn&amp;page=2" rel="next"' in first.content.decode()


@pytest.mark.parametrize("number", ["abc", "0", "-1", "999", "1.5"])
def test_bad_page_numbers_fall_back_to_a_real_page(client, blog_index, number):
    BlogPageFactory(parent=blog_index, title="Only post")

    response = client.get(f"/blog/?page={number}")

    assert response.status_code == 200
    assert titles(response) == ["Only post"]


def test_empty_blog_has_a_friendly_empty_state(client, blog_index):
    response = client.get("/blog/")

    assert response.status_code == 200
    assert "There are no posts yet" in response.content.decode()


def test_no_matches_offers_a_way_back(client, blog_index):
    CategoryFactory(slug="quiet")
    BlogPageFactory(parent=blog_index)

    html = client.get("/blog/?category=quiet").content.decode()

    assert "No posts match these choices yet" in html
    assert '<a href="/blog/">See all posts</a>' in html


@pytest.mark.parametrize("query", ["category=no-such", "tag=no-such", "author=no-such"])
def test_unknown_filter_values_say_so_plainly(client, blog_index, query):
    BlogPageFactory(parent=blog_index)

    response = client.get(f"/blog/?{query}")

    assert response.status_code == 200
    assert titles(response) == []
    assert "We could not find the" in response.content.decode()
