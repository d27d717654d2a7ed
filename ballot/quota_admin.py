"""Code quotas in the admin: the quota list (staff), and on the code-batch list
the quota columns, approving or refusing a waiting batch, and making the
codes of an approved one. Every decision goes through ``ballot.rules``.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery, Sum
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail_modeladmin.options import ModelAdmin

from ballot import quotas, rules
from ballot.models import CodeBatch, CodeQuota
from ballot.models.codes import quota_limit
from network import access
from network.access_admin import PolicyModelAdmin, RowButton


def annotate_quota(queryset):
    """Each batch with its organisation's quota and codes granted on its ballot (no N+1)."""
    same = {"ballot": OuterRef("ballot"), "organisation": OuterRef("organisation")}
    row = CodeQuota.objects.filter(**same)
    granted = (
        CodeBatch.objects.filter(**same, status__in=quotas.GRANTED)
        .order_by()
        .values("organisation")
        .annotate(n=Sum("size"))
        .values("n")
    )
    return queryset.annotate(
        quota_set=Subquery(row.values("quota")[:1]),
        quota_promised=Subquery(row.values("promised_votes")[:1]),
        quota_granted=Subquery(granted[:1]),
    )


class QuotaColumnsMixin:
    """Issued, used and quota on the code-batch list (the approval views,
    ``decide_view`` and ``make_codes_view``, are CodeBatchAdmin's extra views)."""

    def issued(self, obj):
        return f"{obj.size:,}" if obj.status == CodeBatch.Status.ISSUED else "none yet"

    def quota(self, obj):
        limit = quota_limit(obj.quota_set, obj.quota_promised)
        return f"{obj.quota_granted or 0:,} of {limit:,} granted on this ballot"

    quota.short_description = "quota"

    def state(self, obj):
        return obj.get_status_display()

    state.short_description = "status"


# The code-batch list's buttons: approve or refuse a waiting batch (the policy's
# "approve"), make an approved one's codes (its "add": asking for codes for
# that organisation).
batch_buttons = (
    RowButton(
        "decide",
        "Approve or refuse",
        "Approve or refuse: {row}",
        classnames=(),
        permission="approve",
        shown=lambda batch: batch.status == CodeBatch.Status.PENDING,
    ),
    RowButton(
        "make",
        "Make the codes",
        "Make the codes: {row}",
        classnames=(),
        permission="add",
        shown=lambda batch: batch.status == CodeBatch.Status.APPROVED,
    ),
)


def _batch(request, instance_pk):
    if not str(instance_pk).isdigit():
        raise Http404
    return get_object_or_404(
        access.scope(request.user, CodeBatch.objects.select_related("ballot", "organisation")),
        pk=instance_pk,
    )


def decide_view(request, model_admin, instance_pk):
    if not rules.may_approve_code_batch(request.user):
        raise PermissionDenied
    batch = _batch(request, instance_pk)
    if not rules.may_approve_code_batch(request.user, batch):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("decision") in {"approve", "refuse"}:
        approve = request.POST["decision"] == "approve"
        if quotas.decide(batch, request.user, approve):
            messages.success(
                request,
                f"Approved: {batch.organisation} can now make the codes."
                if approve
                else f"Refused: {batch.organisation} cannot make these codes.",
            )
        else:
            messages.warning(request, "This batch was already decided.")
        return HttpResponseRedirect(model_admin.url_helper.index_url)
    quota = quotas.quota_for(batch.ballot, batch.organisation)
    return render(
        request,
        "ballot/admin/code_batch_decide.html",
        {
            "batch": batch,
            "limit": quota.limit,
            "granted": quotas.granted(batch.ballot, batch.organisation),
            "index_url": model_admin.url_helper.index_url,
        },
    )


def make_codes_view(request, model_admin, instance_pk):
    from ballot.admin_views import code_cards

    access.require(request.user, "add", CodeBatch)
    batch = _batch(request, instance_pk)
    if not rules.may_issue_codes(request.user, batch.organisation):
        raise PermissionDenied
    if request.method == "POST":
        codes = quotas.make_approved_codes(batch, request.user)
        if codes is None:
            messages.warning(
                request, "The codes of this batch were already made, or it is not approved."
            )
            return HttpResponseRedirect(model_admin.url_helper.index_url)
        return code_cards(request, model_admin, batch, codes)
    return render(
        request,
        "ballot/admin/code_batch_make.html",
        {"batch": batch, "index_url": model_admin.url_helper.index_url},
    )


class CodeQuotaAdmin(PolicyModelAdmin, ModelAdmin):
    model = CodeQuota
    menu_label = "Promises and code quotas"
    menu_icon = "key"
    list_display = ("organisation", "ballot", "promised", "limit", "granted")
    list_filter = ("ballot",)
    search_fields = ("organisation__name",)
    panels = [
        FieldPanel("ballot", widget=forms.Select),
        FieldPanel("organisation"),
        FieldPanel("promised_votes"),
        FieldPanel("quota"),
    ]

    def get_queryset(self, request):
        return annotate_quota_rows(
            super().get_queryset(request).select_related("organisation", "ballot")
        )

    def promised(self, obj):
        return obj.promised_votes if obj.promised_votes is not None else "none"

    promised.short_description = "votes promised"

    def limit(self, obj):
        return obj.limit

    limit.short_description = "code quota"

    def granted(self, obj):
        return obj.granted_count or 0

    granted.short_description = "codes granted"


def annotate_quota_rows(queryset):
    granted = (
        CodeBatch.objects.filter(
            ballot=OuterRef("ballot"),
            organisation=OuterRef("organisation"),
            status__in=quotas.GRANTED,
        )
        .order_by()
        .values("organisation")
        .annotate(n=Sum("size"))
        .values("n")
    )
    return queryset.annotate(granted_count=Subquery(granted[:1]))


@hooks.register("register_log_actions")
def register_quota_log_actions(actions):
    actions.register_action(
        "ballot.codes.request", "Ask for codes beyond the quota", "Codes asked for beyond the quota"
    )
    actions.register_action("ballot.codes.approve", "Approve codes", "Codes approved")
    actions.register_action("ballot.codes.refuse", "Refuse codes", "Codes refused")
