"""The home page's sections (latest posts, campaigns) follow the page's language.

A translated home page lists the blog and the campaigns of its own language
tree; the Welsh home page once listed the English blog's posts, under a
Welsh heading, because the section took the first blog of the whole site.
"""

import pytest
from django.utils.html import escape
from wagtail.models import Locale

from blog.models import BlogIndexPage, BlogPage
from network.models import CampaignIndexPage
from tests.factories import BlogPageFactory, translate_page

pytestmark = pytest.mark.django_db

POSTS = 'id="latest-posts-heading"'
CAMPAIGNS = 'id="campaigns-heading"'


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def english_titles():
    english = Locale.objects.get(language_code="en-gb")
    return [
        escape(title)
        for title in BlogPage.objects.live()
        .filter(locale=english)
        .order_by("-date", "-pk")
        .values_list("title", flat=True)[:3]
    ]


def test_english_home_lists_the_english_blog_and_campaigns(demo, client):
    html = client.get("/").content.decode()
    assert POSTS in html and CAMPAIGNS in html
    assert all(title in html for title in english_titles())


def test_welsh_home_lists_no_english_posts_or_campaigns(demo, client):
    """The demo translates no blog or campaign list into Welsh: nothing to list."""
    assert not BlogIndexPage.objects.filter(locale__language_code="cy").exists()
    assert not CampaignIndexPage.objects.filter(locale__language_code="cy").exists()
    html = client.get("/cy/").content.decode()
    assert POSTS not in html and CAMPAIGNS not in html
    assert not any(title in html for title in english_titles())


def test_welsh_home_lists_the_welsh_blog(demo, client):
    english = BlogIndexPage.objects.live().get(locale__language_code="en-gb")
    welsh_index = translate_page(english, ["cy"])["cy"]
    assert welsh_index.live
    BlogPageFactory(parent=welsh_index, title="Newyddion o'r rhwydwaith", slug="newyddion")
    html = client.get("/cy/").content.decode()
    assert POSTS in html
    assert "Newyddion o&#x27;r rhwydwaith" in html
    assert "/cy/blog/newyddion/" in html
    assert not any(title in html for title in english_titles())
