"""Parts of a page its view renders once and keeps for every visitor (issue 15):
a post's older/newer links and related posts, the home page's sections. They
are what a page costs most to build, so a visitor the page cache cannot serve
(a query string, a session) gets them without their queries; publishing any
page renders them afresh, and an editor's preview never uses them."""

import datetime

import pytest
from django.db import connection
from django.test import Client, RequestFactory

from tests.factories import BlogIndexPageFactory, BlogPageFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def statements(path):
    """The page's HTML and the SQL its request sent."""
    seen = []

    def record(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode(), seen


@pytest.fixture
def posts(home_page):
    index = BlogIndexPageFactory(parent=home_page)
    topic = CategoryFactory(name="Housing")
    made = [
        BlogPageFactory(
            parent=index,
            slug=f"post-{n}",
            title=f"Post {n}",
            date=datetime.date(2025, 1, n),
            categories=[topic],
        )
        for n in (1, 2, 3)
    ]
    return index, made


def test_second_visitor_of_a_post_gets_its_links_and_related_posts_kept(posts, page_cache_on):
    # "?x=1": the page cache cannot serve it (home/cache.py), the kept parts can.
    first_html, first_sql = statements("/blog/post-2/?x=1")
    second_html, second_sql = statements("/blog/post-2/?x=1")

    assert any('"is_related"' in sql for sql in first_sql)
    assert not any('"is_related"' in sql for sql in second_sql)
    assert len(second_sql) < len(first_sql)
    for html in (first_html, second_html):
        assert '<a href="/blog/post-1/" rel="prev">' in html
        assert '<a href="/blog/post-3/" rel="next">' in html
        assert 'id="related-heading"' in html
    assert second_html == first_html


def test_publishing_a_post_renews_the_kept_links_of_its_neighbours(posts, page_cache_on):
    index, (one, two, three) = posts
    statements("/blog/post-2/?x=1")

    three.title = "Post 3, corrected"
    three.save_revision().publish()

    html, _ = statements("/blog/post-2/?x=1")
    assert "Post 3, corrected" in html


def test_second_visitor_of_the_home_page_gets_its_sections_kept(posts, page_cache_on):
    first_html, first_sql = statements("/?x=1")
    second_html, second_sql = statements("/?x=1")

    assert any("blog_blogpage" in sql for sql in first_sql)
    assert not any("blog_blogpage" in sql for sql in second_sql)
    assert 'id="latest-posts-heading"' in second_html
    assert second_html == first_html


def test_a_new_post_shows_on_the_home_page_at_once(posts, page_cache_on):
    index, _ = posts
    statements("/?x=1")

    BlogPageFactory(parent=index, slug="news", title="Fresh news", date=datetime.date(2025, 2, 1))

    html, _ = statements("/?x=1")
    assert "Fresh news" in html


def test_an_editors_preview_never_uses_or_keeps_a_part(home_page, page_cache_on):
    from home.cache import kept_html

    request = RequestFactory().get("/", HTTP_HOST="localhost")
    renders = []

    def render(text):
        renders.append(text)
        return text

    assert kept_html(request, "part", (1,), lambda: render("public")) == "public"
    assert kept_html(request, "part", (1,), lambda: render("again")) == "public"  # kept
    request.is_preview = True
    assert kept_html(request, "part", (1,), lambda: render("draft")) == "draft"
    assert kept_html(request, "part", (1,), lambda: render("draft 2")) == "draft 2"
    assert renders == ["public", "draft", "draft 2"]


def test_a_part_is_kept_apart_for_each_host_and_language(home_page, page_cache_on):
    """Links and words in a part are the host's and the language's: another
    host or language never gets this one's copy."""
    from django.utils import translation

    from home.cache import kept_html

    def part(host, language, text=None):
        request = RequestFactory().get("/", HTTP_HOST=host)
        with translation.override(language):
            return kept_html(request, "part", (1,), lambda: text or f"{host} {language}")

    assert part("localhost", "en-gb") == "localhost en-gb"
    assert part("example.org", "en-gb") == "example.org en-gb"
    assert part("localhost", "cy") == "localhost cy"
    assert part("localhost", "en-gb", text="rendered again") == "localhost en-gb"  # kept
