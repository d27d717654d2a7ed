"""The blog index and a post cost the same number of queries with 5 posts as with 50."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AuthorFactory, BlogPageFactory, CategoryFactory, ImageFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    client.get(url)  # create image renditions
    # An empty cache, as after a deploy: renditions must come from a prefetch.
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_posts(blog_index, count, start):
    image = ImageFactory()
    categories = [CategoryFactory(), CategoryFactory()]
    for i in range(start, start + count):
        BlogPageFactory(
            parent=blog_index,
            slug=f"post-{i}",
            featured_image=image if i % 2 else ImageFactory(),
            authors=[AuthorFactory(), AuthorFactory()],
            categories=categories,
            tags=[f"tag-{i}", "shared"],
        )


@pytest.mark.parametrize("url", ["/blog/", "/blog/?tag=shared", "/blog/?page=2", "/"])
def test_blog_listing_queries_do_not_grow(client, blog_index, url):
    add_posts(blog_index, 5, 0)
    few = queries_for(client, url)

    add_posts(blog_index, 45, 5)
    many = queries_for(client, url)

    assert many == few
    assert few <= 25


def test_post_page_queries_do_not_grow(client, blog_index):
    add_posts(blog_index, 5, 0)
    few = queries_for(client, "/blog/post-2/")

    add_posts(blog_index, 45, 5)
    many = queries_for(client, "/blog/post-2/")

    assert many == few
