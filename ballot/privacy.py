"""Whether a visitor may see a ballot page, for everything that shows its
results away from the page itself (results.json, the results block).

Wagtail checks a page's view restrictions (private, password, groups) when it
serves the page and its sub-routes (/results/, /thanks/), but results.json
and a results block on another page do not pass through that check, so they
ask here. The rules are Wagtail's own (``accept_request``) on the ballot page
and its ancestors, as ``Page.get_view_restrictions`` collects them, in one
query.
"""

from home.queries import view_restrictions


def may_view(request, path):
    """(allowed, restricted): may this request see the page, and is it restricted at all."""
    restrictions = list(view_restrictions(path))
    allowed = all(restriction.accept_request(request) for restriction in restrictions)
    return allowed, bool(restrictions)
