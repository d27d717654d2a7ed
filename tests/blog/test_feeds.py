"""RSS and Atom feeds parse as XML of the right kind and carry the right posts."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from blog.feeds import FEED_LENGTH
from tests.factories import AuthorFactory, BlogPageFactory, CategoryFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("title") and channel.findtext("link")
    return [
        {
            "title": item.findtext("title"),
            "link": item.findtext("link"),
            "description": item.findtext("description"),
            "categories": [c.text for c in item.findall("category")],
            "pubDate": item.findtext("pubDate"),
        }
        for item in channel.findall("item")
    ]


def atom_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}id") and root.findtext(f"{ATOM}updated")
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "id": entry.findtext(f"{ATOM}id"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
            "updated": entry.findtext(f"{ATOM}updated"),
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


@pytest.fixture
def posts(blog_index):
    wmhn = CategoryFactory(name="WMHN", slug="wmhn")
    author = AuthorFactory(name="Joyce Kallevik")
    older = BlogPageFactory(
        parent=blog_index,
        title="Older post",
        date=datetime.date(2025, 1, 20),
        categories=[wmhn],
        authors=[author],
    )
    newer = BlogPageFactory(
        parent=blog_index, title="Newer post", date=datetime.date(2025, 4, 7), authors=[author]
    )
    draft = BlogPageFactory(parent=blog_index, title="Draft post", categories=[wmhn])
    draft.unpublish()
    return older, newer


def test_rss_feed_of_all_posts(client, posts):
    older, _ = posts
    items = rss_items(client, "/blog/feed/rss/")

    assert [i["title"] for i in items] == ["Newer post", "Older post"]
    assert items[1]["link"] == f"http://localhost{older.url}"
    assert items[1]["description"] == "A short introduction to the post."
    assert items[1]["categories"] == ["WMHN"]
    assert items[1]["pubDate"].startswith("Mon, 20 Jan 2025")


def test_atom_feed_of_all_posts(client, posts):
    _, newer = posts
    entries = atom_entries(client, "/blog/feed/atom/")

    assert [e["title"] for e in entries] == ["Newer post", "Older post"]
    assert entries[0]["author"] == "Joyce Kallevik"
    assert entries[0]["link"] == f"http://localhost{newer.url}"
    assert entries[0]["id"] == entries[0]["link"]


def test_category_feeds_hold_only_that_category(client, posts):
    assert [i["title"] for i in rss_items(client, "/blog/category/wmhn/feed/rss/")] == [
        "Older post"
    ]
    assert [e["title"] for e in atom_entries(client, "/blog/category/wmhn/feed/atom/")] == [
        "Older post"
    ]


def test_unknown_category_feed_is_404(client, blog_index):
    assert client.get("/blog/category/nothing/feed/rss/").status_code == 404


def test_feed_is_capped(client, blog_index):
    for _ in range(FEED_LENGTH + 3):
        BlogPageFactory(parent=blog_index)

    assert len(rss_items(client, "/blog/feed/rss/")) == FEED_LENGTH


def test_home_follow_link_points_at_blog_with_feeds(client, home_page, blog_index):
    home_page.follow_page = blog_index
    home_page.save_revision().publish()

    home = client.get("/").content.decode()
    blog = client.get("/blog/").content.decode()

    assert 'href="/blog/">Follow our updates</a>' in home
    assert '<a href="/blog/feed/rss/">RSS feed</a>' in blog
    assert '<a href="/blog/feed/atom/">Atom feed</a>' in blog
