"""The ballot's dashboard panels: progress against the target, paper batches
waiting for a keying, and a partner's turnout link.

Progress is read from the published snapshot (``ballot.release``) and shown
in steps of K, like every other figure about votes: a count that moved with
each vote would tell whoever watches the dashboard when one woman voted.
"""

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ballot.kiosks import in_steps
from ballot.models import BallotPage, PaperBatch
from ballot.models.pages import counting_ballots
from ballot.release import OVERALL, published_overall
from home.dashboard import DashboardPanel, Row
from network import access

BATCHES_SHOWN = 10


def open_ballots():
    ballots = counting_ballots(BallotPage.objects.live()).order_by("-opens_at")
    return [ballot for ballot in ballots if ballot.is_open()]


class ConsultationProgressPanel(DashboardPanel):
    name = "consultation-progress"
    heading = _("Consultation progress")
    empty = _("No ballot is open.")
    link_text = _("Ballots and results")
    order = 10

    @property
    def intro(self):
        k = settings.BALLOT_RESULTS_THRESHOLD
        return _(
            "Women who have voted in each open ballot, against its target. Updated after "
            "every %(k)s votes, and shown in steps of %(k)s."
        ) % {"k": k}

    def rows(self):
        rows = []
        for ballot in open_ballots():
            voters = published_overall(ballot).get(OVERALL, 0)
            k = settings.BALLOT_RESULTS_THRESHOLD
            shown = voters // k * k
            percent = min(100, round(shown * 100 / ballot.target)) if ballot.target else 0
            rows.append(
                Row(
                    ballot.title,
                    figure=in_steps(voters),
                    url=reverse("ballot_ballotpage_modeladmin_results", args=[ballot.pk]),
                    note=_("target %(target)s, %(percent)s%% reached")
                    % {"target": f"{ballot.target:,}", "percent": percent},
                )
            )
        return rows

    def link_url(self):
        return reverse("ballot_ballotpage_modeladmin_index")


class PaperKeyingPanel(DashboardPanel):
    name = "paper-keying"
    heading = _("Paper batches waiting")
    intro = _(
        "Every bundle of paper ballots is typed in by two different people. These have "
        "one keying and need a second, or two keyings that disagree and need settling."
    )
    empty = _("No paper batch is waiting.")
    link_text = _("All paper batches")
    order = 20

    def rows(self):
        batches = (
            access.scope(self.request.user, PaperBatch.objects.all(), "key")
            .filter(settled_at__isnull=True)
            .annotate(finished=Count("keyings", filter=Q(keyings__finished_at__isnull=False)))
            .filter(finished__gte=1)
            .select_related("organisation")
            .order_by("created_at")[:BATCHES_SHOWN]
        )
        rows = []
        for batch in batches:
            if batch.finished >= 2:
                url = reverse("ballot_paperbatch_modeladmin_settle", args=[batch.pk])
                note = _("the two keyings disagree: settle it")
            else:
                url = reverse("ballot_paperbatch_modeladmin_enter", args=[batch.pk])
                note = _("needs a second keying by someone else")
            rows.append(Row(f"{batch.organisation}: {batch.reference}", url=url, note=note))
        return rows

    def link_url(self):
        return reverse("ballot_paperbatch_modeladmin_index")


class PartnerTurnoutPanel(DashboardPanel):
    name = "partner-turnout"
    heading = _("Your organisation's turnout")
    intro = _(
        "How many women your organisation has brought to the ballot, by route and week, "
        "against the votes you promised."
    )
    link_text = _("See your turnout")
    empty = ""
    order = 10

    def link_url(self):
        org = access.organisation_for(self.request.user)
        return reverse("ballot_turnout", args=[org.pk])


def panels_for(request):
    user = request.user
    found = []
    org = access.organisation_for(user)
    if org is None and access.can(user, "results", BallotPage):
        found.append(ConsultationProgressPanel(request))
    if access.can(user, "key", PaperBatch):
        found.append(PaperKeyingPanel(request))
    if org is not None and access.can(user, "turnout", org):
        found.append(PartnerTurnoutPanel(request))
    return found
