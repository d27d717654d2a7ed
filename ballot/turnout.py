"""Which ballot a turnout page shows, and the staff index of every organisation.

With more than one ballot, turnout is always for one chosen ballot. Only live
ballots can be chosen: a draft has no votes and its referral link would lead
to an unpublished page. Without a choice the page shows the open ballot (the
one opened last if several are open), else the one closed last, else the
next to open.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from ballot import breakdowns
from ballot.models import BallotPage, CodeQuota
from ballot.models.pages import BallotStatus, counting_ballots


def ballot_choices():
    """Live ballots, best default first: open, then closed, then scheduled."""
    ballots = list(counting_ballots(BallotPage.objects.live()).order_by("-opens_at", "-pk"))
    rank = {BallotStatus.OPEN: 0, BallotStatus.CLOSED: 1, BallotStatus.SCHEDULED: 2}

    def key(ballot):
        status = ballot.status()
        if status == BallotStatus.CLOSED:
            return (rank[status], -ballot.closes_at.timestamp())
        return (rank.get(status, 3), -ballot.opens_at.timestamp())

    return sorted(ballots, key=key)


def chosen_ballot(request):
    """``(ballot or None, choices)``: the ballot asked for in ``?ballot=``, if it
    is one of the choices, else the default."""
    choices = ballot_choices()
    wanted = request.GET.get("ballot", "")
    if wanted.isdigit():
        for ballot in choices:
            if ballot.pk == int(wanted):
                return ballot, choices
    return (choices[0] if choices else None), choices


def choice_label(ballot):
    return f"{ballot.title} ({ballot.status().label.lower()})"


def promised_for(ballot, organisation):
    row = CodeQuota.objects.filter(ballot=ballot, organisation=organisation).first()
    return row.promised_votes if row else None


def index_rows(ballot, organisations):
    """Per organisation: (organisation, promised, votes text), and the totals.

    Votes come from the published snapshot, with the suppression the
    organisation's own turnout page uses; an organisation whose row is not
    published yet (fewer than K votes, or waiting for K new ones) shows a
    plain sentence instead of a number.
    """
    snap = breakdowns.snapshot(ballot)
    shown = breakdowns.turnout_totals(snap)
    promises = dict(
        CodeQuota.objects.filter(ballot=ballot, promised_votes__isnull=False).values_list(
            "organisation_id", "promised_votes"
        )
    )
    waiting = _("fewer than %(k)s, or waiting for %(k)s new votes") % {"k": snap.threshold}
    rows = [(org, promises.get(org.pk), shown.get(org.pk, waiting)) for org in organisations]
    voters = None if snap.withheld else snap.voters
    return {
        "rows": rows,
        "promised_total": sum(promises.get(org.pk, 0) for org in organisations),
        "voters": voters,
        "target": ballot.target,
        "progress": min(100, round(voters * 100 / ballot.target))
        if voters and ballot.target
        else None,
        "threshold": settings.BALLOT_RESULTS_THRESHOLD,
    }
