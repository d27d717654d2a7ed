"""Refuse oversized ballot posts before anything reads the body.

Django's own limit (DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MB) is far too generous
for a form of a few checkboxes, and lowering it site-wide would break long
page edits in the Wagtail admin. This middleware sits before the CSRF
middleware (which reads the body) and answers a plain-words 413 when a POST
to a ballot page declares more than ``BALLOT_MAX_BODY_SIZE`` bytes. The
ballot lookup happens only for such oversized posts, so ordinary requests
cost nothing.
"""

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language


def max_body_size():
    return settings.BALLOT_MAX_BODY_SIZE


def declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return -1


def is_ballot_path(request):
    from wagtail.models import Site

    from ballot.models import BallotPage

    site = Site.find_for_request(request)
    if site is None:
        return False
    # Under /ur/, /pl/, ... (LocaleMiddleware has already chosen the language)
    # the path is looked up under that language's home, without the prefix.
    root = site.root_page.localized.url_path
    candidates = []
    parts = [p for p in request.path.split("/") if p]
    if parts and parts[0] in dict(settings.LANGUAGES) and parts[0] == get_language():
        parts = parts[1:]
    for end in range(len(parts), 0, -1):
        candidates.append(root + "/".join(parts[:end]) + "/")
    return BallotPage.objects.filter(url_path__in=candidates).exists()


class BallotBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            length = declared_length(request)
            too_big = length < 0 or length > max_body_size()
            if too_big and is_ballot_path(request):
                return render(
                    request,
                    "ballot/too_large.html",
                    {"limit_kb": max_body_size() // 1024},
                    status=413,
                )
        return self.get_response(request)


class BallotNoStoreMiddleware:
    """``Cache-Control: no-store`` (and private) on every response that showed a
    ballot form or a thank-you (``ballot.device_marks.forget_on_device``), wherever
    the form was embedded: on a shared device Back or a cache must not bring the
    last woman's page back. Set as a header here because blocks cannot reach
    the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "ballot_no_store", False):
            add_never_cache_headers(response)
        return response
