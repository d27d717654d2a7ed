"""The ballot's admin: ballots with results and export, code batches, paper batches."""

from django import forms
from django.db.models import Count, OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.urls import re_path
from wagtail.admin.panels import FieldPanel
from wagtail_modeladmin.helpers import ButtonHelper, PageButtonHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import CreateView

from ballot import admin_views
from ballot.models import BallotPage, CodeBatch, PaperBatch, Tally


class ExtraUrlsMixin:
    extra_views = {}

    def get_admin_urls_for_registration(self):
        urls = list(super().get_admin_urls_for_registration())
        for action, view in self.extra_views.items():
            urls.append(
                re_path(
                    self.url_helper.get_action_url_pattern(action),
                    self._bind(view),
                    name=self.url_helper.get_action_url_name(action),
                )
            )
        return tuple(urls)

    def _bind(self, view):
        def bound(request, instance_pk):
            return view(request, self, instance_pk)

        return bound


class BallotButtonHelper(PageButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        extra = [
            ("results", "Results", "See the results, breakdowns and kiosk links"),
            ("export", "Export CSV", "Download every vote as a spreadsheet"),
        ]
        return [
            {
                "url": self.url_helper.get_action_url(action, obj.pk),
                "label": label,
                "classname": "button button-small button-secondary",
                "title": title,
            }
            for action, label, title in extra
        ] + buttons


class BallotAdmin(ExtraUrlsMixin, ModelAdmin):
    model = BallotPage
    menu_label = "Ballots and results"
    menu_icon = "tasks"
    list_display = ("title", "voters", "target", "is_open")
    button_helper_class = BallotButtonHelper
    extra_views = {"results": admin_views.results_view, "export": admin_views.export_view}

    def get_queryset(self, request):
        voters = Tally.objects.filter(ballot=OuterRef("pk"), key="voters").values("count")[:1]
        return super().get_queryset(request).annotate(voter_count=Subquery(voters))

    def voters(self, obj):
        return obj.voter_count or 0

    def is_open(self, obj):
        return "Open" if obj.is_open() else "Closed"

    is_open.short_description = "open now"


class CodeBatchButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        exclude = [*(exclude or []), "edit"]
        return super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)


class CodeBatchAdmin(ModelAdmin):
    model = CodeBatch
    menu_label = "Ballot codes"
    menu_icon = "key"
    list_display = ("organisation", "reference", "ballot", "size", "used", "created_at")
    list_filter = ("organisation", "ballot")
    button_helper_class = CodeBatchButtonHelper

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("organisation", "ballot")
            .annotate(used_count=Count("codes__use"))
        )

    def used(self, obj):
        return obj.used_count

    def create_view(self, request):
        return admin_views.code_batch_create_view(request, self)

    def edit_view(self, request, instance_pk):
        # Codes cannot be shown or changed after they are made.
        return HttpResponseRedirect(self.url_helper.index_url)


class PaperBatchButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        return [
            {
                "url": self.url_helper.get_action_url("enter", obj.pk),
                "label": "Key papers",
                "classname": "button button-small",
                "title": "Enter the papers in this batch one after another",
            },
            *buttons,
        ]


class PaperBatchCreateView(CreateView):
    def form_valid(self, form):
        form.instance.created_by = self.request.user
        return super().form_valid(form)

    def get_success_url(self):
        return self.url_helper.get_action_url("enter", self.instance.pk)


class PaperBatchAdmin(ExtraUrlsMixin, ModelAdmin):
    model = PaperBatch
    menu_label = "Paper ballots"
    menu_icon = "doc-full"
    list_display = ("organisation", "reference", "ballot", "papers", "created_at")
    list_filter = ("organisation", "ballot")
    button_helper_class = PaperBatchButtonHelper
    extra_views = {"enter": admin_views.paper_entry_view}
    create_view_class = PaperBatchCreateView
    # A plain list of ballots is quicker by keyboard than the page chooser.
    panels = [
        FieldPanel("ballot", widget=forms.Select),
        FieldPanel("organisation"),
        FieldPanel("reference"),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("organisation", "ballot")
            .annotate(paper_count=Count("entries"))
        )

    def papers(self, obj):
        return obj.paper_count


class BallotGroup(ModelAdminGroup):
    menu_label = "Ballot"
    menu_icon = "tasks"
    menu_order = 250
    items = (BallotAdmin, CodeBatchAdmin, PaperBatchAdmin)


modeladmin_register(BallotGroup)
