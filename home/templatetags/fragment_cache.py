"""``{% page_fragment "name" vary… %}…{% endpage_fragment %}``: a part of a page
that is the same for every visitor, rendered once and reused.

For pages that are never stored whole (the ballot, pages with forms): the
header's menu, the language switcher, the footer, breadcrumbs and a ballot's
list of options are the same for every visitor, while the CSRF token and the
form's state stay outside the fragment and are rendered for each visitor. A fragment is kept for
``PAGE_CACHE_SECONDS`` and goes stale with the ``site`` and ``other`` tags of
home/cache.py, which publishing any page, or saving a setting, snippet or
image, moves; its key holds the site's host, the active language and the ``vary`` values. With
``PAGE_CACHE_SECONDS`` 0 (tests, development) nothing is kept. If the cache is
unreachable, or the page is an editor's preview, the fragment is rendered
every time.
"""

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from home.cache import OTHER_TAG, SITE_TAG, guarded, request_versions

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary):
        self.nodelist, self.name, self.vary = nodelist, name, vary

    def render(self, context):
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0:
            return self.nodelist.render(context)
        request = context.get("request")
        if getattr(request, "is_preview", False):
            return self.nodelist.render(context)  # an editor's draft, never shared
        host = request.get_host() if request is not None else ""
        versions = guarded(lambda: request_versions(request, [SITE_TAG, OTHER_TAG]), None)
        if versions is None:
            return self.nodelist.render(context)
        parts = [host, get_language() or "", *(str(v.resolve(context)) for v in self.vary)]
        parts += [str(versions.get(SITE_TAG)), str(versions.get(OTHER_TAG))]
        digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()
        key = f"pagecache:fragment:{self.name.resolve(context)}:{digest}"
        html = guarded(lambda: cache.get(key))
        if html is None:
            html = self.nodelist.render(context)
            guarded(lambda: cache.set(key, html, timeout=seconds))
        return html


@register.tag("page_fragment")
def page_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("page_fragment needs a name")
    nodelist = parser.parse(("endpage_fragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]]
    )
