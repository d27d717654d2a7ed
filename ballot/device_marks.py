"""What a visitor's browser carries about voting: signed, short-lived, never the vote.

The "just voted" cookie stops an accidental second send from the same browser;
the thank-you token (the ``v`` in the thank-you link) lets a woman who voted see
results that only voters may see; ``VIA_SALT`` signs the route a ballot form was
opened by. None of them says how anyone voted, and each is gone within minutes
or an hour, so the next woman on a shared phone is neither shut out nor told.
"""

from django.conf import settings
from django.core import signing

from home.cache import limit_page_cache

DEVICE_MARK_SALT = "ballot.just-voted"
THANKS_SALT = "ballot.thanks"
THANKS_MAX_AGE = 60 * 60
VIA_SALT = "ballot.via"


def device_mark_name(ballot_id):
    return f"wmhn_just_voted_{ballot_id}"


def device_just_voted(request, ballot_id):
    """Whether this browser sent a vote in the last few minutes (BALLOT_DEVICE_MARK_SECONDS).

    Only an accidental second send right after a vote is asked about; the mark
    carries no vote, no time the page shows, and is gone minutes later, so the
    next woman on a shared phone is neither shut out nor told.
    """
    value = request.get_signed_cookie(
        device_mark_name(ballot_id),
        default=None,
        salt=DEVICE_MARK_SALT,
        max_age=settings.BALLOT_DEVICE_MARK_SECONDS,
    )
    return value == str(ballot_id)


def forget_on_device(request):
    """Ask the browser, and the page cache, to keep no copy of this page: it
    shows a ballot form or a thank-you on what may be a shared device."""
    request.ballot_no_store = True
    limit_page_cache(request, 0)


def thanks_token(ballot_id):
    return signing.TimestampSigner(salt=THANKS_SALT).sign(str(ballot_id))


def valid_thanks_token(token, ballot_id):
    if not token:
        return False
    try:
        value = signing.TimestampSigner(salt=THANKS_SALT).unsign(token, max_age=THANKS_MAX_AGE)
    except signing.BadSignature:
        return False
    return value == str(ballot_id)


def has_voted(request, ballot_id):
    """For "results only to women who have voted": the thank-you link's token,
    good for an hour. No long-lived device mark, so the next woman on a shared
    device is not treated as having voted."""
    return valid_thanks_token(request.GET.get("v"), ballot_id)
