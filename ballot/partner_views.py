"""Admin views for partners: the turnout dashboard (partner users are made in
network/account_views.py)."""

from django.conf import settings
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ballot import breakdowns, turnout
from ballot.models import KeyedPaper, SpoiltPaper
from ballot.models.keying import Spoilt
from ballot.suppression import WITHHELD, Grid, suppress
from home.site_url import absolute
from network import access
from network.models import Organisation


def turnout_index(request):
    """Staff: every organisation's votes for the chosen ballot, against its promise,
    and the whole ballot against its target. A partner goes to their own page."""
    access.require(request.user, "turnout", Organisation)
    org = access.organisation_for(request.user)
    ballot, choices = turnout.chosen_ballot(request)
    if org is not None:
        url = reverse("ballot_turnout", args=[org.pk])
        return HttpResponseRedirect(f"{url}?ballot={ballot.pk}" if ballot else url)
    orgs = access.scope(request.user, Organisation.objects.filter(active=True), "turnout")
    context = {"ballot": ballot, "choices": _choices(choices, ballot)}
    if ballot is not None:
        context.update(turnout.index_rows(ballot, list(orgs)))
    return render(request, "ballot/admin/turnout_index.html", context)


def _choices(choices, chosen):
    return [(b.pk, turnout.choice_label(b), b == chosen) for b in choices]


def turnout_view(request, org_pk):
    """One organisation's votes by route and week, against the votes it promised.

    Read from the published snapshot (``ballot.release``): the organisation's
    row moves only when it has K new votes. Routes, weeks and running totals
    go through the same suppression as every breakdown
    (``ballot.breakdowns.turnout``), so no small number is shown or can be
    worked out by subtraction.
    """
    access.require(request.user, "turnout", Organisation)
    org = get_object_or_404(Organisation, pk=org_pk)
    access.require(request.user, "turnout", org)
    ballot, choices = turnout.chosen_ballot(request)
    snap = breakdowns.snapshot(ballot) if ballot else None
    figures = breakdowns.turnout(snap, org) if snap else None
    limit = settings.BALLOT_RESULTS_THRESHOLD
    spoilt = dict(
        SpoiltPaper.objects.filter(batch__organisation=org, batch__ballot=ballot)
        .values_list("reason")
        .annotate(n=Count("pk"))
    )
    spoilt_list = [(label, spoilt.get(v, 0)) for v, label in Spoilt.choices]
    spoilt_grid = Grid(
        rows=[label for label, _ in spoilt_list],
        cols=["papers"],
        values={(label, "papers"): n for label, n in spoilt_list},
        row_totals=False,
        col_totals=False,
    )
    spoilt_hidden = suppress(spoilt_grid, limit)
    waiting = (
        KeyedPaper.objects.filter(
            keying__batch__organisation=org,
            keying__batch__ballot=ballot,
            keying__batch__settled_at__isnull=True,
        )
        .values("keying__batch")
        .distinct()
        .count()
    )
    promised = turnout.promised_for(ballot, org) if ballot else None
    count = figures.count if figures else None
    return render(
        request,
        "ballot/admin/turnout.html",
        {
            "organisation": org,
            "ballot": ballot,
            "choices": _choices(choices, ballot),
            "threshold": limit,
            "figures": figures,
            "promised": promised,
            "promised_share": round(promised * 100 / ballot.target, 1)
            if promised and ballot and ballot.target
            else None,
            "progress": min(100, round(count * 100 / promised)) if promised and count else None,
            "spoilt": [
                (label, WITHHELD if (label, "papers") in spoilt_hidden else n)
                for label, n in spoilt_list
            ],
            "waiting_batches": waiting,
            "referral_url": absolute(f"{ballot.url}?via={org.slug}") if ballot else "",
        },
    )
