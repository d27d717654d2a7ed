"""Shared helpers for the ballot tests."""

import re
import secrets

import pytest
from django.core.cache import cache

from ballot.models import BallotCode, SubmissionToken, Tally, Vote, VoteChoice
from tests.factories import BallotPageFactory


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate limits live in the cache; each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ballot(home_page):
    return BallotPageFactory(parent=home_page, slug="have-your-say", title="Have your say")


def option_ids(ballot):
    return [str(pk) for pk in ballot.options.filter(hidden=False).values_list("pk", flat=True)]


def vote_data(ballot, chosen=None, **extra):
    ids = option_ids(ballot)
    data = {"options": ids[:3] if chosen is None else chosen, "form_token": new_token()}
    data.update(extra)
    return data


def new_token():
    return secrets.token_urlsafe(24)


def stored():
    """Everything a vote could write, to assert that nothing was."""
    return {
        "votes": Vote.objects.count(),
        "choices": VoteChoice.objects.count(),
        "tallies": sum(Tally.objects.values_list("count", flat=True)),
        "code_uses": BallotCode.objects.filter(used=True).count(),
        "tokens": SubmissionToken.objects.count(),
    }


NOTHING = {"votes": 0, "choices": 0, "tallies": 0, "code_uses": 0, "tokens": 0}


def page_errors(response):
    """The messages in the error summary, in plain text."""
    return re.findall(r'<li><a href="#[^"]+">([^<]+)</a></li>', response.content.decode())


def form_field(response, name):
    match = re.search(rf'name="{name}" value="([^"]*)"', response.content.decode())
    return match.group(1) if match else None
