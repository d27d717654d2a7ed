"""Storing a vote: one transaction, constraints doing the guarding.

``record_vote`` is the only place a vote is written (online, code and
paper routes all come through it), so the tallies always move with the votes.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_ratelimit.core import get_usage

from ballot.models import CodeUse, PaperEntry, SubmissionToken, Vote, VoteChoice
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


def week_of(moment):
    """The Monday (local date) of the week a vote's hour falls in, as ``YYYY-MM-DD``."""
    day = timezone.localdate(moment)
    return (day - timedelta(days=day.weekday())).isoformat()


def tally_keys(route, channel_id, option_ids, age_band="", region="", services=(), week=""):
    """Every counter one vote moves (see ballot.models.tallies for the key scheme).

    Besides each breakdown row (``route:online``, ``channel:7``, ``week:2026-11-16``...)
    a vote bumps that row's cross counts with its options (``route:online|option:3``)
    and, for its organisation, with its route and week, so every breakdown and the
    partners' turnout are read from counters and never from the votes.
    """
    channel = f"channel:{channel_id or '-'}"
    rows = [f"route:{route}", channel]
    if age_band:
        rows.append(f"age:{age_band}")
    if region:
        rows.append(f"region:{region}")
    rows += [f"service:{s}" for s in services]
    if week:
        rows.append(f"week:{week}")
    keys = ["voters", *rows, *(f"option:{pk}" for pk in option_ids)]
    keys += [f"{row}|option:{pk}" for row in rows for pk in option_ids]
    keys.append(f"{channel}|route:{route}")
    if week:
        keys.append(f"{channel}|week:{week}")
    return keys


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def record_vote(
    ballot, options, *, route, channel=None, answers=None, token=None, code=None, paper=None
):
    """Store one vote and bump its tallies in one transaction.

    ``paper`` is ``(batch, user)`` for the paper route. Raises
    ``DuplicateSubmission`` when ``token`` was already used and
    ``VoteRefused`` when ``code`` was used (by a racing request too).
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
        if code is not None:
            try:
                with transaction.atomic():
                    CodeUse.objects.create(code=code)
            except IntegrityError:
                raise VoteRefused(CODE_USED, field="code") from None
        vote = Vote.objects.create(
            ballot=ballot,
            route=route,
            channel=channel,
            age_band=answers.get("age_band") or "",
            region=answers.get("region") or "",
            services=",".join(services),
        )
        VoteChoice.objects.bulk_create([VoteChoice(vote=vote, option_id=pk) for pk in option_ids])
        if paper is not None:
            batch, user = paper
            PaperEntry.objects.create(vote=vote, batch=batch, keyed_by=user)
        bump_tallies(
            ballot.pk,
            tally_keys(
                route,
                channel.pk if channel else None,
                option_ids,
                vote.age_band,
                vote.region,
                services,
                week_of(vote.created_at),
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
