"""Property-based fuzzing of the public search: any query string, never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

params = st.dictionaries(
    keys=st.sampled_from(["q", "page", "x", "q[]", ""]),
    values=st.text(max_size=300),
    max_size=4,
)


@pytest.fixture
def searchable(home_page):
    StandardPageFactory(parent=home_page, slug="advocacy", title="Advocacy in prison")
    return home_page


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=params)
def test_search_never_errors(client, searchable, query):
    response = client.get("/search/", query)

    assert response.status_code == 200
    assert b"<h1>Search</h1>" in response.content


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=0x2FFF), max_size=200))
def test_search_survives_raw_query_strings(client, searchable, raw):
    from urllib.parse import quote

    response = client.get("/search/?" + quote(raw, safe="=&%+"))

    assert response.status_code == 200
