"""Storing a vote: one transaction; the database does the guarding (the form
token's primary key, the code's conditional ``used`` update).

``record_vote`` is the only place a vote is written (online, code and
paper routes all come through it), so the tallies always move with the votes.
"""

import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django_ratelimit.core import get_usage

from ballot.models import SubmissionToken, Vote, VoteChoice
from ballot.models.tallies import bump_tallies
from home.ratelimit import client_ip_key


class DuplicateSubmission(Exception):
    """This form token was already used: a double click. The first vote stands."""


class VoteRefused(Exception):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


CODE_USED = "This code has already been used. Each code can be used once."


def tally_keys(route, channel_id, option_ids, age_band="", region="", services=()):
    keys = ["voters", f"route:{route}", f"channel:{channel_id or '-'}"]
    keys += [f"option:{pk}" for pk in option_ids]
    if age_band:
        keys.append(f"age:{age_band}")
    if region:
        keys.append(f"region:{region}")
    keys += [f"service:{s}" for s in services]
    return keys


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def record_vote(ballot, options, *, route, channel=None, answers=None, token=None, code=None):
    """Store one vote and bump its tallies in one transaction.

    Raises ``DuplicateSubmission`` when ``token`` was already used and
    ``VoteRefused`` when ``code`` was used (by a racing request too). Nothing
    written here points from the code or the token to the vote.
    """
    answers = answers or {}
    services = sorted(set(answers.get("services") or []))
    option_ids = sorted({o.pk for o in options})
    with transaction.atomic():
        if token:
            try:
                with transaction.atomic():
                    SubmissionToken.objects.create(token_hash=hash_token(token))
            except IntegrityError:
                raise DuplicateSubmission() from None
        if code is not None and not code.mark_used():
            raise VoteRefused(CODE_USED, field="code")
        vote = Vote.objects.create(
            ballot=ballot,
            route=route,
            channel=channel,
            age_band=answers.get("age_band") or "",
            region=answers.get("region") or "",
            services=",".join(services),
        )
        VoteChoice.objects.bulk_create([VoteChoice(vote=vote, option_id=pk) for pk in option_ids])
        bump_tallies(
            ballot.pk,
            tally_keys(
                route,
                channel.pk if channel else None,
                option_ids,
                vote.age_band,
                vote.region,
                services,
            ),
        )
    return vote


# --- rate limits (client address from home.ratelimit) ----------------------
def _session_key(group, request):
    if not request.session.session_key:
        request.session["ballot"] = True
        request.session.save()
    return request.session.session_key


def _reached(request, group, key, rate, increment=False):
    """Whether ``rate`` is used up (checking before acting, so ``count >= limit``).

    If the cache cannot be reached the limit is not applied: refusing every
    vote would be worse than letting a few extra through.
    """
    usage = get_usage(request, group=group, key=key, rate=rate, increment=increment)
    if not usage or not usage["limit"]:
        return False
    return usage["count"] >= usage["limit"] + (1 if increment else 0)


def _ip_rate():
    limit = int(getattr(settings, "BALLOT_IP_LIMIT", 30))
    return f"{limit}/h" if limit > 0 else None


def ip_limit_reached(request):
    rate = _ip_rate()
    return bool(rate) and _reached(request, "ballot-vote-ip", client_ip_key, rate)


def count_ip_vote(request):
    rate = _ip_rate()
    if rate:
        _reached(request, "ballot-vote-ip", client_ip_key, rate, increment=True)


def wrong_code_limit_reached(request, increment=False):
    """Slow down guessing: a few wrong codes per session (and more per address)."""
    limits = [
        ("ballot-code-session", _session_key, settings.BALLOT_WRONG_CODE_LIMIT),
        ("ballot-code-ip", client_ip_key, settings.BALLOT_WRONG_CODE_IP_LIMIT),
    ]
    results = [_reached(request, g, k, rate, increment=increment) for g, k, rate in limits]
    return any(results)
