"""The site's one public address, settings.SITE_URL, and Wagtail's Site kept to it.

Why a setting and not Wagtail's Site record alone: the address belongs to the
deployment (it differs between a laptop, staging and production, and is known
before the database exists), so it comes from the environment like every other
deployment value, and production refuses to start without it. Wagtail builds
every full page URL (page.full_url, get_full_url, its sitemap) from the
default Site's hostname and port, so that record is made to follow SITE_URL
after each migrate and demo load, and everything that prints or mails a link
(code cards and QR codes, share links, feeds, canonical and og:url, emails,
sitemap) then agrees with it. WAGTAILADMIN_BASE_URL, Wagtail's setting for
links in admin emails, defaults to the same value.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_site_url(url):
    """(hostname, port) for Wagtail's Site, or ImproperlyConfigured with the reason.

    Wagtail's Site says https only through port 443, and has no path, so an
    address it could not give back exactly is refused here rather than
    printed wrongly on every code card.
    """
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ImproperlyConfigured(f"SITE_URL must be an http or https address, not {url!r}.")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ImproperlyConfigured(f"SITE_URL must be the site's root, without a path: {url!r}.")
    port = parts.port or DEFAULT_PORTS[parts.scheme]
    if parts.scheme == "https" and port != 443:
        raise ImproperlyConfigured(f"SITE_URL with https must use port 443: {url!r}.")
    if parts.scheme == "http" and port == 443:
        raise ImproperlyConfigured(f"SITE_URL on port 443 must use https: {url!r}.")
    return parts.hostname, port


def absolute(path):
    """A path on this site as a full address under SITE_URL."""
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def sync_default_site(**kwargs):
    """Give the default Site the hostname and port of SITE_URL (a no-op when they
    already match; nothing to do before the home page exists)."""
    from wagtail.models import Site

    hostname, port = parse_site_url(settings.SITE_URL)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return
    site.hostname, site.port = hostname, port
    site.save()
