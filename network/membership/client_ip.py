"""The client's address, for rate limits only: it is never stored."""

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, or the address the Nth trusted proxy saw (TRUSTED_PROXY_COUNT).

    Only the trusted proxies' own entries in X-Forwarded-For are believed: the
    Nth address from the right is the one the outermost trusted proxy was
    connected from. Anything further left could be made up by the client.
    """
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def ratelimit_key(group, request):
    """django-ratelimit key function; the library stores only a hash of it in the cache."""
    return client_ip(request)
