"""Wagtail's route for an anonymous visitor, kept in the cache (issue 15).

Pages that are never stored whole (the ballot: its form carries a CSRF token)
are rendered for every visitor, and before rendering Wagtail finds the site
for the host and port, the home page for the active language and the page for
the path: five queries on the ballot page, the same for every visitor. This
middleware keeps what that lookup found (the site, and the page with its
locale and parent) in the Django cache, so a second visitor's ballot page
costs no query for it; the page is then served as Wagtail serves it.

What is kept, and for whom:
- Only GET and HEAD requests served by Wagtail's page view, from a visitor
  with no session cookie who is not signed in (never an editor), while the
  page cache is on (``PAGE_CACHE_SECONDS`` > 0).
- Only a route Wagtail found to a page with no view restriction on it or an
  ancestor (a private or password page is looked up afresh every time), to
  the page itself or to one of a routable page's fixed sub-routes (``thanks/``
  but never a sub-route that takes arguments), whose response was not an
  error: a 404 is never kept, so new pages appear at once.
- The key is the host, port, path and active language (``/cy/…`` is Welsh).

When a kept route goes stale: it uses home/cache.py's tag versions, the same
ones the page cache uses: ``site`` and ``other`` and the page's own tags
(``page:<id>`` and ``below:<ancestor path>``). Publishing, unpublishing,
moving, deleting or restricting a page, or changing a site, moves at least one
of them, and a route whose tags moved on is looked up afresh. All of them are
read in one ``get_many`` per request; the versions of ``site`` and ``other``
are left on the request (``page_cache_versions``) so the page's fragments
(home/templatetags/fragment_cache.py) use them rather than reading them
again. A route found while a publish was under way (``site`` or ``other``
moved between the lookup and the response) is not kept.
"""

import hashlib
import pickle

from django.conf import settings
from django.core.cache import cache
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from home.cache import OTHER_TAG, SITE_TAG, _versions, below_tags, cache_seconds, guarded, page_tag


def _eligible(request):
    if cache_seconds() <= 0 or request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _key(request):
    host = split_domain_port(request._get_raw_host())[0]
    raw = "\0".join([host, str(request.get_port()), request.path, get_language() or ""])
    return f"pagecache:route:{hashlib.sha256(raw.encode()).hexdigest()}"


def _sub_route(request, route):
    """``None`` for the page itself, the sub-path for a routable page's fixed
    sub-route, ``False`` when the route cannot be kept (a sub-route with
    arguments, or a page type that routes by other means)."""
    page, args, kwargs = route.page, route.args, route.kwargs
    if kwargs:
        return False
    if not args:
        return None
    match = getattr(request, "routable_resolver_match", None)
    if not isinstance(page, RoutablePageMixin) or match is None or match.args or match.kwargs:
        return False
    return "/" + page.reverse_subpage(match.url_name)


def _restricted(page):
    if getattr(page, "known_unrestricted", False):
        return False
    return page.get_view_restrictions().exists()


def _tags(page):
    return [SITE_TAG, OTHER_TAG, page_tag(page.pk), *below_tags(page)]


def _snapshot(request, path):
    """Route as Wagtail does, and a pickled copy of what was found, taken before
    serving changes anything on the page object; None when it is not kept."""
    route = Page.route_for_request(request, path)
    if route is None:
        return None
    sub = _sub_route(request, route)
    if sub is False or _restricted(route.page):
        return None
    page = route.page
    page.known_unrestricted = True  # just checked: Wagtail's check needs no query
    page.locale  # noqa: B018 - read now, so the kept page carries it (templates read it)
    try:
        return _tags(page), pickle.dumps((request._wagtail_site, page, sub))
    except (pickle.PicklingError, TypeError, AttributeError):
        return None


def _restore(request, snapshot):
    site, page, sub = pickle.loads(snapshot)  # noqa: S301 - our own cache, written above
    request._wagtail_site = site
    if sub is None:
        request._wagtail_route_for_request = RouteResult(page)
        return
    match = page.resolve_subpage(sub)
    request.routable_resolver_match = match
    request._wagtail_route_for_request = RouteResult(page, args=(match.func, match.args, {}))


class RouteCacheMiddleware:
    """Place after LocaleMiddleware (the key holds the active language) and
    AuthenticationMiddleware (signed-in visitors are never served from it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        pending = request.__dict__.pop("_route_cache_pending", None)
        if pending is not None and response.status_code < 400:
            guarded(lambda: self.store(*pending))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve or not _eligible(request):
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        key = _key(request)
        entry = guarded(lambda: cache.get(key))
        if entry is not None:
            kept, snapshot = entry
            current = guarded(lambda: _versions(list(kept)))
            if current == kept:
                _restore(request, snapshot)
                request.page_cache_versions = current
                request.route_cache = "hit"
                return None
        before = guarded(lambda: _versions([SITE_TAG, OTHER_TAG]))
        if before is None:
            return None
        request.page_cache_versions = before
        found = _snapshot(request, path)
        if found is not None:
            request._route_cache_pending = (key, *found, before)
        request.route_cache = "miss"
        return None

    @staticmethod
    def store(key, tags, snapshot, before):
        versions = _versions(tags)
        if all(versions[tag] == before[tag] for tag in before):
            cache.set(key, (versions, snapshot), timeout=cache_seconds())
