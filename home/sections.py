"""Home page sections supplied by other apps.

``home`` may not import ``blog`` or ``network``; instead they register a
``home_page_sections`` hook that returns a list of dicts
``{"template": str, "context": dict}`` (or nothing). Each provider is
responsible for keeping its own queries bounded.
"""

from wagtail import hooks

from home.cache import SECTIONS_TAG, tag_request


def home_sections(page, request):
    tag_request(request, SECTIONS_TAG)  # publishing any page may change a section
    sections = []
    for provider in hooks.get_hooks("home_page_sections"):
        sections.extend(provider(page, request) or [])
    return sections
