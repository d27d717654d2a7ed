"""Page sections supplied by other apps: the one runner for section hooks.

``home`` may not import ``blog`` or ``network``, and ``network`` may not
import ``blog``; instead an app registers a hook (``home_page_sections``,
``partner_page_sections``, ``campaign_page_sections``, ...) whose providers
return a list of dicts ``{"template": str, "context": dict}`` (or nothing).
Each provider is responsible for keeping its own queries bounded. A home page
section may add ``"images"``, the ``(image, spec)`` pairs its pictures show,
and leave their renditions to the home page, which fetches every picture's
in one query (``home.queries.fetch_renditions``).

The home page keeps its rendered sections for every visitor
(``HomePage.get_context``, ``home.cache.kept_html``: until any page is
published or a snippet, image or setting saved, at most ``PAGE_CACHE_SECONDS``):
a provider of ``home_page_sections`` must give every visitor the same thing,
show no live figures (a ballot's results go in the page's body, as a results
block) and call neither ``limit_page_cache`` nor ``tag_request`` (a kept copy
skips the provider). The other hooks' sections are rendered for each request
(a campaign page's ballot section depends on who may see results).
"""

from wagtail import hooks

from home.cache import SECTIONS_TAG, tag_request


def page_sections(hook_name, page, request, **kwargs):
    """Every section the providers of ``hook_name`` give for this page, in hook order."""
    tag_request(request, SECTIONS_TAG)  # publishing any page may change a section
    sections = []
    for provider in hooks.get_hooks(hook_name):
        sections.extend(provider(page, request, **kwargs) or [])
    return sections
