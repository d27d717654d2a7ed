"""A follower's emails are in the language of the form she filled in (issue 12):
the confirmation first, then every new post and digest."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client
from django.utils import translation

from mailings.models import Follower
from mailings.sending import item_email
from tests.factories import FollowerFactory

pytestmark = pytest.mark.django_db


def in_language(code, text):
    with translation.override(code):
        return translation.gettext(text)


def test_following_in_polish_sends_the_polish_confirmation(
    site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            "/pl/follow/", {"email": "ada@example.org", "frequency": "weekly", "newsletter": "on"}
        )
    assert response.status_code == 302
    assert response["Location"].startswith("/pl/follow/")
    assert Follower.objects.get().language == "pl"
    [message] = mail.outbox
    subject = "Confirm you would like emails from the Women's Mental Health Network"
    assert in_language("pl", subject) != subject
    assert message.subject == in_language("pl", subject)
    assert "/pl/follow/confirm/" in message.body
    [(html, _mimetype)] = message.alternatives
    assert BeautifulSoup(html, "html.parser").html["lang"] == "pl"


def test_a_digest_is_in_the_followers_language_whatever_is_active():
    follower = FollowerFactory(language="ur")
    items = [{"title": "A post", "summary": "", "url": "http://testserver/a/", "date": None}]
    with translation.override("cy"):
        message = item_email(follower, items, digest=True)
    subject = "This week from the Women's Mental Health Network"
    assert message.subject == in_language("ur", subject) != subject
    [(html, _mimetype)] = message.alternatives
    root = BeautifulSoup(html, "html.parser").html
    assert (root["lang"], root["dir"]) == ("ur", "rtl")


def test_a_form_post_changes_a_confirmed_followers_language_only_once_confirmed(
    site, django_capture_on_commit_callbacks
):
    FollowerFactory(email="ada@example.org", language="")
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/ur/follow/",
            {"email": "ada@example.org", "frequency": "immediate", "newsletter": "on"},
        )
    follower = Follower.objects.get()
    assert follower.language == ""  # nobody changes her emails by knowing her address
    [message] = mail.outbox
    link = message.body.split("/ur/follow/confirm/", 1)[1].split("/", 1)[0]
    assert client.post(f"/ur/follow/confirm/{link}/").status_code == 200
    follower.refresh_from_db()
    assert follower.language == "ur"
