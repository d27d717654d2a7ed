"""Membership emails link to SITE_URL, not to the host a request named."""

import re

import pytest
from django.core import mail

from .helpers import join

pytestmark = pytest.mark.django_db

ADDRESS = "https://wmhn.example.org"


def test_every_link_in_the_welcome_email_starts_with_site_url(
    client, settings, join_page, join_data
):
    settings.SITE_URL = ADDRESS

    join(client, join_page, join_data)

    [message] = mail.outbox
    bodies = [message.body] + [content for content, _ in getattr(message, "alternatives", [])]
    links = [link for body in bodies for link in re.findall(r"https?://[^\s\"<>]+", body)]
    assert links
    assert [link for link in links if link != ADDRESS and not link.startswith(ADDRESS + "/")] == []
    assert not any(word in body for body in bodies for word in ("testserver", "localhost"))
