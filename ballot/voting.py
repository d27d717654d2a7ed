"""Storing a vote: one transaction; the database does the guarding (the form
token's primary key, the code's conditional ``used`` update).

``record_vote`` is the only place a vote is written (online, code and
paper routes all come through it), so the tallies always move with the votes.
"""

import hashlib
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ballot.models import SubmissionToken, Vote, VoteChoice
from ballot.models.tallies import bump_tallies
from ballot.models.votes import Route
from home.ratelimit import client_key, hit, hit_rate, refund, refund_rate


class DuplicateSubmission(Exception):
    """This form token was already used: a double click. The first vote stands."""


class VoteRefused(Exception):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


CODE_USED = _("This code has already been used. Each code can be used once.")


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
                week_of(vote.created_at),
            ),
        )
    return vote


# --- rate limits (home.ratelimit: count first, decide second) ---------------
HOUR = 60 * 60
IP_LIMIT_REACHED = (
    "Many votes have come from this internet connection in the last hour. Please try "
    "again later, or ask the organisation that told you about the ballot for a ballot code."
)
SESSION_SLOW_DOWN = _(
    "Several wrong codes have been tried. Please wait a few minutes and try again."
)
ADDRESS_SLOW_DOWN = _(
    "Too many wrong codes have come from this internet connection in the last hour. "
    "Please try again in an hour, or ask the organisation that gave you the code for help."
)
UNKNOWN_CODE = _("We do not recognise that code. Please check it and try again.")
UNKNOWN_CODE_BUSY = _(
    "We do not recognise that code. Many wrong codes have come from this internet "
    "connection, so please check each letter on your card and try again."
)


@contextmanager
def vote_slot(request, route):
    """Take one of this address's online votes for the hour before storing one.

    Raises ``VoteRefused`` when the hour's votes are used up; gives the slot
    back if storing then fails (a double click). Code votes are limited by
    their codes, so they take no slot.
    """
    limit = settings.BALLOT_IP_LIMIT if route == Route.ONLINE else 0
    key = client_key(request)
    if not hit("ballot-vote-ip", key, limit, HOUR):
        raise VoteRefused(IP_LIMIT_REACHED)
    try:
        yield
    except BaseException:
        if limit:
            refund("ballot-vote-ip", key, HOUR)
        raise


def _session_key(request):
    if not request.session.session_key:
        request.session["ballot"] = True
        request.session.save()
    return request.session.session_key


class CodeAttempt:
    """The limits on typing a code, counted before the code is looked up.

    - per browser session (``BALLOT_WRONG_CODE_LIMIT``): past it, nothing is
      looked up, a right code included: only her own wrong codes got her here.
    - per address, hard ceiling (``BALLOT_WRONG_CODE_IP_CEILING``): past it,
      nothing from the address is looked up until the window ends. This is
      what bounds guessing by someone who throws away her cookies.
    - per address, soft (``BALLOT_WRONG_CODE_IP_LIMIT``): past it, a right code
      is still accepted and a wrong one gets a firmer message, so women
      sharing a prison's or hospital's connection are not shut out by other
      people's mistakes.

    A code that exists (used or not) is not a guess: ``found()`` gives back
    what it counted, so only wrong codes use up the limits.
    """

    def __init__(self, request):
        self.request = request
        self.counted = []
        self.refusal = None
        self.busy = False

    def _hit(self, group, key, rate):
        allowed = hit_rate(group, key, rate)
        self.counted.append((group, key, rate))
        return allowed

    def start(self):
        """Count this attempt; return a refusal message, or None to look the code up."""
        if not self._hit(
            "ballot-code-session", _session_key(self.request), settings.BALLOT_WRONG_CODE_LIMIT
        ):
            return SESSION_SLOW_DOWN
        address = client_key(self.request)
        if not self._hit("ballot-code-ip-ceiling", address, settings.BALLOT_WRONG_CODE_IP_CEILING):
            return ADDRESS_SLOW_DOWN
        self.busy = not self._hit("ballot-code-ip", address, settings.BALLOT_WRONG_CODE_IP_LIMIT)
        return None

    def found(self):
        for group, key, rate in self.counted:
            refund_rate(group, key, rate)
        self.counted = []

    def unknown_message(self):
        return UNKNOWN_CODE_BUSY if self.busy else UNKNOWN_CODE
