"""Fixtures for the membership tests."""

import pytest
from django.core.cache import cache

from tests.factories import JoinInvolvementOptionFactory, JoinPageFactory


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings):
    """Rate-limit counters live in the cache; each test starts with none used."""
    settings.MEMBERSHIP_RESEND_INTERVAL = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def join_page(home_page):
    page = JoinPageFactory(parent=home_page)
    for label in ("Have my say", "Share my experience", "Help run a campaign"):
        JoinInvolvementOptionFactory(page=page, label=label)
    return page


@pytest.fixture
def join_data(join_page):
    """A valid form post; tests change what they need."""
    from network.models import ConsentText

    options = list(join_page.involvement_options.all())
    return {
        "name": "Ada Example",
        "email": "ada@example.org",
        "organisation": "Example Women's Centre, Leeds",
        "region": "yorkshire",
        "involvement": [str(options[0].pk), str(options[2].pk)],
        "consent_membership": "on",
        "consent_updates": "on",
        "membership_version": str(ConsentText.current("membership").version),
        "updates_version": str(ConsentText.current("updates").version),
    }
