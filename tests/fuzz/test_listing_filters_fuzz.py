"""The listing pages' filter forms (blog, partners, campaigns) are public GET
forms too: any query string, never a 500."""

import pytest
from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st

from tests.fuzz.strategies import FUZZ, QUERY_STRINGS

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings(home_page):
    from tests.factories import (
        BlogIndexPageFactory,
        CampaignIndexPageFactory,
        NetworkIndexPageFactory,
    )

    BlogIndexPageFactory(parent=home_page)
    NetworkIndexPageFactory(parent=home_page)
    CampaignIndexPageFactory(parent=home_page)


@FUZZ
@given(path=st.sampled_from(["/blog/", "/network/", "/campaigns/"]), query=QUERY_STRINGS)
# A NUL byte in a filter reached a slug lookup: a database error on PostgreSQL.
@example(path="/blog/", query="category=%00")
@example(path="/blog/", query="tag=a%00")
@example(path="/blog/", query="author=%00")
@example(path="/network/", query="sector=%00")
@example(path="/campaigns/", query="status=%00")
def test_listing_filters_take_any_query_string(listings, path, query):
    response = Client().get(path, QUERY_STRING=query)

    assert response.status_code in {200, 404}
