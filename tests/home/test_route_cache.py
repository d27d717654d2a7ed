"""home/route_cache.py keeps an anonymous visitor's page route (issue 15): a
second visit finds the site and page without a query, and anything that
changes what a path shows (publishing, a new slug, unpublishing, a view
restriction) makes the next visit look it up afresh.

``?fresh=1`` keeps the whole-page cache (home/cache.py) out of the way: a
request with an unknown parameter is never served from it, while the route
does not depend on the query string."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def about(home_page):
    return StandardPageFactory(parent=home_page, slug="about", title="About", intro="Our plans")


def visit(path, client=None, method="get"):
    response = getattr(client or Client(), method)(path)
    return response, getattr(response.wsgi_request, "route_cache", None)


def route_queries(path):
    """The queries of one visit that look up the site or a page row."""
    with CaptureQueriesContext(connection) as ctx:
        response, state = visit(path)
    sql = [q["sql"] for q in ctx.captured_queries]
    routing = [s for s in sql if "wagtailcore_site" in s or 'FROM "wagtailcore_page"' in s]
    return response, state, routing


def test_second_visit_is_served_from_the_route_cache_without_routing_queries(about, page_cache_on):
    first, first_state, first_routing = route_queries("/about/?fresh=1")
    second, second_state, second_routing = route_queries("/about/?fresh=1")

    assert (first_state, second_state) == ("miss", "hit")
    assert first_routing, "the first visit routes with queries"
    assert second_routing == []
    assert first.status_code == second.status_code == 200
    assert "Our plans" in second.content.decode()


def test_publishing_the_page_shows_the_new_version_at_once(about, page_cache_on):
    visit("/about/?fresh=1")
    assert visit("/about/?fresh=1")[1] == "hit"

    about.intro = "New words"
    about.save_revision().publish()

    response, state = visit("/about/?fresh=1")
    assert state == "miss"
    assert "New words" in response.content.decode()


def test_a_new_slug_moves_the_page_and_the_old_path_is_gone(about, page_cache_on):
    visit("/about/?fresh=1")
    assert visit("/about/?fresh=1")[1] == "hit"

    about.slug = "who-we-are"
    about.save_revision().publish()

    assert visit("/about/?fresh=1")[0].status_code == 404
    assert visit("/who-we-are/?fresh=1")[0].status_code == 200


def test_an_unpublished_page_is_gone_at_once(about, page_cache_on):
    visit("/about/?fresh=1")
    assert visit("/about/?fresh=1")[1] == "hit"

    about.unpublish()

    assert visit("/about/?fresh=1")[0].status_code == 404


def test_the_language_is_part_of_the_key(home_page, about, page_cache_on):
    welsh = Locale.objects.get_or_create(language_code="cy")[0]
    home_cy = home_page.copy_for_translation(welsh, copy_parents=True)
    home_cy.save_revision().publish()
    about_cy = about.copy_for_translation(welsh)
    about_cy.title = "Amdanom ni"
    about_cy.save_revision().publish()

    visit("/about/?fresh=1")
    assert visit("/about/?fresh=1")[1] == "hit"
    welsh_first, welsh_state = visit("/cy/about/?fresh=1")

    assert welsh_state == "miss"
    assert visit("/cy/about/?fresh=1")[1] == "hit"
    welsh_again = visit("/cy/about/?fresh=1")[0].content.decode()
    assert "Amdanom ni" in welsh_first.content.decode()
    assert "Amdanom ni" in welsh_again
    assert "Amdanom ni" not in visit("/about/?fresh=1")[0].content.decode()


def test_posts_and_404s_are_never_kept(about, page_cache_on):
    visit("/about/?fresh=1", method="post")
    assert visit("/about/?fresh=1", method="post")[1] is None
    visit("/nowhere/?fresh=1")
    assert visit("/nowhere/?fresh=1")[1] == "miss"
    # A page published at the missing path afterwards is found at once.
    StandardPageFactory(parent=about.get_parent(), slug="nowhere", title="Now here")
    assert "Now here" in visit("/nowhere/?fresh=1")[0].content.decode()


def test_a_private_page_is_never_kept(about, page_cache_on):
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)

    visit("/about/?fresh=1")
    response, state = visit("/about/?fresh=1")

    assert state == "miss"
    assert response.status_code == 302


def test_a_restriction_added_later_is_checked_at_once(about, page_cache_on):
    visit("/about/?fresh=1")
    assert visit("/about/?fresh=1")[1] == "hit"

    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)

    response, state = visit("/about/?fresh=1")
    assert state == "miss"
    assert response.status_code == 302


def test_a_signed_in_editor_is_never_served_from_it(about, page_cache_on, admin_client):
    visit("/about/?fresh=1")
    assert visit("/about/?fresh=1")[1] == "hit"

    response, state = visit("/about/?fresh=1", client=admin_client)

    assert state is None
    assert response.status_code == 200


def test_nothing_is_kept_with_the_page_cache_off(about, settings):
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()

    visit("/about/")
    assert visit("/about/")[1] is None


def test_fixed_sub_routes_are_kept_and_sub_routes_with_arguments_are_not(home_page, page_cache_on):
    from tests.factories import BlogIndexPageFactory, CategoryFactory

    BlogIndexPageFactory(parent=home_page, slug="blog", title="Blog")
    category = CategoryFactory()
    by_category = f"/blog/category/{category.slug}/feed/rss/?fresh=1"

    visit("/blog/feed/rss/?fresh=1")
    feed, state = visit("/blog/feed/rss/?fresh=1")
    visit(by_category)
    category_feed, category_state = visit(by_category)

    assert state == "hit"
    assert feed.status_code == 200 and b"<rss" in feed.content
    assert category_state == "miss"
    assert category_feed.status_code == 200
