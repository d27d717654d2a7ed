"""Staff tools for members (wagtail-modeladmin), registered in network/wagtail_hooks.py.

* Members: list with search and filters, a streaming CSV of the mailing list,
  a page per member showing what they agreed to, when and to which wording,
  a JSON download of everything held (subject access request), and erasure.
* Consent wording: versions are added, never edited, so a member's record
  always points at the words they saw; each version is in one language, and
  demo translations are listed as drafts until staff add a checked version.
* Leaver counts: read-only monthly counts, the only trace erasure leaves.

Members are never created or deleted through the standard views: people join
themselves, and erasure goes through its own view, which also removes the
admin's log lines that named the member and adds to the leaver count.
"""

import json

from django.contrib import messages
from django.contrib.admin import DateFieldListFilter
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import re_path
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup
from wagtail_modeladmin.views import IndexView, InspectView, InstanceSpecificView, WMABaseView

from home.csv_export import csv_response

from .. import access
from ..access_admin import PolicyModelAdmin, RowButton, numeric_pk
from ..models_membership import ConsentText, LeaverTally, Member
from . import services

ADMIN_TEMPLATES = "network/membership/admin"
CSV_COLUMNS = [
    ("name", "Name"),
    ("email", "Email"),
    ("organisation", "Organisation"),
    ("region", "Region"),
    ("involvement", "Would like to"),
    ("confirmed_at", "Member since"),
    ("updates_consented_at", "Agreed to updates"),
    ("updates_version", "Updates wording version"),
]


class MemberInspectView(InspectView):
    def get_context_data(self, **kwargs):
        member = self.instance
        consents = [
            {
                "what": ConsentText.Kind.MEMBERSHIP.label,
                "text": member.membership_consent,
                "at": member.membership_consented_at,
                "withdrawn_at": None,
            }
        ]
        if member.updates_consent_id:
            consents.append(
                {
                    "what": ConsentText.Kind.UPDATES.label,
                    "text": member.updates_consent,
                    "at": member.updates_consented_at,
                    "withdrawn_at": member.updates_withdrawn_at,
                }
            )
        return super().get_context_data(consents=consents, **kwargs)


class MemberIndexView(IndexView):
    def get_context_data(self, **kwargs):
        can_export = access.can(self.request.user, "export", Member)
        return super().get_context_data(can_export=can_export, **kwargs)


class ExportMemberView(InstanceSpecificView):
    """Everything held about one member, as a JSON download."""

    def check_action_permitted(self, user):
        return access.can(user, "export", self.instance)

    def get(self, request, *args, **kwargs):
        body = json.dumps(
            {
                "exported_at": timezone.now().isoformat(),
                "held_by": "Women's Mental Health Network (Wish)",
                "member": services.member_data(self.instance),
            },
            indent=2,
            ensure_ascii=False,
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="member-{self.instance.pk}-data.json"'
        )
        return response


class EraseMemberView(InstanceSpecificView):
    """Ask first, then erase. The message afterwards names nobody."""

    page_title = "Erase member"

    def check_action_permitted(self, user):
        return access.can(user, "erase", self.instance)

    def get_template_names(self):
        return [f"{ADMIN_TEMPLATES}/member_erase.html"]

    def get_context_data(self, **kwargs):
        export_url = self.url_helper.get_action_url("export", self.pk_quoted)
        return super().get_context_data(export_url=export_url, **kwargs)

    def post(self, request, *args, **kwargs):
        services.erase(self.instance, LeaverTally.Reason.ERASED)
        messages.success(request, "The member's personal data has been erased.")
        return HttpResponseRedirect(self.index_url)


class MailingListExportView(WMABaseView):
    """Confirmed members who agreed to updates, as CSV, streamed row by row."""

    def check_action_permitted(self, user):
        return access.can(user, "export", Member)

    def rows(self):
        yield [label for _, label in CSV_COLUMNS]
        regions = dict(Member._meta.get_field("region").choices)
        queryset = (
            Member.objects.mailing_list()
            .select_related("updates_consent")
            .order_by("confirmed_at", "pk")
        )
        for member in queryset.iterator(chunk_size=500):
            yield [
                member.name,
                member.email,
                member.organisation,
                regions.get(member.region, ""),
                member.involvement_display(),
                member.confirmed_at.isoformat() if member.confirmed_at else "",
                member.updates_consented_at.isoformat() if member.updates_consented_at else "",
                member.updates_consent.version if member.updates_consent else "",
            ]

    def get(self, request, *args, **kwargs):
        filename = f"wmhn-mailing-list-{timezone.localdate():%Y-%m-%d}.csv"
        return csv_response(self.rows(), filename)


class MemberAdmin(PolicyModelAdmin, ModelAdmin):
    model = Member
    menu_label = "Members"
    menu_icon = "user"
    row_buttons = (
        RowButton(
            "export",
            "Download data (JSON)",
            "Download everything held about this member",
            first=False,
        ),
        RowButton(
            "erase", "Erase", "Erase this member's personal data", classnames=("no",), first=False
        ),
    )
    inspect_view_enabled = True
    inspect_view_class = MemberInspectView
    index_view_class = MemberIndexView
    inspect_template_name = f"{ADMIN_TEMPLATES}/member_inspect.html"
    index_template_name = f"{ADMIN_TEMPLATES}/member_index.html"
    list_display = (
        "name",
        "email",
        "status",
        "region",
        "organisation",
        "wants_updates",
        "signed_up_at",
    )
    list_filter = (
        "status",
        "region",
        "organisation",
        "wants_updates",
        ("signed_up_at", DateFieldListFilter),
    )
    search_fields = ("name", "email", "organisation")
    list_per_page = 50
    inspect_view_fields = [
        "name",
        "email",
        "organisation",
        "region",
        "involvement_display",
        "language",
        "status",
        "signed_up_at",
        "confirmed_at",
        "wants_updates",
    ]
    # Staff may correct what a member asks them to (rectification); the
    # address and consents are only ever changed by the member's own links.
    panels = [FieldPanel("name"), FieldPanel("organisation"), FieldPanel("region")]

    def extra_admin_urls(self):
        helper = self.url_helper
        return (
            re_path(
                helper.get_action_url_pattern("erase"),
                self.erase_view,
                name=helper.get_action_url_name("erase"),
            ),
            re_path(
                helper.get_action_url_pattern("export"),
                self.export_view,
                name=helper.get_action_url_name("export"),
            ),
            re_path(
                rf"^{helper.base_url_path}/mailing-list\.csv$",
                self.mailing_list_view,
                name=helper.get_action_url_name("mailing_list"),
            ),
        )

    # Row ids are numbers: anything else in the address is "not found", not an error.
    def inspect_view(self, request, instance_pk):
        return super().inspect_view(request, numeric_pk(instance_pk))

    def edit_view(self, request, instance_pk):
        return super().edit_view(request, numeric_pk(instance_pk))

    def delete_view(self, request, instance_pk):
        return super().delete_view(request, numeric_pk(instance_pk))

    def erase_view(self, request, instance_pk):
        view = EraseMemberView.as_view(model_admin=self, instance_pk=numeric_pk(instance_pk))
        return view(request)

    def export_view(self, request, instance_pk):
        view = ExportMemberView.as_view(model_admin=self, instance_pk=numeric_pk(instance_pk))
        return view(request)

    def mailing_list_view(self, request):
        return MailingListExportView.as_view(model_admin=self)(request)

    @cached_property
    def mailing_list_url(self):
        return self.url_helper.get_action_url("mailing_list")


class ConsentTextAdmin(PolicyModelAdmin, ModelAdmin):
    model = ConsentText
    menu_label = "Consent wording"
    menu_icon = "doc-full"
    list_display = ("kind", "language", "version", "wording", "checked", "created_at", "agreed_by")
    list_filter = ("kind", "language")
    panels = [
        FieldPanel("kind"),
        FieldPanel("language"),
        FieldPanel("wording"),
        FieldPanel("draft_translation"),
    ]

    def get_queryset(self, request):
        in_use = Member.objects.filter(
            Q(membership_consent=OuterRef("pk")) | Q(updates_consent=OuterRef("pk"))
        )
        return super().get_queryset(request).annotate(in_use=Exists(in_use))

    def agreed_by(self, obj):
        return "Yes" if getattr(obj, "in_use", False) else "Not yet"

    agreed_by.short_description = "agreed to by members"

    def checked(self, obj):
        if obj.draft_translation:
            return "Draft translation: to be checked by a native speaker"
        return "Yes"

    checked.short_description = "checked"


class LeaverTallyAdmin(PolicyModelAdmin, ModelAdmin):
    model = LeaverTally
    menu_label = "Leaver counts"
    menu_icon = "list-ul"
    list_display = ("month", "reason", "count")
    list_filter = ("reason",)


class MembershipAdminGroup(ModelAdminGroup):
    menu_label = "Members"
    menu_icon = "user"
    menu_order = 310
    items = (MemberAdmin, ConsentTextAdmin, LeaverTallyAdmin)
