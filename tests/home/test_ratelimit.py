"""home.ratelimit: limits that count first, and the one rule for the client address.

The counting tests run against whatever the default cache is: local memory
on a laptop, Redis when REDIS_URL is set (as CI does with PostgreSQL).
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from home import degraded, ratelimit
from home.ratelimit import client_ip, client_key, hit, hit_rate, parse_rate, refund


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def test_rates_are_read_from_settings_strings():
    assert parse_rate("30/h") == (30, 3600)
    assert parse_rate("5/10m") == (5, 600)
    assert parse_rate("2/d") == (2, 86400)
    assert parse_rate("0/h") is None
    assert parse_rate("") is None
    with pytest.raises(ImproperlyConfigured):
        parse_rate("30 an hour")


def test_limit_passes_that_many_then_refuses():
    assert [hit("t", "k", 3, 60) for _ in range(5)] == [True, True, True, False, False]
    assert hit("t", "another key", 3, 60)
    assert hit("another-group", "k", 3, 60)


def test_refund_gives_one_back():
    for _ in range(3):
        hit("t", "k", 3, 60)
    refund("t", "k", 60)
    assert hit("t", "k", 3, 60)
    assert not hit("t", "k", 3, 60)


def test_no_limit_means_no_limit():
    assert all(hit("t", "k", 0, 60) for _ in range(50))
    assert all(hit_rate("t", "k", "") for _ in range(50))


def test_forty_parallel_hits_pass_at_most_the_limit():
    """The race the old check-then-count limits lost: all 40 checked 'not yet'."""
    start = threading.Barrier(40)

    def one(_):
        start.wait(timeout=10)
        return hit("race", "one address", 20, 3600)

    with ThreadPoolExecutor(max_workers=40) as pool:
        results = list(pool.map(one, range(40)))

    assert results.count(True) == 20


def test_cache_keys_hold_no_address():
    hit("t", "203.0.113.9", 3, 60)
    if hasattr(cache, "_cache"):  # local memory: look at the keys themselves
        assert not any("203.0.113.9" in key for key in cache._cache)
    else:
        client = cache.client.get_client()
        assert not any(b"203.0.113.9" in key for key in client.keys("*"))


def test_unreachable_cache_counts_locally_instead_of_failing(settings, caplog):
    """Redis down: no 500 and no open door; each process keeps a share of the limit."""
    settings.CACHES = {
        **settings.CACHES,
        "down": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        },
    }
    settings.RATE_LIMIT_CACHE = "down"
    settings.RATE_LIMIT_FALLBACK_SHARE = 0.5
    ratelimit._local.counts.clear()
    degraded._warnings.last.clear()

    results = [hit("t", "k", 4, 60) for _ in range(5)]

    assert results == [True, True, False, False, False]  # half of 4 in this process
    assert caplog.text.count("rate limit cache unreachable") == 1  # once a minute, not per call


# --- the client address --------------------------------------------------------


def test_forwarded_header_from_a_peer_that_is_not_a_proxy_is_ignored(rf, settings):
    settings.FORWARDED_ALLOW_IPS = []
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6", REMOTE_ADDR="203.0.113.4")
    assert client_ip(request) == "203.0.113.4"

    settings.FORWARDED_ALLOW_IPS = ["10.0.0.1"]
    # A count of trusted proxies would have believed this; an address list does not.
    assert client_ip(request) == "203.0.113.4"


def test_forwarded_header_from_our_proxy_is_believed(rf, settings):
    settings.FORWARDED_ALLOW_IPS = ["10.0.0.1"]
    request = rf.get("/", HTTP_X_FORWARDED_FOR="198.51.100.7", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "198.51.100.7"


def test_made_up_entries_left_of_the_proxy_are_ignored(rf, settings):
    settings.FORWARDED_ALLOW_IPS = ["10.0.0.0/8"]
    request = rf.get(
        "/",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7, 10.1.2.3",
        REMOTE_ADDR="10.0.0.1",
    )
    # From the right: 10.1.2.3 is our load balancer, 198.51.100.7 is the
    # visitor as it saw her; 6.6.6.6 is whatever she wrote herself.
    assert client_ip(request) == "198.51.100.7"


def test_garbage_in_the_header_falls_back_to_the_nearest_trusted_hop(rf, settings):
    settings.FORWARDED_ALLOW_IPS = ["10.0.0.1"]
    request = rf.get("/", HTTP_X_FORWARDED_FOR="not-an-address", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "10.0.0.1"


def test_a_wildcard_is_refused(rf, settings):
    settings.FORWARDED_ALLOW_IPS = ["*"]
    with pytest.raises(ImproperlyConfigured):
        client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1"))


def test_ipv6_visitors_are_counted_by_their_64(rf):
    one = rf.get("/", REMOTE_ADDR="2001:db8:1:2::1")
    same_home = rf.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    elsewhere = rf.get("/", REMOTE_ADDR="2001:db8:1:3::1")

    assert client_key(one) == client_key(same_home) == "2001:db8:1:2::/64"
    assert client_key(elsewhere) != client_key(one)
    assert client_key(rf.get("/", REMOTE_ADDR="203.0.113.4")) == "203.0.113.4"


def test_a_mistyped_proxy_list_stops_the_start(settings):
    settings.FORWARDED_ALLOW_IPS = ["10.0.0.0/8", "10.0.0.300"]

    errors = ratelimit.check_forwarded_allow_ips()

    assert [e.id for e in errors] == ["home.E001"]
    assert "10.0.0.300" in errors[0].msg
    settings.FORWARDED_ALLOW_IPS = ["10.0.0.0/8", "::1"]
    assert ratelimit.check_forwarded_allow_ips() == []


def test_deploy_check_warns_when_no_proxy_is_named(settings):
    settings.FORWARDED_ALLOW_IPS = []
    assert [w.id for w in ratelimit.check_forwarded_allow_ips_deploy()] == ["home.W001"]
    settings.FORWARDED_ALLOW_IPS = ["127.0.0.1"]
    assert ratelimit.check_forwarded_allow_ips_deploy() == []


def test_used_reports_the_count_without_adding():
    assert ratelimit.used("kiosk", "7", 3600) == 0
    for _ in range(3):
        hit("kiosk", "7", 10, 3600)
    assert ratelimit.used("kiosk", "7", 3600) == 3
    assert ratelimit.used("kiosk", "7", 3600) == 3
