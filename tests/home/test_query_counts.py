"""Page rendering costs a bounded number of queries, however much content exists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    client.get(url)  # warm caches (site root paths, settings)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_home_page_queries_do_not_grow_with_pages(client, home_page):
    for i in range(3):
        StandardPageFactory(parent=home_page, slug=f"few-{i}")
    few = queries_for(client, "/")

    for i in range(30):
        StandardPageFactory(parent=home_page, slug=f"many-{i}")
    many = queries_for(client, "/")

    assert many == few
    assert few <= 20
