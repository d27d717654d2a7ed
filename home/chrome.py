"""The pages every page's frame links to, in one query per request.

The header's menu (the site root's children shown in menus), the
breadcrumbs (the page's ancestors), the language switcher and ``hreflang``
links (live translations of the page and of the site's home page) and the
footer's legal links (the pages chosen in the site settings) are all plain
page rows. Asked separately they took four queries on every page; here one
query fetches them all and each part takes its own rows (issue 15: at most 12
queries a page). Nothing is kept beyond the request, so a publish shows at
once.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from wagtail.models import Page, Site


@dataclass
class Chrome:
    menu: list = field(default_factory=list)
    ancestors: list = field(default_factory=list)
    # Live translations by language code: of the page, and of the site's home page.
    translations: dict = field(default_factory=dict)
    homes: dict = field(default_factory=dict)
    # The site settings' linked pages that are live, by field name.
    linked_pages: dict = field(default_factory=dict)


def _ancestor_paths(page):
    step = page.steplen
    return [page.path[:end] for end in range(step, len(page.path), step)]


def page_chrome(request, page):
    """The frame's pages for ``page`` (a Page, or None for a Django view)."""
    if not isinstance(page, Page) or not page.pk:
        page = None
    memo = getattr(request, "_page_chrome", {}) if request is not None else {}
    key = page.pk if page is not None else None
    if key in memo:
        return memo[key]

    from home.models import LINKED_PAGES, SiteSettings

    site = Site.find_for_request(request) if request is not None else None
    root = site.root_page if site is not None else None
    settings_row = SiteSettings.for_request(request) if site is not None else None
    linked_ids = {}
    if settings_row is not None:
        linked_ids = {
            name: getattr(settings_row, f"{name}_id")
            for name in LINKED_PAGES
            if getattr(settings_row, f"{name}_id")
        }
    paths = _ancestor_paths(page) if page is not None else []
    keys = [k for k in (getattr(page, "translation_key", None),) if k]
    if root is not None:
        keys.append(root.translation_key)

    wanted = Q(pk__in=list(linked_ids.values()), live=True) | Q(path__in=paths)
    wanted |= Q(translation_key__in=keys, live=True)
    if root is not None:
        wanted |= Q(depth=root.depth + 1, path__startswith=root.path, live=True, show_in_menus=True)
    rows = list(Page.objects.filter(wanted).select_related("locale").order_by("path"))

    chrome = Chrome()
    by_pk = {row.pk: row for row in rows}
    for row in rows:
        if (
            root is not None
            and row.live
            and row.show_in_menus
            and row.depth == root.depth + 1
            and row.path.startswith(root.path)
        ):
            chrome.menu.append(row)
        if row.path in paths:
            chrome.ancestors.append(row)
        if row.live and page is not None and row.translation_key == page.translation_key:
            chrome.translations[row.locale.language_code] = row
        if row.live and root is not None and row.translation_key == root.translation_key:
            chrome.homes[row.locale.language_code] = row
    chrome.linked_pages = {
        name: by_pk[pk] for name, pk in linked_ids.items() if pk in by_pk and by_pk[pk].live
    }
    if settings_row is not None:
        # The footer and privacy links read ``linked_pages`` from the settings
        # kept on this request: give them these rows rather than a second query.
        settings_row.__dict__["linked_pages"] = chrome.linked_pages
    if request is not None:
        request._page_chrome = {**memo, key: chrome}
    return chrome
