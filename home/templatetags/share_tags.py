"""Share links as plain links: no third-party script, button or pixel.

Each service's own "share" address is a normal link that opens in a new tab,
so nothing loads from Facebook, X or anyone else until the visitor chooses to
go there, and the Content-Security-Policy needs no exception. Every link
carries the page's canonical address under SITE_URL (home/site_url.py), never
the address the request happened to come in on, nor any query string.
"""

from urllib.parse import quote, urlencode

from django import template
from django.utils.translation import gettext_lazy as _

from home.site_url import absolute

register = template.Library()


def canonical_url(page):
    """The page's address under SITE_URL (its path inside its site, no query)."""
    parts = page.get_url_parts()
    path = parts[2] if parts else page.url_path
    return absolute(path)


def share_links(url, text):
    """(service key, label, href) for each way of sharing ``url`` with ``text``."""
    both = f"{text} {url}" if text else url
    return [
        (
            "email",
            _("Email"),
            "mailto:?" + urlencode({"subject": text, "body": url}, quote_via=quote),
        ),
        ("whatsapp", _("WhatsApp"), "https://wa.me/?" + urlencode({"text": both})),
        (
            "facebook",
            _("Facebook"),
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        ),
        (
            "x",
            _("X (Twitter)"),
            "https://x.com/intent/post?" + urlencode({"url": url, "text": text}),
        ),
        ("bluesky", _("Bluesky"), "https://bsky.app/intent/compose?" + urlencode({"text": both})),
    ]


@register.inclusion_tag("includes/share_links.html")
def share_page(page, text=None, heading=None):
    """Share links for ``page``: the text is its title unless given."""
    url = canonical_url(page)
    text = page.title if text is None else text
    return {
        "share_url": url,
        "links": share_links(url, text),
        "heading": heading or _("Share this page"),
        "heading_id": f"share-{page.pk}",
    }
