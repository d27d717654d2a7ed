"""Admin views for partners: the turnout dashboard, and making partner users."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ballot.models import BallotPage, KeyedPaper, SpoiltPaper, Vote
from ballot.models.keying import Spoilt
from ballot.models.votes import Route
from ballot.partners import create_partner_user
from network import access
from network.models import Organisation, PartnerAccount


def threshold():
    return getattr(settings, "BALLOT_RESULTS_THRESHOLD", 10)


def shown(count):
    limit = threshold()
    return f"fewer than {limit}" if 0 < count < limit else f"{count:,}"


def turnout_index(request):
    access.require(request.user, "turnout", Organisation)
    org = access.organisation_for(request.user)
    if org is not None:
        return HttpResponseRedirect(reverse("ballot_turnout", args=[org.pk]))
    orgs = access.scope(request.user, Organisation.objects.filter(active=True), "turnout").annotate(
        votes=Count("ballot_votes")
    )
    return render(request, "ballot/admin/turnout_index.html", {"organisations": orgs})


def _ballot(request):
    ballots = BallotPage.objects.order_by("-pk")
    wanted = request.GET.get("ballot", "")
    if wanted.isdigit():
        return ballots.filter(pk=wanted).first() or ballots.first()
    return ballots.first()


def turnout_view(request, org_pk):
    """Votes by route and week for one organisation, against the votes it promised.

    Every figure from 1 to BALLOT_RESULTS_THRESHOLD - 1 is shown as 'fewer than N',
    as the public results do, so a small group cannot be singled out.
    """
    access.require(request.user, "turnout", Organisation)
    org = get_object_or_404(Organisation, pk=org_pk)
    access.require(request.user, "turnout", org)
    ballot = _ballot(request)
    votes = Vote.objects.filter(ballot=ballot, channel=org)
    by_week = {}
    for row in (
        votes.annotate(week=TruncWeek("created_at"))
        .values("week", "route")
        .annotate(n=Count("pk"))
        .order_by("week")
    ):
        by_week.setdefault(row["week"], {})[row["route"]] = row["n"]
    rows, running = [], 0
    for week, counts in by_week.items():
        running += sum(counts.values())
        rows.append(
            {
                "week": week,
                "routes": [shown(counts.get(value, 0)) for value, _ in Route.choices],
                "total": shown(running),
                "percent": round(running * 100 / org.promised_votes)
                if org.promised_votes and running >= threshold()
                else None,
            }
        )
    totals = dict(votes.values_list("route").annotate(n=Count("pk")))
    total = sum(totals.values())
    spoilt = dict(
        SpoiltPaper.objects.filter(batch__organisation=org, batch__ballot=ballot)
        .values_list("reason")
        .annotate(n=Count("pk"))
    )
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
    promised = org.promised_votes
    return render(
        request,
        "ballot/admin/turnout.html",
        {
            "organisation": org,
            "ballot": ballot,
            "threshold": threshold(),
            "route_labels": [label for _, label in Route.choices],
            "route_totals": [(label, shown(totals.get(v, 0))) for v, label in Route.choices],
            "total": shown(total),
            "rows": rows,
            "promised": promised,
            "promised_share": round(promised * 100 / ballot.target, 1)
            if promised and ballot and ballot.target
            else None,
            "progress": min(100, round(total * 100 / promised))
            if promised and total >= threshold()
            else None,
            "spoilt": [(label, shown(spoilt.get(v, 0))) for v, label in Spoilt.choices],
            "waiting_batches": waiting,
        },
    )


class PartnerUserForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.filter(active=True))
    username = forms.CharField(max_length=150)
    email = forms.EmailField()
    password = forms.CharField(
        widget=forms.PasswordInput,
        help_text="Tell the partner this password another way than the email, and ask them "
        "to change it when they first sign in.",
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError("Someone already has that username. Please choose another.")
        return username

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password"):
            try:
                validate_password(cleaned["password"])
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


def partner_user_create(request):
    """Wish staff make a partner user for an organisation (linked from the organisation)."""
    user = request.user
    access.require(user, "add", PartnerAccount)
    form = PartnerUserForm(
        request.POST or None, initial={"organisation": request.GET.get("organisation")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        create_partner_user(
            data["organisation"], data["username"], data["email"], data["password"], user
        )
        messages.success(
            request,
            f"Partner user '{data['username']}' can now sign in for {data['organisation']}.",
        )
        return HttpResponseRedirect(reverse("network_organisation_modeladmin_index"))
    return render(
        request,
        "ballot/admin/form.html",
        {
            "form": form,
            "title": "New partner user",
            "intro": "A partner user sees only their organisation's ballot codes, paper "
            "batches and turnout, and can edit its partner page as a draft for Wish to approve.",
            "submit": "Make the partner user",
        },
    )
