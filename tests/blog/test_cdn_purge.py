"""What the CDN is told to forget when a post is published (ops/signals.py).

The purge backend below stands in for the CDN's API (a call that leaves the
machine); tests/reliability/test_varnish.py sends real purges to Varnish."""

import datetime

import pytest
from wagtail.contrib.frontend_cache.backends import BaseBackend

from tests.factories import (
    AuthorFactory,
    BlogIndexPageFactory,
    BlogPageFactory,
    CategoryFactory,
    NetworkIndexPageFactory,
    PartnerPageFactory,
)

pytestmark = pytest.mark.django_db


class Recording(BaseBackend):
    urls = []

    def purge(self, url):
        Recording.urls.append(url)


@pytest.fixture
def purged(settings):
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": f"{__name__}.Recording"}}
    Recording.urls = []
    return Recording.urls


def test_a_redated_post_purges_the_posts_that_showed_it_and_those_that_now_do(home_page, purged):
    index = BlogIndexPageFactory(parent=home_page)
    housing = CategoryFactory(name="Housing")

    def post(slug, day, **kwargs):
        return BlogPageFactory(parent=index, slug=slug, date=datetime.date(2025, 1, day), **kwargs)

    network = NetworkIndexPageFactory(parent=home_page)
    partner = PartnerPageFactory(parent=network, slug="wish")
    guest = AuthorFactory(organisation=partner.organisation)
    post("a", 1, categories=[housing])
    moved = post("b", 2, categories=[housing], authors=[guest])
    post("c", 3, categories=[housing])
    post("d", 10)
    purged.clear()

    # Another date and no topic: "a" and "c" showed it (neighbours, related
    # posts) and no longer do; "d" is now the post before it; the partner page
    # of its author's organisation lists it.
    moved.date = datetime.date(2025, 1, 20)
    moved.categories.set([])
    moved.save_revision().publish()

    paths = {url.split("://", 1)[-1].split("/", 1)[-1] for url in purged}
    assert {"blog/a/", "blog/c/", "blog/d/", "blog/b/", "blog/", "network/wish/"} <= paths
