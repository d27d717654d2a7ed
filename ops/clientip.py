"""The visitor's address, for rate limits only: never stored or logged."""

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, or the address TRUSTED_PROXY_COUNT proxies vouch for.

    With N trusted reverse proxies in front (load balancer, nginx), the
    client is the Nth address from the right of X-Forwarded-For: anything
    further left was written by the client itself and can be forged.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) >= count:
        return forwarded[-count]
    return remote
