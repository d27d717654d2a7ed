"""``{% page_fragment "name" vary… %}…{% endpage_fragment %}``: a part of a page
that is the same for every visitor, rendered once and reused.

Every page's header menu, language switcher, footer and breadcrumbs, and a
ballot's list of options, are the same for every visitor; they matter most
on pages that are never stored whole (the ballot, pages with forms), where
the CSRF token and the form's state stay outside the fragment and are
rendered for each visitor. A fragment is kept for
``PAGE_CACHE_SECONDS`` and goes stale with the ``site`` and ``other`` tags of
home/cache.py, which publishing any page, or saving a setting, snippet or
image, moves; its key holds the site's host, the active language and the ``vary`` values. With
``PAGE_CACHE_SECONDS`` 0 (tests, development) nothing is kept. If the cache is
unreachable, or the page is an editor's preview, the fragment is rendered
every time.
"""

from django import template

from home.cache import kept_html

register = template.Library()


class FragmentNode(template.Node):
    """Kept by ``kept_html``, the one rule for every kept part of a page."""

    def __init__(self, nodelist, name, vary):
        self.nodelist, self.name, self.vary = nodelist, name, vary

    def render(self, context):
        vary = [str(v.resolve(context)) for v in self.vary]
        return kept_html(
            context.get("request"),
            f"fragment:{self.name.resolve(context)}",
            vary,
            lambda: self.nodelist.render(context),
        )


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
