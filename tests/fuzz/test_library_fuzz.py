"""Issue 14's public forms and listings under fuzzing: the "Share your experience"
form (any body, raw bytes; nothing stored unless thanked), the resources
filters and the events pages and calendar files (any query string)."""

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st

from tests.fuzz.strategies import CONTENT_TYPES, FUZZ, QUERY_STRINGS, bodies, encode, raw_bodies

pytestmark = pytest.mark.django_db

URL = "/share-your-experience/"
FIELDS = {
    "who": ["woman", "worker", "organisation", "queen"],
    "setting": ["hospital", "prison", "police", "housing", "elsewhere"],
    "issue": ["hospitals", "none", "prison", "x"],
    "story": ["The ward was loud all night.", "  ", "\x00", "<script>"],
    "contact": ["anonymous", "contact", "maybe"],
    "name": ["Amira", "", "A\x00"],
    "email": ["amira@example.org", "nope", ""],
    "phone": ["020 7946 0000", "call me", ""],
    "may_quote": ["on", ""],
    "quote_version": ["1", "2", "x", "-1"],
    "website": ["", "https://spam.example/"],
    "csrfmiddlewaretoken": ["x" * 64],
}


@pytest.fixture(autouse=True)
def generous_limit(settings):
    settings.EXPERIENCE_FORM_RATE = "100000/m"
    cache.clear()


@pytest.fixture
def library_site(home_page):
    from tests.factories import (
        EventIndexPageFactory,
        EventPageFactory,
        ExperiencePageFactory,
        ResourceIndexPageFactory,
        ResourcePageFactory,
    )

    ExperiencePageFactory(parent=home_page)
    ResourcePageFactory(parent=ResourceIndexPageFactory(parent=home_page))
    EventPageFactory(parent=EventIndexPageFactory(parent=home_page), slug="launch")


def stored():
    from experiences.models import Experience
    from network.models import ConsentText

    return list(Experience.objects.values()), ConsentText.objects.count()


def check(response, before):
    from experiences.models import Experience

    assert response.status_code < 500
    names = {t.name for t in response.templates}
    rows, _ = stored()
    if response.status_code == 200 and "experiences/experience_thanks.html" in names:
        assert len(rows) == len(before[0]) + 1
        new = Experience.objects.order_by("-pk").first()
        assert new.story.strip() and "\x00" not in new.story
        if new.anonymous:
            assert (new.name, new.email, new.phone) == ("", "", "")
    else:
        assert response.status_code in {200, 400, 403, 405, 413, 429}
        assert rows == before[0]


@FUZZ
@given(body=bodies(FIELDS), query=st.one_of(st.just(""), QUERY_STRINGS), urlencoded=st.booleans())
def test_experience_form_survives_any_post(library_site, body, query, urlencoded):
    before = stored()
    check(Client().post(f"{URL}?{query}", **encode(body, urlencoded)), before)


@FUZZ
@given(raw=raw_bodies(FIELDS), kind=CONTENT_TYPES)
def test_experience_form_survives_raw_bytes(library_site, raw, kind):
    before = stored()
    check(Client().generic("POST", URL, raw, content_type=kind), before)


@FUZZ
@given(
    path=st.sampled_from(
        ["/resources/", "/events/", "/events/ical/", "/events/launch/", "/events/launch/ical/"]
    ),
    query=QUERY_STRINGS,
)
@example(path="/resources/", query="topic=%00")
@example(path="/resources/", query="audience=a%00&page=%00")
@example(path="/resources/", query="resource_format=toolkit&resource_format=guide")
def test_library_listings_take_any_query_string(library_site, path, query):
    response = Client().get(path, QUERY_STRING=query)

    assert response.status_code in {200, 404}
