"""Fuzzing the ballot beyond tests/ballot/test_properties.py: query strings
on every ballot address, huge and too many values, urlencoded bodies and raw
bytes with odd charsets. Never a 500; a vote is stored only with the
"thanks" redirect, and then exactly one with three choices."""

import pytest
from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st

from tests.fuzz.conftest import stored
from tests.fuzz.strategies import (
    CONTENT_TYPES,
    FUZZ,
    QUERY_STRINGS,
    bodies,
    encode,
    raw_bodies,
)

pytestmark = pytest.mark.django_db


def ballot_fields(ballot):
    options = [str(pk) for pk in ballot.options.values_list("pk", flat=True)]
    return {
        "options": [*options, "0", "-1", "99999999999999999999", "1.5"],
        "code": ["", "ABCD-EFGH", "\x00"],
        "website": ["", "https://spam.example/"],
        "form_token": ["short", "a" * 32, "b" * 200],
        "via": ["", "1", "abc"],
        "kiosk": ["", "1"],
        "next": ["/", "https://evil.example/", "//evil.example"],
        "age_band": ["25-34", "nope"],
        "region": ["london", "nowhere"],
        "services": ["prison", "nope"],
        "csrfmiddlewaretoken": ["x" * 64],
    }


def check(response, before):
    assert response.status_code < 500
    after = stored()
    location = response.get("Location", "")
    if response.status_code == 303 and "thanks" in location:
        # A new vote, or a repeat of an already used form token (nothing new).
        new = after["votes"] - before["votes"]
        assert new in {0, 1}
        assert after["choices"] - before["choices"] == 3 * new
        assert (after["tallies"] > before["tallies"]) == bool(new)
        assert after["members"] == before["members"]
        assert after["submissions"] == before["submissions"]
    else:
        assert response.status_code in {200, 400, 403, 405, 413, 429}
        assert after == before


@FUZZ
@given(data=st.data())
def test_ballot_survives_any_post_and_query(forms_site, data):
    body = data.draw(bodies(ballot_fields(forms_site["ballot"])), label="body")
    query = data.draw(st.one_of(st.just(""), QUERY_STRINGS), label="query")
    urlencoded = data.draw(st.booleans(), label="urlencoded")
    before = stored()

    response = Client().post(f"/have-your-say/?{query}", **encode(body, urlencoded))

    check(response, before)


@FUZZ
@given(data=st.data())
def test_ballot_survives_raw_bytes_with_any_charset(forms_site, data):
    raw = data.draw(raw_bodies(ballot_fields(forms_site["ballot"])), label="raw")
    kind = data.draw(CONTENT_TYPES, label="content type")
    before = stored()

    response = Client().generic("POST", "/have-your-say/", raw, content_type=kind)

    check(response, before)


@FUZZ
@given(
    path=st.sampled_from(["/have-your-say/", "/have-your-say/results.json", "/have-your-say/x/"]),
    query=QUERY_STRINGS,
)
# Found by this test: a NUL byte in ?via= reached an Organisation lookup, a
# database error (500) on PostgreSQL.
@example(path="/have-your-say/", query="via=%00")
@example(path="/have-your-say/", query="via=a%00b&kiosk=%00&v=%00&ballot_thanks=%00")
def test_ballot_addresses_survive_any_query_string(forms_site, path, query):
    before = stored()

    response = Client().get(path, QUERY_STRING=query)

    assert response.status_code in {200, 403, 404}
    assert stored() == before
