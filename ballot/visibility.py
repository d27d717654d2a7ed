"""Who sees a ballot's public results: the one rule, and the ballot's choice of it."""

from django.conf import settings
from django.db import models

from ballot.device_marks import has_voted
from home.cache import limit_page_cache


class ResultsVisibility(models.TextChoices):
    ALWAYS = "always", "Always, to everyone"
    VOTED = "voted", "Only to women who have voted (and to everyone after closing)"
    CLOSED = "closed", "Only after the ballot closes"


def results_visible(visibility, closed, request, ballot_id):
    """The one rule for public results (pages, blocks, results.json).

    It also tells the anonymous page cache what a page showing results may
    keep: live figures only a few seconds, and nothing at all when the answer
    depends on this visitor's thank-you token.
    """
    if visibility == ResultsVisibility.ALWAYS or closed:
        limit_page_cache(request, settings.BALLOT_RESULTS_CACHE_SECONDS)
        return True
    limit_page_cache(request, 0)
    return visibility == ResultsVisibility.VOTED and has_voted(request, ballot_id)
