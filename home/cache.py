"""A whole-page cache for anonymous visitors, emptied page by page on publish.

wagtail-cache, the usual choice, does not support Wagtail 8 yet, so this is
a small equivalent built on Django's cache framework.

What is stored, and for whom:
- Only GET and HEAD requests without a session or messages cookie (so never a
  signed-in editor) under no admin prefix are served from or stored in it.
- A response that sets a cookie (every page with a POST form sets the CSRF
  cookie), is not a 200, or says ``private``/``no-store``/``no-cache`` is never
  stored, and is sent ``Cache-Control: private, no-cache`` unless the view
  said otherwise, so no CDN or shared proxy keeps it either.
- A stored page is sent ``Cache-Control: public, max-age=…, s-maxage=…`` and
  ``Vary: Cookie`` (``public_cache_headers``, the one helper for these
  headers), so the CDN in docs/deploy.md can hold it; publishing purges the
  page there (wagtail.contrib.frontend_cache) with its ancestors and the
  sitemap (ops/signals.py).
- Query strings: tracking parameters (``utm_*``, ``fbclid``…) are left out of
  the key. A listing's own parameters (``LISTING_PARAMS``: the blog's page,
  category, tag and author, the partners' sector, the resources'
  topic, audience and format) are part of the key, and a copy is stored only
  when the page confirmed through ``keep_listing()`` that it read exactly those
  values, chose at most one filter and shows something (``?page=abc``,
  ``?page=999``, an unknown category, two filters at once or a list of
  nothing is rendered each time, never stored), so the copies are bounded by
  the site's filter values and pages, not by what a visitor sends. Such
  a copy is always private to the browser (a CDN's purge names the page
  without its query, so it could not empty them). Any other parameter makes
  the request bypass the cache without storing, so ``?x=N`` cannot fill Redis
  and push out sessions and counters.

When a copy goes stale: every copy remembers the version of each tag it was
built from (its page, its ancestors by tree path, ``other`` for responses not served by a page,
``sections`` when it shows sections other apps supply, and ``site``), and a
hit whose tags moved on is a miss. Publishing, unpublishing or saving a live
page moves the tags of that page, its ancestors (their listings and the home
page), its descendants (their breadcrumbs), the pages of its type that list
their own kind (``type:<content type>``: a post's older/newer links and related
posts), ``sections`` and ``other`` (feeds, sitemap, search); a page in the
menus, a move, a deletion, a view restriction, and saving a snippet, image,
document, site setting or one of ``PAGE_CACHE_INVALIDATING_MODELS`` moves
``site``, which empties everything. Drafts, autosaves, revisions, locks and
edits to pages that are not live move nothing.

Parts of a page that cost most to build and are the same for every visitor
are kept apart from the whole page, for the visitors the page cache cannot
serve: fragments in templates (home/templatetags/fragment_cache.py) and parts
a view renders (``kept_html``); both go stale with ``site`` and ``other``.

A page showing live figures calls ``limit_page_cache(request, seconds)`` to
keep its copy for only a few seconds; a response's own ``max-age`` is a limit
too. If the cache is unreachable, pages are served uncached (home/degraded.py).
"""

import hashlib
import time
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.cache import get_max_age, patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from home import degraded

SKIP_PREFIXES = ("/admin/", "/django-admin/", "/documents/")
SITE_TAG, OTHER_TAG, SECTIONS_TAG = "site", "other", "sections"
# Parameters that only say where a visitor came from; no page reads them.
IGNORED_PARAMS = ("utm_", "fbclid", "gclid", "msclkid", "mc_cid", "mc_eid", "_ga")
# Parameters listing pages read (the blog index, blog/models.py; the
# partners' index, network/partners.py; the resources library,
# network/resources.py); see keep_listing().
LISTING_PARAMS = frozenset(
    {"page", "category", "tag", "author", "sector", "topic", "audience", "resource_format"}
)
# Fields a draft, an autosave or a lock writes to a page row; the public
# page does not change when only these do.
DRAFT_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
        "wagtail_admin_comments",
    }
)


def cache_seconds():
    return settings.PAGE_CACHE_SECONDS


def limit_page_cache(request, seconds):
    """Keep the page being rendered in the cache for at most ``seconds``."""
    if request is not None:
        current = getattr(request, "page_cache_seconds", None)
        request.page_cache_seconds = seconds if current is None else min(current, seconds)


def tag_request(request, *tags):
    """Say what the response being rendered shows, so publishing it empties this copy."""
    if request is not None:
        request.page_cache_tags = getattr(request, "page_cache_tags", set()) | set(tags)


def page_tag(page_id):
    return f"page:{page_id}"


def type_tag(content_type_id):
    """For a page that lists other pages of one type (a post's neighbours and
    related posts): publishing any page of that type empties its copy."""
    return f"type:{content_type_id}"


def public_cache_headers(response, seconds):
    """The one place cache headers are written: ``seconds`` > 0 makes a page public
    for that long on CDNs (purged on publish) and at most a minute in browsers
    (not purged); 0 makes it private to the visitor's browser, checked each time."""
    if seconds > 0:
        browser = min(seconds, settings.PAGE_CACHE_BROWSER_SECONDS)
        patch_cache_control(response, public=True, max_age=browser, s_maxage=seconds)
        patch_vary_headers(response, ("Cookie",))
    elif "Cache-Control" not in response:
        patch_cache_control(response, private=True, no_cache=True)


# --- tags ---------------------------------------------------------------------
def _tag_key(tag):
    return f"pagecache:tag:{tag}"


def guarded(action, default=None):
    """Run one cache call; if the cache is away, say so once a minute and go on."""
    try:
        return action()
    except Exception as error:  # noqa: BLE001 - any cache failure: serve uncached
        degraded.warn("page cache unreachable (%s): serving pages uncached", error)
        return default


def invalidate(*tags):
    """Make every copy built from any of ``tags`` stale (a new version each)."""
    stamp = time.time_ns()
    guarded(lambda: cache.set_many({_tag_key(t): stamp for t in tags}, timeout=None))


def invalidate_page_cache(**kwargs):
    """Make every cached page stale."""
    invalidate(SITE_TAG)


def _versions(tags):
    """Current version of each tag; a tag never seen (or evicted) starts now."""
    keys = {_tag_key(t): t for t in tags}
    found = cache.get_many(list(keys))
    missing = {key: time.time_ns() for key in keys if key not in found}
    for key, stamp in missing.items():
        if not cache.add(key, stamp, timeout=None):
            found[key] = cache.get(key)
        else:
            found[key] = stamp
    return {keys[key]: value for key, value in found.items()}


def request_versions(request, tags):
    """``_versions(tags)``, answered from the versions home/route_cache.py read
    for this request (``request.page_cache_versions``) when it read them all, so
    the fragments of one page share one cache read rather than one each."""
    known = getattr(request, "page_cache_versions", None) or {}
    if all(tag in known for tag in tags):
        return {tag: known[tag] for tag in tags}
    return _versions(tags)


def shared_value(name, vary, compute, request=None):
    """``compute()``, kept like a fragment (home/templatetags/fragment_cache.py):
    for ``PAGE_CACHE_SECONDS`` and until any publish or setting/snippet/image
    save; computed afresh when the cache is off or away."""
    seconds = cache_seconds()
    if seconds <= 0:
        return compute()
    versions = guarded(lambda: request_versions(request, [SITE_TAG, OTHER_TAG]))
    if versions is None:
        return compute()
    raw = "\0".join([*map(str, vary), str(versions[SITE_TAG]), str(versions[OTHER_TAG])])
    key = f"pagecache:value:{name}:{hashlib.sha256(raw.encode()).hexdigest()}"
    value = guarded(lambda: cache.get(key))
    if value is None:
        value = compute()
        guarded(lambda: cache.set(key, value, timeout=seconds))
    return value


def kept_html(request, name, vary, render):
    """``render()``, a part of a page (HTML, or a tuple of HTML) a view or a
    ``{% page_fragment %}`` renders, kept by ``shared_value`` for every visitor of this host and
    language: what a page costs most to build (a post's neighbours and related
    posts, the home page's sections), so a visitor the page cache cannot serve
    still gets it without its queries. Rendered afresh in an editor's preview,
    which may show a draft."""
    if getattr(request, "is_preview", False):
        return render()
    host = request.get_host() if request is not None else ""
    vary = (host, get_language() or "", *vary)
    return shared_value(name, vary, render, request)


# --- requests ---------------------------------------------------------------------
def keep_listing(request, page_obj, filters):
    """A listing page says what it read, so the page cache may keep this list
    under its query: ``page_obj`` as shown, and ``filters`` mapping each of its
    ``LISTING_PARAMS`` to the value its own links write for the choice it
    applied, or None for no choice (a form's empty select is read as "").

    The copy is stored only when these are exactly the request's parameters,
    at most one filter is chosen (as the site's own links choose them) and the
    list shows something: an unknown value, a page number that is not the one
    shown, a combination of filters or a list of nothing is rendered each time
    and never stored. So the copies are at most (one per filter value that
    shows something, plus the unfiltered list) times its pages, twice (with
    and without ``page=1``): combinations would multiply."""
    if sum(value is not None for value in filters.values()) > 1 or not page_obj.object_list:
        return
    read = {"page": str(page_obj.number)} if "page" in request.GET else {}
    for name, value in filters.items():
        if name in request.GET:
            read[name] = "" if value is None else str(value)
    request.page_cache_query = read


def _query(request):
    """The parameters that key a page: all but tracking tags, as one dict;
    None when one is not a listing parameter or is given twice."""
    kept = {}
    for name, values in request.GET.lists():
        if name.startswith(IGNORED_PARAMS):
            continue
        if name not in LISTING_PARAMS or len(values) != 1:
            return None
        kept[name] = values[0]
    return kept


def _key(request, query):
    raw = f"{request.get_host()}{request.path}"
    if query:
        raw += "?" + urlencode(sorted(query.items()))
    return f"pagecache:entry:{request.method}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _eligible(request):
    return (
        cache_seconds() > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.path.startswith(SKIP_PREFIXES)
    )


def _storable(request, response):
    if response.status_code != 200 or response.cookies or response.streaming:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    return get_max_age(response) != 0 and getattr(request, "page_cache_seconds", 1) > 0


class PageCacheMiddleware:
    """Place high in MIDDLEWARE, below SecurityMiddleware and WhiteNoise, so a hit
    skips sessions, CSRF and auth entirely; the stored response already carries
    the headers the inner middleware added."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(SKIP_PREFIXES):
            return self.get_response(request)
        query = _query(request)
        if query is None or not _eligible(request):
            response = self.get_response(request)
            public_cache_headers(response, 0)
            return response
        key = _key(request, query)
        cached = guarded(lambda: self.lookup(key))
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if not _storable(request, response) or (
            query and getattr(request, "page_cache_query", None) != query
        ):
            public_cache_headers(response, 0)
            return response
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        seconds = min(
            cache_seconds(),
            getattr(request, "page_cache_seconds", cache_seconds()),
            get_max_age(response) or cache_seconds(),
        )
        if query:
            # A listing's filtered or later pages stay out of CDNs (see above),
            # whatever the view said.
            del response["Cache-Control"]
            public_cache_headers(response, 0)
        else:
            public_cache_headers(response, seconds)
        tags = {SITE_TAG, *getattr(request, "page_cache_tags", {OTHER_TAG})}
        if guarded(lambda: self.store(key, tags, response, seconds), False):
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def store(key, tags, response, seconds):
        cache.set(key, (_versions(tags), response), timeout=seconds)
        return True

    @staticmethod
    def lookup(key):
        entry = cache.get(key)
        if entry is None:
            return None
        versions, response = entry
        return response if _versions(versions) == versions else None


# --- what publishing empties ------------------------------------------------------
def below_tags(page):
    """A page's breadcrumbs show its ancestors: it depends on each of them, named
    by tree path (no query needed while serving)."""
    step = page.steplen
    return [f"below:{page.path[:end]}" for end in range(step, len(page.path), step)]


def tags_for_page(page):
    """The copies that can show ``page``: its own, its ancestors' (listings and the
    home page), its descendants' (breadcrumbs), pages listing pages of its type
    (``type_tag``: the other posts), pages with sections from other apps, and
    non-page responses (feeds, sitemap, search); everything when it is in the
    menus."""
    if page.show_in_menus:
        return [SITE_TAG]
    ancestors = page.get_ancestors(inclusive=True).values_list("pk", flat=True)
    return [
        *(page_tag(pk) for pk in ancestors),
        f"below:{page.path}",
        type_tag(page.content_type_id),
        SECTIONS_TAG,
        OTHER_TAG,
    ]


def on_page_changed(sender=None, instance=None, **kwargs):
    invalidate(*tags_for_page(instance))


def on_page_saved(sender, instance, created=False, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= DRAFT_FIELDS:
        return  # a draft, an autosave or a lock: the public page is unchanged
    if instance.live:
        invalidate(*tags_for_page(instance))


def connect_signals():
    """Wire invalidation to every change that can alter a public page."""
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import BaseViewRestriction, Page, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move
    from wagtail.snippets.models import get_snippet_models

    page_published.connect(on_page_changed, dispatch_uid="pagecache-published")
    page_unpublished.connect(invalidate_page_cache, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(invalidate_page_cache, dispatch_uid="pagecache-moved")

    extra = {apps.get_model(label) for label in settings.PAGE_CACHE_INVALIDATING_MODELS}
    watched_bases = (Site, AbstractImage, AbstractDocument, BaseSiteSetting, BaseViewRestriction)

    def on_change(sender, created=False, **kwargs):
        if created and issubclass(sender, BaseSiteSetting):
            return  # settings rows are made with defaults on first read: nothing changed
        if issubclass(sender, watched_bases) or sender in extra or sender in get_snippet_models():
            invalidate_page_cache()

    def on_page_save(sender, **kwargs):
        if issubclass(sender, Page):
            on_page_saved(sender, **kwargs)

    def on_delete(sender, **kwargs):
        if issubclass(sender, Page):
            invalidate_page_cache()
        else:
            on_change(sender, **kwargs)

    post_save.connect(on_change, dispatch_uid="pagecache-post-save", weak=False)
    post_save.connect(on_page_save, dispatch_uid="pagecache-page-save", weak=False)
    post_delete.connect(on_delete, dispatch_uid="pagecache-post-delete", weak=False)
