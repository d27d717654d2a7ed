"""The visitor's address for rate limits (and sign-in lockouts), never stored or
logged; the one place the site decides which proxies to trust.

``TRUSTED_PROXY_COUNT`` is how many reverse proxies sit in front of the app:
0 means ``REMOTE_ADDR`` is the client; N means the Nth address from the
right of ``X-Forwarded-For`` (the one our own nearest proxy saw), so a
visitor cannot choose their own key by sending the header themselves.
"""

from django.conf import settings


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) >= count:
        return forwarded[-count]
    return remote


def client_ip_key(group, request):
    """A django-ratelimit ``key`` callable."""
    return client_ip(request)
