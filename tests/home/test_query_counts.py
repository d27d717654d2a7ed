"""Page rendering costs a bounded number of queries, however much content exists."""

import pytest

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_home_page_queries_do_not_grow_with_pages(
    client, home_page, django_assert_max_num_queries, django_assert_num_queries
):
    for i in range(3):
        StandardPageFactory(parent=home_page, slug=f"few-{i}")
    client.get("/")  # warm caches (site root paths, settings)
    with django_assert_max_num_queries(12) as at_3:
        assert client.get("/").status_code == 200
    few = len(at_3)  # read at once: the next request empties Django's query log

    for i in range(30):
        StandardPageFactory(parent=home_page, slug=f"many-{i}")
    client.get("/")
    with django_assert_num_queries(few):
        assert client.get("/").status_code == 200
