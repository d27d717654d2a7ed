"""A whole-page cache for anonymous visitors, emptied when anything public changes.

wagtail-cache, the usual choice, does not support Wagtail 8 yet, so this is
a small equivalent built on Django's cache framework.

Why it is safe:
- Only GET and HEAD requests without a session cookie (so never a signed-in
  editor, never a visitor with a pending message) are served from or stored in
  the cache.
- A response that sets a cookie (every page with a POST form sets the CSRF
  cookie) or says ``private``/``no-store`` is never stored, so form pages and
  anything personal stay out.
- Publishing, unpublishing, moving or deleting a page, setting, changing or
  removing a page's (or collection's) view restriction, and saving a snippet,
  image, document, site setting or any model named in
  ``PAGE_CACHE_INVALIDATING_MODELS``, bumps a generation number that is part
  of every key, so all cached pages go stale at once: listings on other
  pages can never show an old post, and a page made private is never served
  from the cache again. (Keys are not kept per page, so emptying one page
  means emptying them all; it costs one counter.)
- A page showing live figures calls ``limit_page_cache(request, seconds)``
  to keep its copy for only a few seconds; a response's own
  ``Cache-Control: max-age`` is a limit too.
"""

import hashlib

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.cache import get_max_age

GENERATION_KEY = "pagecache:generation"
SKIP_PREFIXES = ("/admin/", "/django-admin/", "/documents/")


def cache_seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def limit_page_cache(request, seconds):
    """Keep the page being rendered in the cache for at most ``seconds``."""
    if request is not None:
        current = getattr(request, "page_cache_seconds", None)
        request.page_cache_seconds = seconds if current is None else min(current, seconds)


def invalidate_page_cache(**kwargs):
    """Make every cached page stale; cheap (one counter), safe to call often."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)


def _key(request, generation):
    raw = f"{request.get_host()}{request.get_full_path()}".encode()
    return f"pagecache:{generation}:{request.method}:{hashlib.sha256(raw).hexdigest()}"


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
        if not _eligible(request):
            return self.get_response(request)
        generation = cache.get_or_set(GENERATION_KEY, 1, timeout=None)
        key = _key(request, generation)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if _storable(request, response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            seconds = min(
                cache_seconds(),
                getattr(request, "page_cache_seconds", cache_seconds()),
                get_max_age(response) or cache_seconds(),
            )
            cache.set(key, response, timeout=seconds)
            response["X-Page-Cache"] = "miss"
        return response


def connect_signals():
    """Wire invalidation to every change that can alter a public page."""
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import BaseViewRestriction, Page, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move
    from wagtail.snippets.models import get_snippet_models

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(invalidate_page_cache, dispatch_uid=f"pagecache-{id(signal)}")

    extra = {
        apps.get_model(label) for label in getattr(settings, "PAGE_CACHE_INVALIDATING_MODELS", [])
    }
    watched_bases = (
        Page,
        Site,
        AbstractImage,
        AbstractDocument,
        BaseSiteSetting,
        BaseViewRestriction,
    )

    def on_change(sender, created=False, **kwargs):
        if created and issubclass(sender, BaseSiteSetting):
            return  # settings rows are made with defaults on first read: nothing changed
        if issubclass(sender, watched_bases) or sender in extra or sender in get_snippet_models():
            invalidate_page_cache()

    post_save.connect(on_change, dispatch_uid="pagecache-post-save", weak=False)
    post_delete.connect(on_change, dispatch_uid="pagecache-post-delete", weak=False)
