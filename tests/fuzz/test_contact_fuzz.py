"""Property-based fuzzing of the contact form (/contact/): any body, any query
string; never a 500, and nothing stored or emailed unless the reply is the
thank-you page."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from wagtail.contrib.forms.models import FormSubmission

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

CONTACT_FIELDS = {
    "your_name": ["Amira", "  ", "A\x00"],
    "your_email_address": ["amira@example.org", "nope", "a@" + "b" * 300],
    "your_message": ["I would like to share my experience of a ward.", "\r\n", "<script>"],
    "homepage": ["", "https://spam.example/"],
    "captcha": ["", "token"],
    "csrfmiddlewaretoken": ["x" * 64],
}


def thanked(response):
    names = {t.name for t in response.templates}
    return response.status_code == 200 and "home/contact_page_landing.html" in names


def check(response, before):
    assert response.status_code < 500
    after = stored()
    if thanked(response):
        assert after["submissions"] == before["submissions"] + 1
        assert after["emails"] == before["emails"] + 1
        stored_data = FormSubmission.objects.order_by("-pk").first().get_data()
        assert "homepage" not in stored_data
    else:
        assert response.status_code in {200, 400, 403, 413, 429}
        assert after == before


@FUZZ
@given(
    body=bodies(CONTACT_FIELDS),
    query=st.one_of(st.just(""), QUERY_STRINGS),
    urlencoded=st.booleans(),
)
def test_contact_form_survives_any_post(forms_site, body, query, urlencoded):
    before = stored()

    response = Client().post(f"/contact/?{query}", **encode(body, urlencoded))

    check(response, before)


@FUZZ
@given(raw=raw_bodies(CONTACT_FIELDS), kind=CONTENT_TYPES)
def test_contact_form_survives_raw_bytes(forms_site, raw, kind):
    before = stored()

    response = Client().generic("POST", "/contact/", raw, content_type=kind)

    check(response, before)


@FUZZ
@given(
    noise=st.dictionaries(st.text(min_size=1, max_size=20), st.text(max_size=40), max_size=4),
    message=st.text(min_size=1, max_size=500).filter(str.strip),
    query=QUERY_STRINGS,
)
def test_valid_message_with_noise_is_stored_once(forms_site, noise, message, query):
    """Unknown extra fields and any query string do not stop a real message."""
    body = {
        **noise,
        "your_name": "Amira",
        "your_email_address": "amira@example.org",
        "your_message": message,
        "homepage": "",
    }
    before = stored()
    form = "application/x-www-form-urlencoded"

    response = Client().post(f"/contact/?{query}", urlencode(body), content_type=form)

    if "\x00" in message:
        assert response.status_code == 200 and not thanked(response)
        assert stored() == before
    else:
        check(response, before)
        assert thanked(response)
