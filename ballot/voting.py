"""Storing a vote: one transaction, constraints doing the guarding.

``record_vote`` is the only place a vote is written (online, code and
paper routes all come through it), so the tallies always move with the votes.
"""

import hashlib
from contextlib import contextmanager

from django.conf import settings
from django.db import IntegrityError, transaction

from ballot.models import CodeUse, PaperEntry, SubmissionToken, Vote, VoteChoice
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
            ),
        )
    return vote


# --- rate limits (home.ratelimit: count first, decide second) ---------------
HOUR = 60 * 60
IP_LIMIT_REACHED = (
    "Many votes have come from this internet connection in the last hour. Please try "
    "again later, or ask the organisation that told you about the ballot for a ballot code."
)
SESSION_SLOW_DOWN = "Several wrong codes have been tried. Please wait a few minutes and try again."
ADDRESS_SLOW_DOWN = (
    "Too many wrong codes have come from this internet connection in the last hour. "
    "Please try again in an hour, or ask the organisation that gave you the code for help."
)
UNKNOWN_CODE = "We do not recognise that code. Please check it and try again."
UNKNOWN_CODE_BUSY = (
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
