"""Views outside Wagtail's page routing: results.json and the CSRF failure page."""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from wagtail.models import Site

from ballot.models import BallotPage
from ballot.privacy import may_view
from ballot.results import ballot_results
from ballot.visibility import ResultsVisibility, results_visible

PRIVATE = "This ballot is private."


def _find_ballot(request, page_path):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    ballot = (
        BallotPage.objects.live()
        # Under /ur/, /pl/, ... the path is looked up under that language's home.
        .filter(url_path=site.root_page.localized.url_path + page_path)
        .only(
            "pk",
            "path",
            "slug",
            "question",
            "opens_at",
            "closes_at",
            "choices_required",
            "target",
            "results_visibility",
            "translation_key",
            "locale_id",
        )
        .first()
    )
    if ballot is None:
        raise Http404
    ballot.counting_id  # noqa: B018 -- worked out once, and kept with the cached lookup
    return ballot


@require_GET
def results_json(request, page_path):
    """``<ballot url>results.json``: the shape is fixed by issue 4.

    The results come from ``ballot_results`` (the published snapshot, in the
    one results cache) of the counting ballot, whatever the page's language,
    in the page's own words; only the path-to-ballot lookup is cached here.
    """
    seconds = settings.BALLOT_RESULTS_CACHE_SECONDS
    key = f"ballot:results-path:{request.get_host()}:{get_language()}:{page_path}"
    ballot = cache.get(key) if seconds > 0 else None
    if ballot is None:
        ballot = _find_ballot(request, page_path)
        if seconds > 0:
            cache.set(key, ballot, seconds)
    refusal, restricted = private_refusal(request, ballot.path)
    if refusal is not None:
        return refusal
    if not results_visible(
        ballot.results_visibility, ballot.has_closed(), request, ballot.counting_id
    ):
        return JsonResponse(
            {"ballot": ballot.slug, "error": "Results are not public yet."}, status=403
        )
    results = ballot.localise_results(ballot_results(ballot.counting_ballot()))
    response = JsonResponse(results.as_json())
    public = ballot.results_visibility == ResultsVisibility.ALWAYS and not restricted
    response["Cache-Control"] = "max-age=2" if public else "private, no-cache"
    return response


def private_refusal(request, path):
    """(refusal, restricted): a 403 for a visitor the ballot page's view
    restrictions (private, password, groups) would not let in, checked on
    every request, before any cached figures are used."""
    allowed, restricted = may_view(request, path)
    if allowed:
        return None, restricted
    response = JsonResponse({"error": PRIVATE}, status=403)
    response["Cache-Control"] = "private, no-store"
    return response, restricted


def csrf_failure(request, reason=""):
    """A plain-words page instead of Django's technical CSRF error."""
    return render(request, "403_csrf.html", status=403)
