"""Property-based fuzzing of the join form (/join/): any body, any query
string; never a 500, and nothing stored or sent unless the reply is the
usual "check your email" redirect."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import given
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


def join_fields(page):
    from network.models import ConsentText

    versions = [str(ConsentText.current(kind).version) for kind in ConsentText.Kind.values]
    numbers = [*versions, "0", "-1", "99999999999999999999", "1e3"]
    return {
        "name": ["Ada Example", "   ", "A" * 300, "Ada\x00"],
        "email": ["ada@example.org", "ADA@Example.ORG", "not-an-email", "a@b", "x@" + "y" * 300],
        "organisation": ["Example Women's Centre", "\t\n"],
        "region": ["london", "yorkshire", "", "nowhere"],
        "involvement": [*(str(pk) for pk in page.involvement_options.values_list("pk", flat=True))]
        + ["0", "999999", "abc"],
        "consent_membership": ["on", "true", "", "off"],
        "consent_updates": ["on", ""],
        "membership_version": numbers,
        "updates_version": numbers,
        "website": ["", "https://spam.example/"],
        "captcha": ["", "token"],
        "csrfmiddlewaretoken": ["x" * 64],
    }


def check(response, before):
    assert response.status_code < 500
    after = stored()
    if response.status_code == 302 and "check-your-email" in response["Location"]:
        # Accepted (or a robot's honeypot post answered the same way): at
        # most one new member, no vote or contact message.
        assert len(after["members"]) - len(before["members"]) in {0, 1}
        assert after["emails"] - before["emails"] in {0, 1}
        assert {k: after[k] for k in after if k not in {"members", "emails"}} == {
            k: before[k] for k in before if k not in {"members", "emails"}
        }
    else:
        assert response.status_code in {400, 403, 405, 413, 429}
        assert after == before


@FUZZ
@given(data=st.data())
def test_join_form_survives_any_post(forms_site, data):
    fields = join_fields(forms_site["join"])
    body = data.draw(bodies(fields), label="body")
    query = data.draw(st.one_of(st.just(""), QUERY_STRINGS), label="query")
    urlencoded = data.draw(st.booleans(), label="urlencoded")
    before = stored()

    response = Client().post(f"/join/?{query}", **encode(body, urlencoded))

    check(response, before)


@FUZZ
@given(data=st.data())
def test_join_form_survives_raw_bytes(forms_site, data):
    raw = data.draw(raw_bodies(join_fields(forms_site["join"])), label="raw")
    kind = data.draw(CONTENT_TYPES, label="content type")
    before = stored()

    response = Client().generic("POST", "/join/", raw, content_type=kind)

    check(response, before)


@FUZZ
@given(data=st.data())
def test_valid_join_with_noise_is_accepted_once(forms_site, data):
    """Extra unknown fields and query strings do not stop a real sign-up."""
    from network.models import ConsentText, Member

    email = f"fuzz{data.draw(st.integers(0, 10**9))}@example.org"
    noise = data.draw(st.dictionaries(st.text(min_size=1, max_size=20), st.text(max_size=40)))
    body = {
        **noise,
        "name": "Ada Example",
        "email": email,
        "consent_membership": "on",
        "membership_version": str(ConsentText.current("membership").version),
        "updates_version": str(ConsentText.current("updates").version),
        "website": "",
    }
    query = data.draw(QUERY_STRINGS, label="query")
    existed = Member.objects.filter(email=email).exists()

    form = "application/x-www-form-urlencoded"
    response = Client().post(f"/join/?{query}", urlencode(body), content_type=form)

    assert response.status_code == 302
    assert Member.objects.filter(email=email).count() == 1
    assert existed or Member.objects.get(email=email).name == "Ada Example"
