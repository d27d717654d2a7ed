"""Results stay live under the anonymous page cache, and per-visitor results are never shared."""

import pytest

from home import cache as page_cache_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.BALLOT_RESULTS_CACHE_SECONDS = 3


@pytest.fixture
def stored_timeouts(monkeypatch):
    timeouts = []
    real_set = page_cache_module.cache.set

    def spy(key, value, timeout=None, **kwargs):
        if key.startswith("pagecache:entry:"):
            timeouts.append(timeout)
        return real_set(key, value, timeout=timeout, **kwargs)

    monkeypatch.setattr(page_cache_module.cache, "set", spy)
    return timeouts


def test_public_results_page_is_kept_only_seconds(client, ballot, cache_on, stored_timeouts):
    response = client.get(f"{ballot.url}results/")

    assert response.status_code == 200
    assert stored_timeouts == [3]


def test_results_json_is_kept_no_longer_than_its_max_age(client, ballot, cache_on, stored_timeouts):
    response = client.get(f"{ballot.url}results.json")

    assert response.status_code == 200
    assert stored_timeouts and max(stored_timeouts) <= 3


def test_results_for_voters_only_are_never_stored(client, ballot, cache_on, stored_timeouts):
    ballot.results_visibility = "voted"
    ballot.save_revision().publish()

    first = client.get(f"{ballot.url}results/")
    second = client.get(f"{ballot.url}results/")

    assert first.status_code == second.status_code == 200
    assert stored_timeouts == []
    assert "X-Page-Cache" not in second
