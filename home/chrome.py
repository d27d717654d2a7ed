"""The pages every page's frame links to, in one query per request.

The header's menu (the site root's children shown in menus, each replaced
by its translation in the page's language where there is one), the
breadcrumbs (the page's ancestors), the language switcher and ``hreflang``
links (live translations of the page and of the site's home page) and the
footer's legal links (the pages chosen in the site settings) are all plain
page rows; so, on a home page, are the lists its sections show (its live
children: the blog, the campaigns; ``section_index``). Asked separately they
took four queries on every page, and two more on a home page; here one query
fetches them all and each part takes its own rows (issue 15: at most 12
queries a page). Nothing is kept beyond the request, so a publish shows at
once.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import get_language
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
    # A home page's live children (the site root's, or a translation's), by path.
    children: list = field(default_factory=list)
    is_home: bool = False


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
        # The menu is the site root's children in menus; their translations
        # (the root's translations' children, siblings of the root share its
        # parent's path) replace them on pages in another language.
        # Only the root's language and the page's (a Django view: the active
        # language's): the other languages' items were half the rows read.
        if page is not None:
            in_menu_language = Q(locale_id__in={root.locale_id, page.locale_id})
        else:
            in_menu_language = Q(locale_id=root.locale_id) | Q(locale__language_code=get_language())
        wanted |= (
            Q(
                depth=root.depth + 1,
                path__startswith=root.path[: -root.steplen],
                live=True,
                show_in_menus=True,
            )
            & in_menu_language
        )
    # A home page (the root or one of its translations, at the root's depth)
    # lists its sections' pages: its live children, a handful, in this query.
    is_home = root is not None and page is not None and page.depth == root.depth
    if is_home:
        wanted |= Q(depth=page.depth + 1, path__startswith=page.path, live=True)
    rows = list(Page.objects.filter(wanted).select_related("locale").order_by("path"))

    chrome = Chrome(is_home=is_home)
    by_pk = {row.pk: row for row in rows}
    language = get_language()
    in_language = {}
    for row in rows:
        if root is not None and row.live and row.show_in_menus and row.depth == root.depth + 1:
            if row.path.startswith(root.path):
                chrome.menu.append(row)
            # A page's own locale, else (a Django view) the active language's.
            mine = row.locale_id == page.locale_id if page is not None else None
            if mine or (mine is None and row.locale.language_code == language):
                in_language[row.translation_key] = row
        if row.path in paths:
            chrome.ancestors.append(row)
        if is_home and row.live and row.depth == page.depth + 1 and row.path.startswith(page.path):
            chrome.children.append(row)
        if row.live and page is not None and row.translation_key == page.translation_key:
            chrome.translations[row.locale.language_code] = row
        if row.live and root is not None and row.translation_key == root.translation_key:
            chrome.homes[row.locale.language_code] = row
    # An item with a live translation in the page's language links to it.
    chrome.menu = [in_language.get(row.translation_key, row) for row in chrome.menu]
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


def section_index(request, home, model):
    """The first live child of the home page ``home`` that is a ``model`` (the
    blog, the campaigns): the list a home page's section shows, in ``home``'s
    own language tree. Taken from the frame's query, so it costs none of its
    own; a typed instance without its own row (``specific_deferred``), which
    is enough for its links. None when ``home`` has no such child."""
    chrome = page_chrome(request, home)
    if chrome.is_home:
        for row in chrome.children:
            cls = row.specific_class
            if cls is not None and issubclass(cls, model):
                return row.specific_deferred
        return None
    if not isinstance(home, Page) or not home.pk:
        return None
    # No request, or not a home page: ask the tree (one query).
    found = home.get_children().live().type(model).order_by("path").first()
    return found.specific_deferred if found is not None else None
