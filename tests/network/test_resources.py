"""The resources library: filters without JavaScript, downloads, search, sitemap,
and a listing whose query count does not grow with the number of resources."""

import re

import pytest
from django.core.cache import cache

from tests.factories import ResourceIndexPageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(home_page):
    return ResourceIndexPageFactory(parent=home_page)


def titles(html):
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html)


@pytest.fixture
def shelf(library):
    return {
        "toolkit": ResourcePageFactory(
            parent=library, title="Toolkit", topic="local-campaigning", audience="women"
        ),
        "briefing": ResourcePageFactory(
            parent=library,
            title="Briefing",
            topic="hospitals",
            audience="commissioners",
            resource_format="briefing",
        ),
        "guide": ResourcePageFactory(
            parent=library,
            title="Guide",
            topic="hospitals",
            audience="professionals",
            resource_format="guide",
        ),
    }


def test_all_resources_are_listed_with_size_and_format(client, shelf):
    html = client.get("/resources/").content.decode()

    assert sorted(titles(html)) == ["Briefing", "Guide", "Toolkit"]
    size = shelf["toolkit"].document.file.size
    assert re.search(r"\(PDF, [0-9.,]+\s(bytes|KB)\)", html.replace("\xa0", " "))
    assert size > 0


@pytest.mark.parametrize(
    "query, expected",
    [
        ("topic=hospitals", ["Briefing", "Guide"]),
        ("audience=commissioners", ["Briefing"]),
        ("topic=hospitals&resource_format=guide", ["Guide"]),
        ("topic=local-campaigning&audience=commissioners", []),
    ],
)
def test_filters_are_a_plain_get_form(client, shelf, query, expected):
    response = client.get(f"/resources/?{query}")

    html = response.content.decode()
    assert response.status_code == 200
    assert sorted(titles(html)) == expected
    assert '<form class="filter-form" method="get"' in html


def test_an_unknown_filter_value_says_so_plainly(client, shelf):
    response = client.get("/resources/?topic=nonsense&audience=%00")

    html = response.content.decode()
    assert response.status_code == 200
    assert titles(html) == []
    assert "We could not use one of the choices in that link" in html


@pytest.mark.parametrize(
    "query, kept",
    [
        ("topic=hospitals&audience=&resource_format=", True),  # as the form sends it
        ("topic=hospitals&audience=&resource_format=guide", False),  # two filters at once
        ("topic=hospitals&page=1", True),
        ("topic=nonsense", False),
        ("topic=hospitals&page=7", False),  # get_page shows page 1
        ("topic=hospitals&q=x", False),
    ],
)
def test_filtered_lists_are_kept_by_the_page_cache_only_as_the_page_reads_them(
    client, shelf, page_cache_on, query, kept
):
    first, second = (client.get(f"/resources/?{query}") for _ in range(2))

    assert first.status_code == second.status_code == 200
    assert second.get("X-Page-Cache") == ("hit" if kept else None)
    assert titles(second.content.decode()) == titles(first.content.decode())


def test_document_downloads(client, shelf):
    resource = shelf["toolkit"]
    html = client.get(resource.url).content.decode()
    href = re.search(r'href="([^"]+)" download data-document', html).group(1)

    response = client.get(href)

    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"%PDF-1.4")
    assert body == resource.document.file.open("rb").read()


def test_easy_read_version_is_linked(client, library):
    easy = ResourcePageFactory(parent=library, title="Easy", resource_format="easy-read")
    full = ResourcePageFactory(parent=library, title="Full report", easy_read_page=easy)

    html = client.get(full.url).content.decode()

    assert f'href="{easy.url}">Easy-read version' in html


def test_resources_are_in_search_and_sitemap(client, shelf):
    search = client.get("/search/?q=Briefing").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()

    assert "Briefing" in search and "Resource" in search
    assert shelf["briefing"].url in sitemap
    assert "/resources/" in sitemap


@pytest.mark.parametrize("url", ["/resources/", "/resources/?topic=hospitals"])
def test_listing_queries_are_flat_at_5_and_50(
    client, library, django_assert_max_num_queries, django_assert_num_queries, url
):
    easy = ResourcePageFactory(parent=library, title="Easy read", topic="hospitals")
    for _ in range(4):
        ResourcePageFactory(parent=library, topic="hospitals", easy_read_page=easy)
    client.get(url)
    cache.clear()
    with django_assert_max_num_queries(25) as at_5:
        html = client.get(url).content.decode()
    few = len(at_5)  # read at once: the next request empties Django's query log
    assert len(titles(html)) == 5

    for _ in range(45):
        ResourcePageFactory(parent=library, topic="hospitals", easy_read_page=easy)
    cache.clear()
    with django_assert_num_queries(few):
        html = client.get(url).content.decode()
    assert len(titles(html)) == 20  # one page of the list


@pytest.mark.parametrize(
    "page, shown",
    [("abc", "first"), ("", "first"), ("999", "last"), ("2", "last")],
)
def test_a_bad_page_number_shows_a_real_page(client, library, settings, monkeypatch, page, shown):
    """?page= that is not a number falls back to the first page and one past the
    end to the last, the way Paginator.get_page() does it, never an error."""
    monkeypatch.setattr("network.resources.RESOURCES_PER_PAGE", 2)
    for n in range(3):
        ResourcePageFactory(parent=library, title=f"Resource {n}")

    response = client.get(f"/resources/?page={page}")

    assert response.status_code == 200
    first = titles(client.get("/resources/").content.decode())
    last = titles(client.get("/resources/?page=2").content.decode())
    assert len(first) == 2 and len(last) == 1
    assert titles(response.content.decode()) == (first if shown == "first" else last)
