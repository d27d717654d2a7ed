"""Fuzzing across every public form: with CSRF checks on (as browsers meet
them) an arbitrary post without a valid token is refused with a plain page
and stores nothing; the search form (a GET form) refuses posts and takes any
bytes as a query string."""

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.conftest import stored
from tests.fuzz.strategies import FUZZ, QUERY_STRINGS, bodies, encode, raw_bodies

pytestmark = pytest.mark.django_db


def latin1(raw):
    return raw.decode("latin-1")


FORMS = ["/have-your-say/", "/join/", "/contact/", "/search/"]
FIELDS = {
    "csrfmiddlewaretoken": ["", "x" * 32, "x" * 64, "\x00" * 64],
    "options": ["1", "2", "3"],
    "form_token": ["a" * 32],
    "name": ["Ada"],
    "email": ["ada@example.org"],
    "consent_membership": ["on"],
    "your_name": ["Amira"],
    "your_email_address": ["amira@example.org"],
    "your_message": ["Hello"],
    "q": ["prison"],
}


@FUZZ
@given(
    path=st.sampled_from(FORMS),
    body=bodies(FIELDS),
    urlencoded=st.booleans(),
    # A WSGI server hands headers over as latin-1 text; "y" * 32 is a
    # well-formed secret that matches no token in FIELDS.
    cookie=st.one_of(st.none(), st.binary(max_size=70).map(latin1), st.just("y" * 32)),
)
def test_posts_without_a_valid_csrf_token_are_refused(forms_site, path, body, urlencoded, cookie):
    client = Client(enforce_csrf_checks=True)
    if cookie is not None:
        client.cookies["csrftoken"] = cookie
    before = stored()

    response = client.post(path, **encode(body, urlencoded))

    assert response.status_code in {400, 403, 413}
    if response.status_code == 403:
        assert b"csrfmiddlewaretoken" not in response.content  # the plain-words page
    assert stored() == before


@FUZZ
@given(raw=raw_bodies(FIELDS), query=st.one_of(st.just(""), QUERY_STRINGS))
def test_search_refuses_posts(forms_site, raw, query):
    response = Client().generic(
        "POST", f"/search/?{query}", raw, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 405


@FUZZ
@given(query=QUERY_STRINGS)
def test_search_takes_any_bytes_as_a_query_string(forms_site, query):
    response = Client().get("/search/", QUERY_STRING=query)

    assert response.status_code == 200
    assert b"<h1>Search</h1>" in response.content
