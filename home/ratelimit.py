"""Rate limits for the whole site, and the one place it decides who the client is.

Limits count first and decide second: ``hit()`` adds one to a counter with an
atomic increment in the shared cache (``cache.add`` then ``cache.incr``, both
atomic in Redis and in local memory) and only then compares the new count
with the limit. Forty requests arriving together get forty different counts,
so no more than ``limit`` of them can pass, however they interleave.

Counters live in fixed windows of ``period`` seconds. Their cache keys hold an
HMAC of the key (never an address or a session id in clear) and expire with
the window.

If the cache cannot be reached, each process counts on its own in memory and
allows only ``RATE_LIMIT_FALLBACK_SHARE`` of each limit (at least 1), so with
several app processes the total stays near the limit; a warning is logged at
most once a minute (home/degraded.py). A rate limit never turns into a 500 and
never opens wide, and the shared counts resume as soon as the cache answers.

The client address: ``REMOTE_ADDR``, unless that direct peer is one of
``FORWARDED_ALLOW_IPS`` (addresses or networks of our own proxies). Only then
is ``X-Forwarded-For`` read, from the right, skipping our proxies, and the
first address not ours is the client. A visitor who sends the header
herself, straight to the app, is keyed by her own address.
"""

import ipaddress
import re
import threading
import time
from functools import lru_cache

from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import salted_hmac

from home import degraded

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE_RE = re.compile(r"^(\d+)/(\d*)([smhd])$")


# --- counting -----------------------------------------------------------------
def parse_rate(rate):
    """``"30/h"`` -> ``(30, 3600)``; ``"5/10m"`` -> ``(5, 600)``; empty or 0 -> None."""
    if not rate:
        return None
    match = RATE_RE.match(str(rate).strip())
    if match is None:
        raise ImproperlyConfigured(f"A rate looks like '30/h' or '5/10m', not {rate!r}.")
    count, multiple, unit = match.groups()
    if int(count) <= 0:
        return None
    return int(count), int(multiple or 1) * UNITS[unit]


def _cache_key(group, key, period):
    window = int(time.time() // period)
    digest = salted_hmac("home.ratelimit", f"{group}\0{key}").hexdigest()[:32]
    return f"rl:{group}:{period}:{window}:{digest}"


class _LocalCounts:
    """The in-process stand-in used only while the shared cache is unreachable."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}

    def add(self, cache_key, amount, period):
        now = time.monotonic()
        with self.lock:
            if len(self.counts) > 10_000:
                self.counts = {k: v for k, v in self.counts.items() if v[1] > now}
            count, expires = self.counts.get(cache_key, (0, now + period))
            if expires <= now:
                count, expires = 0, now + period
            count = max(count + amount, 0)
            self.counts[cache_key] = (count, expires)
            return count


_local = _LocalCounts()


def _shared_add(cache_key, amount, period):
    cache = caches[settings.RATE_LIMIT_CACHE]
    timeout = period + 5
    if amount > 0 and cache.add(cache_key, amount, timeout=timeout):
        return amount
    try:
        return cache.incr(cache_key, amount)
    except ValueError:
        # The window's key expired between add and incr (or a refund came
        # after it went): start it again.
        if amount > 0 and cache.add(cache_key, amount, timeout=timeout):
            return amount
        return 0


def _add(cache_key, amount, period):
    """Add ``amount``; return ``(count, shared)``, ``shared`` False when the
    count is this process's own because the cache did not answer."""
    try:
        return _shared_add(cache_key, amount, period), True
    except Exception as error:  # noqa: BLE001 - any cache failure: count locally instead
        degraded.warn("rate limit cache unreachable (%s): counting in this process", error)
        return _local.add(cache_key, amount, period), False


def fallback_limit(limit):
    """The smaller limit one process applies alone while the cache is away."""
    return max(1, int(limit * settings.RATE_LIMIT_FALLBACK_SHARE))


def hit(group, key, limit, period):
    """Count one event for ``key`` in ``group``; return True if it is within ``limit``.

    ``limit`` events per ``period`` seconds pass; the rest are refused (and
    still counted, so hammering a closed door keeps it closed until the
    window ends). ``limit`` of 0 or None means no limit.
    """
    if not limit:
        return True
    count, shared = _add(_cache_key(group, key, period), 1, period)
    return count <= (limit if shared else fallback_limit(limit))


def hit_rate(group, key, rate):
    """``hit`` with a rate string from settings, like ``"30/h"``."""
    parsed = parse_rate(rate)
    return True if parsed is None else hit(group, key, *parsed)


def used(group, key, period):
    """How many events ``key`` has counted in this window (for showing, say, a
    kiosk's votes this hour; never for deciding, which is ``hit``'s job)."""
    try:
        value = caches[settings.RATE_LIMIT_CACHE].get(_cache_key(group, key, period), 0)
    except Exception:  # noqa: BLE001 - the same fallback as counting
        return _local.add(_cache_key(group, key, period), 0, period)
    return int(value or 0)


def refund(group, key, period):
    """Give back one event counted by ``hit`` in this window (say, a code that
    turned out valid), so only the events that matter use up the limit."""
    _add(_cache_key(group, key, period), -1, period)


def refund_rate(group, key, rate):
    parsed = parse_rate(rate)
    if parsed is not None:
        refund(group, key, parsed[1])


# --- the client address ---------------------------------------------------------
@lru_cache(maxsize=8)
def _networks(entries):
    networks = []
    for entry in entries:
        if entry.strip() == "*":
            raise ImproperlyConfigured(
                "FORWARDED_ALLOW_IPS cannot be '*' for the app: name your proxies' "
                "addresses or network (for example 10.0.0.0/8), or anyone could pick "
                "the address their limits are counted under."
            )
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"FORWARDED_ALLOW_IPS: {entry!r} is not an address or network."
            ) from None
    return tuple(networks)


def _parse(address):
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def _trusted(address, networks):
    return address is not None and any(address in network for network in networks)


def client_ip(request):
    """The visitor's address, as our own proxies saw it."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(settings.FORWARDED_ALLOW_IPS))
    if not networks or not _trusted(_parse(remote), networks):
        return remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    client = remote
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            break  # our proxy would not write this: keep the last hop we trust
        client = str(address)
        if not _trusted(address, networks):
            break
    return client


def client_key(request):
    """The address a limit is counted under: IPv6 by its /64 network, since one
    home or phone is given a whole /64 and could otherwise step through it."""
    address = client_ip(request)
    parsed = _parse(address)
    if parsed is not None and parsed.version == 6 and parsed.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    if parsed is not None and parsed.version == 6:
        return str(parsed.ipv4_mapped)
    return address


def check_forwarded_allow_ips(app_configs=None, **kwargs):
    """System check: a bad FORWARDED_ALLOW_IPS stops the start, not the first request."""
    try:
        _networks(tuple(settings.FORWARDED_ALLOW_IPS))
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="home.E001")]
    return []


def check_forwarded_allow_ips_deploy(app_configs=None, **kwargs):
    if settings.FORWARDED_ALLOW_IPS:
        return []
    return [
        checks.Warning(
            "FORWARDED_ALLOW_IPS is empty: behind a reverse proxy every visitor would "
            "share the proxy's address for rate limits and sign-in pauses.",
            hint="Set it to your proxies' addresses (docs/deploy.md).",
            id="home.W001",
        )
    ]
