"""The paper batches admin: the list, starting a batch, and the rule for batches
after the ballot closes: they count only if the papers were received before
closing, and only staff can record when that was.

While the ballot is open a new batch is marked received today (on saving,
``PaperBatch.save``). After it
closes, a batch needs a "received on" date no later than the closing date,
recorded by someone ``ballot.rules.may_record_paper_received`` allows; the
record is in the audit log.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.log_actions import log
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import CreateView, EditView

from ballot import admin_views, rules
from ballot.models import PaperBatch
from network import access
from network.access_admin import PolicyModelAdmin, RowButton, numeric_pk


class PaperBatchAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "received_on" in self.fields and not rules.may_record_paper_received(
            self.for_user, self.instance if self.instance.pk else None
        ):
            del self.fields["received_on"]

    def clean(self):
        cleaned = super().clean()
        ballot = cleaned.get("ballot")
        if ballot is None:
            return cleaned
        today = timezone.localdate()
        received = cleaned.get("received_on") if "received_on" in self.fields else None
        if received is not None and received > today:
            self.add_error(
                "received_on", "The date the papers were received cannot be in the future."
            )
        if ballot.has_closed():
            closed_on = timezone.localdate(ballot.closes_at)
            if "received_on" not in self.fields:
                raise ValidationError(
                    f"This ballot closed on {closed_on:%-d %B %Y}. Papers received before then "
                    "can still count: ask the Wish consultation team to record the batch."
                )
            if received is None:
                self.add_error(
                    "received_on",
                    f"This ballot closed on {closed_on:%-d %B %Y}. Give the date these papers "
                    "were received: they count only if it was before the ballot closed.",
                )
            elif received > closed_on:
                self.add_error(
                    "received_on",
                    f"The ballot closed on {closed_on:%-d %B %Y}; papers received after that "
                    "cannot be counted.",
                )
        return cleaned


def log_received(batch, form, user):
    """Audit a "received on" date someone typed (it lets papers count after closing)."""
    if "received_on" in form.changed_data and batch.received_on:
        log(
            batch,
            "ballot.paper_batch.received",
            user=user,
            data={
                "received_on": batch.received_on.isoformat(),
                "ballot_closes_at": batch.ballot.closes_at.isoformat()
                if batch.ballot.closes_at
                else None,
            },
        )


class PaperBatchEditView(EditView):
    def form_valid(self, form):
        response = super().form_valid(form)
        log_received(self.instance, form, self.request.user)
        return response


def register_log_actions(actions):
    actions.register_action(
        "ballot.paper_batch.received",
        "Record when papers were received",
        "Papers' date of receipt recorded",
    )


class PaperBatchCreateView(CreateView):
    def get_form(self):
        form = super().get_form()
        org = access.organisation_for(self.request.user)
        if org is not None:
            field = form.fields["organisation"]
            field.queryset = field.queryset.filter(pk=org.pk)
            field.empty_label = None
        return form

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        response = super().form_valid(form)
        log(
            self.instance,
            "ballot.paper_batch.create",
            user=self.request.user,
            data={"reference": self.instance.reference},
        )
        log_received(self.instance, form, self.request.user)
        return response

    def get_success_url(self):
        return self.url_helper.get_action_url("enter", self.instance.pk)


class PaperBatchAdmin(PolicyModelAdmin, ModelAdmin):
    model = PaperBatch
    menu_label = "Paper ballots"
    menu_icon = "doc-full"
    list_display = (
        "organisation",
        "reference",
        "ballot",
        "keyed",
        "status",
        "votes",
        "spoilt",
        "created_at",
    )
    list_filter = ("organisation", "ballot")
    search_fields = ("reference", "organisation__name")
    extra_views = {"enter": admin_views.paper_entry_view, "settle": admin_views.settle_view}
    # Keying ends when the batch is settled: its votes are counted.
    row_buttons = (
        RowButton(
            "enter",
            "Key papers",
            "Enter the papers in this batch one after another",
            classnames=(),
            permission="key",
            shown=lambda batch: not batch.settled_at,
        ),
        RowButton(
            "settle",
            "Compare keyings",
            "See both keyings side by side and settle a disagreement",
            permission="settle",
            shown=lambda batch: not batch.settled_at,
        ),
    )
    create_view_class = PaperBatchCreateView
    edit_view_class = PaperBatchEditView
    # A plain list of ballots is quicker by keyboard than the page chooser.
    edit_handler = ObjectList(
        [
            FieldPanel("ballot", widget=forms.Select),
            FieldPanel("organisation"),
            FieldPanel("reference"),
            FieldPanel("received_on"),
        ],
        base_form_class=PaperBatchAdminForm,
    )

    def hidden_buttons(self, obj):
        # Its votes are counted: deleting the batch would leave them without a source.
        return ("delete",) if obj.settled_at else ()

    def get_list_filter(self, request):
        return ("ballot",) if access.organisation_for(request.user) else self.list_filter

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("organisation", "ballot")
            .annotate(
                spoilt_count=Count("spoilt_papers", distinct=True),
                keying_count=Count("keyings", distinct=True),
                finished_count=Count(
                    "keyings", filter=Q(keyings__finished_at__isnull=False), distinct=True
                ),
            )
        )

    def keyed(self, obj):
        if obj.finished_count > 2:  # a third person's readings of disputed papers
            return "2 keyings and a third reading"
        return f"{obj.finished_count} of 2 keyings finished"

    def status(self, obj):
        if obj.settled_at:
            return "Settled: counted"
        if obj.finished_count >= 2:
            return "Keyings disagree: a third person must settle"
        return "Not counted yet"

    def delete_view(self, request, instance_pk):
        access.require(request.user, "delete", PaperBatch)
        batch = get_object_or_404(
            access.scope(request.user, PaperBatch.objects.all(), "delete"),
            pk=numeric_pk(instance_pk),
        )
        if batch.settled_at:
            messages.error(
                request,
                f"The paper batch “{batch.reference}” is settled and its votes are counted, "
                "so it cannot be deleted.",
            )
            return HttpResponseRedirect(self.url_helper.index_url)
        return super().delete_view(request, instance_pk)

    def votes(self, obj):
        return obj.votes_counted

    def spoilt(self, obj):
        return obj.spoilt_count
