"""The ballot's admin: ballots with results and export, code batches, and the
Ballot menu that groups them with paper batches (ballot/paper_admin.py),
quotas (ballot/quota_admin.py) and kiosks (ballot/kiosk_admin.py)."""

from django.conf import settings
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from ballot import admin_views, lifecycle, paper_admin, partner_views
from ballot.kiosk_admin import KioskAdmin
from ballot.kiosks import in_steps
from ballot.models import BallotPage, CodeBatch, PublishedTally
from ballot.quota_admin import (
    CodeQuotaAdmin,
    QuotaColumnsMixin,
    annotate_quota,
    batch_buttons,
    decide_view,
    make_codes_view,
)
from network import access
from network.access_admin import PolicyModelAdmin, RowButton, numeric_pk, refusing_with_403
from network.models import Organisation


class BallotAdmin(PolicyModelAdmin, ModelAdmin):
    model = BallotPage
    menu_label = "Ballots and results"
    menu_icon = "tasks"
    list_display = ("title", "state", "opens_at", "closes_at", "voters", "target")
    list_filter = ("live",)
    ordering = ("-opens_at",)
    extra_views = {
        "results": admin_views.results_view,
        "export": admin_views.export_view,
        "close": lifecycle.close_view,
        "reopen": lifecycle.reopen_view,
    }
    row_buttons = (
        RowButton("results", "Results", "See the results and breakdowns"),
        RowButton(
            "export", "Export CSV", "Download the results tables (counts only) as a spreadsheet"
        ),
        RowButton(
            "close",
            "Close now",
            "Stop voting on this ballot now",
            shown=lambda ballot: ballot.live and ballot.is_open(),
        ),
        RowButton(
            "reopen",
            "Reopen",
            "Take votes on this ballot again",
            permission="close",
            shown=lambda ballot: ballot.has_closed(),
        ),
    )

    def get_queryset(self, request):
        # The published count (ballot.release), not the live tally: the listing
        # must not move with each vote either.
        voters = PublishedTally.objects.filter(ballot=OuterRef("pk"), key="voters").values("count")[
            :1
        ]
        return super().get_queryset(request).annotate(voter_count=Subquery(voters))

    def voters(self, obj):
        count, limit = obj.voter_count or 0, settings.BALLOT_RESULTS_THRESHOLD
        return f"fewer than {limit}" if 0 < count < limit else count

    def state(self, obj):
        return obj.status().label

    state.short_description = "status"


class CodeBatchAdmin(QuotaColumnsMixin, PolicyModelAdmin, ModelAdmin):
    model = CodeBatch
    menu_label = "Ballot codes"
    menu_icon = "key"
    list_display = (
        "organisation",
        "reference",
        "ballot",
        "issued",
        "used",
        "quota",
        "state",
        "created_at",
    )
    list_filter = ("organisation", "ballot")
    search_fields = ("reference", "organisation__name")
    extra_views = {"decide": decide_view, "make": make_codes_view}
    row_buttons = batch_buttons

    def hidden_buttons(self, obj):
        return ("edit",)  # codes cannot change once made

    def get_list_filter(self, request):
        return ("ballot",) if access.organisation_for(request.user) else self.list_filter

    def get_queryset(self, request):
        return (
            annotate_quota(super().get_queryset(request))
            .select_related("organisation", "ballot")
            .annotate(used_count=Count("codes", filter=Q(codes__used=True)))
        )

    def used(self, obj):
        # In steps of K, like every other number about votes: a partner watching an
        # exact count tick up would see each woman who used a code.
        return in_steps(obj.used_count)

    used.short_description = "codes used"

    def create_view(self, request):
        return admin_views.code_batch_create_view(request, self)

    def edit_view(self, request, instance_pk):
        # Codes cannot be shown or changed after they are made: back to the list,
        # for those who may see this batch at all.
        batch = get_object_or_404(CodeBatch, pk=numeric_pk(instance_pk))
        access.require(request.user, "view", batch)
        return HttpResponseRedirect(self.url_helper.index_url)


class BallotGroup(ModelAdminGroup):
    menu_label = "Ballot"
    menu_icon = "tasks"
    menu_order = 250
    items = (BallotAdmin, CodeBatchAdmin, CodeQuotaAdmin, paper_admin.PaperBatchAdmin, KioskAdmin)


modeladmin_register(BallotGroup)


# --- Partners: turnout, audit actions -------------------------------------
@hooks.register("register_admin_urls")
def partner_urls():
    return refusing_with_403(
        path("ballot/turnout/", partner_views.turnout_index, name="ballot_turnout_index"),
        path("ballot/turnout/<int:org_pk>/", partner_views.turnout_view, name="ballot_turnout"),
    )


class TurnoutMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can(request.user, "turnout", Organisation)


@hooks.register("register_admin_menu_item")
def turnout_menu_item():
    return TurnoutMenuItem("Turnout", reverse("ballot_turnout_index"), icon_name="table", order=260)


@hooks.register("register_log_actions")
def register_ballot_log_actions(actions):
    actions.register_action("ballot.codes.issue", "Issue ballot codes", "Ballot codes issued")
    actions.register_action(
        "ballot.paper_batch.create", "Start a paper batch", "Paper batch started"
    )
    actions.register_action("ballot.paper.key", "Key a paper", "Paper keyed")
    actions.register_action(
        "ballot.paper_batch.finish_keying", "Finish keying a batch", "Keying finished"
    )
    actions.register_action(
        "ballot.paper_batch.settle", "Settle a paper batch", "Paper batch settled and counted"
    )
    paper_admin.register_log_actions(actions)
    lifecycle.register_log_actions(actions)


@hooks.register("before_delete_page")
def refuse_deleting_ballots_with_votes(request, page):
    return lifecycle.refuse_delete(request, page)


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_ballots_with_votes(request, action_type, objects, action_class):
    if action_type != "delete":
        return None
    for page in objects:
        response = lifecycle.refuse_delete(request, page)
        if response is not None:
            return response
    return None


@hooks.register("campaign_page_sections")
def ballot_section_on_campaign(page, request):
    """A campaign born of a ballot option shows how that option is doing, and
    invites a vote while the ballot is open (network cannot import ballot, so
    the ballot adds this section to the campaign page)."""
    from ballot.models import BallotOption
    from ballot.results import ballot_results

    sections = []
    options = BallotOption.objects.filter(campaign=page, hidden=False, page__live=True)
    # A translated ballot's options all name this campaign: show each option
    # once, in the campaign page's language when the ballot has it, else the
    # original's (the smallest id).
    chosen = {}
    for option in options.select_related("page"):
        held = chosen.get(option.translation_key)
        if held is None or (
            (option.page.locale_id == page.locale_id, -option.pk)
            > (held.page.locale_id == page.locale_id, -held.pk)
        ):
            chosen[option.translation_key] = option
    # Several options of one ballot: its visibility and results are worked out once.
    per_ballot = {}
    for option in chosen.values():
        if option.page_id not in per_ballot:
            ballot = option.page.specific
            visible = ballot.results_visible_to(request)
            per_ballot[option.page_id] = ballot, ballot_results(ballot) if visible else None
        ballot, results = per_ballot[option.page_id]
        result = None
        if results is not None and not results.withheld:
            result = next((r for r in results.options if r.id == option.pk), None)
        sections.append(
            {
                "template": "ballot/includes/campaign_ballot_section.html",
                "context": {
                    "ballot": ballot,
                    "option": option,
                    "result": result,
                    "results": results,
                },
            }
        )
    return sections


# --- Dashboard: progress, paper batches waiting, a partner's turnout ----------
@hooks.register("construct_homepage_panels")
def ballot_dashboard_panels(request, panels):
    from ballot.dashboard import panels_for

    panels.extend(panels_for(request))
