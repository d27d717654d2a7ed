"""Property-based fuzzing of the follow form (/follow/) and the comment form
(<post>/reply/): any body, any bytes; never a 500, and nothing stored or sent
unless the reply is the usual redirect."""

import pytest
from django.core import mail
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.strategies import CONTENT_TYPES, FUZZ, QUERY_STRINGS, bodies, encode, raw_bodies

pytestmark = pytest.mark.django_db


@pytest.fixture
def follow_site(home_page, settings):
    from tests.factories import (
        BlogIndexPageFactory,
        BlogPageFactory,
        CampaignIndexPageFactory,
        CampaignPageFactory,
        CategoryFactory,
    )

    settings.FOLLOW_RATE = "100000/m"
    settings.FOLLOW_RESEND_INTERVAL = 0
    settings.COMMENT_RATE = "100000/m"
    blog = BlogIndexPageFactory(parent=home_page)
    post = BlogPageFactory(parent=blog, slug="voices")
    campaign = CampaignPageFactory(parent=CampaignIndexPageFactory(parent=home_page))
    return {"post": post, "category": CategoryFactory(), "campaign": campaign}


def stored():
    from blog.models import Comment
    from mailings.models import Follower

    return {
        "followers": list(Follower.objects.order_by("pk").values("email", "status", "requested")),
        "comments": list(Comment.objects.order_by("pk").values("name", "email", "body", "status")),
        "emails": len(mail.outbox),
    }


def follow_fields(site):
    return {
        "email": ["ada@example.org", "ADA@Example.ORG", "not-an-email", "x@" + "y" * 300],
        "frequency": ["immediate", "weekly", "daily", ""],
        "everything": ["on", ""],
        "categories": [str(site["category"].pk), "0", "abc", "-1"],
        "campaigns": [str(site["campaign"].pk), "999999", "1e3"],
        "newsletter": ["on", ""],
        "website": ["", "https://spam.example/"],
        "csrfmiddlewaretoken": ["x" * 64],
    }


def comment_fields():
    return {
        "name": ["Ada", "", "A" * 300, "Ada\x00"],
        "email": ["", "ada@example.org", "nope"],
        "body": ["Thank you.", "", "   ", "x" * 4000, "call 07700 900123", "\x00"],
        "website": ["", "https://spam.example/"],
    }


def check_follow(response, before):
    assert response.status_code < 500
    after = stored()
    if response.status_code == 302 and response["Location"] == "/follow/check-your-email/":
        assert len(after["followers"]) - len(before["followers"]) in {0, 1}
        assert after["emails"] - before["emails"] in {0, 1}
        assert after["comments"] == before["comments"]
    else:
        assert response.status_code in {400, 403, 405, 413, 429}
        assert after == before


def check_comment(response, before):
    assert response.status_code < 500
    after = stored()
    if response.status_code == 302 and response["Location"].endswith("/reply/thank-you/"):
        assert len(after["comments"]) - len(before["comments"]) in {0, 1}
        assert all(c["status"] == "pending" for c in after["comments"])
        assert after["followers"] == before["followers"] and after["emails"] == before["emails"]
    else:
        assert response.status_code in {400, 403, 405, 413, 429}
        assert after == before


@FUZZ
@given(data=st.data())
def test_follow_form_survives_any_post(follow_site, data):
    body = data.draw(bodies(follow_fields(follow_site)), label="body")
    query = data.draw(st.one_of(st.just(""), QUERY_STRINGS), label="query")
    urlencoded = data.draw(st.booleans(), label="urlencoded")
    before = stored()
    response = Client().post(f"/follow/?{query}", **encode(body, urlencoded))
    check_follow(response, before)


@FUZZ
@given(data=st.data())
def test_follow_form_survives_raw_bytes(follow_site, data):
    raw = data.draw(raw_bodies(follow_fields(follow_site)), label="raw")
    kind = data.draw(CONTENT_TYPES, label="content type")
    before = stored()
    response = Client().generic("POST", "/follow/", raw, content_type=kind)
    check_follow(response, before)


@FUZZ
@given(data=st.data())
def test_comment_form_survives_any_post(follow_site, data):
    body = data.draw(bodies(comment_fields()), label="body")
    urlencoded = data.draw(st.booleans(), label="urlencoded")
    before = stored()
    response = Client().post(follow_site["post"].url + "reply/", **encode(body, urlencoded))
    check_comment(response, before)


@FUZZ
@given(data=st.data())
def test_comment_form_survives_raw_bytes(follow_site, data):
    raw = data.draw(raw_bodies(comment_fields()), label="raw")
    kind = data.draw(CONTENT_TYPES, label="content type")
    before = stored()
    url = follow_site["post"].url + "reply/"
    response = Client().generic("POST", url, raw, content_type=kind)
    check_comment(response, before)


@FUZZ
@given(token=st.text(max_size=300))
def test_follow_links_survive_any_token(follow_site, token):
    from urllib.parse import quote

    before = stored()
    for kind in ("confirm", "unsubscribe"):
        response = Client().post(f"/follow/{kind}/{quote(token, safe='')}/")
        assert response.status_code in {400, 404}
    assert stored() == before
