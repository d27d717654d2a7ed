"""The kiosk admin: list, make (the link is shown once) and switch off kiosks.

Every decision goes through ``ballot.rules``; partners see and make kiosks
only for their own organisation.
"""

from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import re_path
from wagtail import hooks
from wagtail_modeladmin.options import ModelAdmin

from ballot import rules
from ballot.kiosks import create_kiosk, in_steps, kiosk_votes_this_hour, revoke_kiosk
from ballot.models import BallotPage, Kiosk
from ballot.models.pages import counting_ballots
from network import access
from network.access_admin import PolicyModelAdmin, RowButton
from network.models import Organisation


class KioskForm(forms.Form):
    label = forms.CharField(
        max_length=100, help_text="Where the device is, so you can tell kiosks apart."
    )
    ballot = forms.ModelChoiceField(queryset=BallotPage.objects.none(), empty_label=None)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(active=True),
        required=False,
        empty_label="None: a kiosk run by Wish staff",
        help_text="Votes from this kiosk are counted for this organisation.",
    )
    days = forms.IntegerField(
        label="Works for how many days",
        min_value=1,
        max_value=settings.BALLOT_KIOSK_MAX_DAYS,
        initial=settings.BALLOT_KIOSK_DAYS,
        help_text=f"At most {settings.BALLOT_KIOSK_MAX_DAYS}. You can switch it off sooner.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["ballot"].queryset = counting_ballots(BallotPage.objects.live()).order_by(
            "-opens_at"
        )
        own = access.organisation_for(user)
        if own is not None:
            field = self.fields["organisation"]
            field.queryset = Organisation.objects.filter(pk=own.pk, active=True)
            field.required = True
            field.empty_label = None

    def clean(self):
        cleaned = super().clean()
        ballot = cleaned.get("ballot")
        if ballot is not None and ballot.has_closed():
            self.add_error("ballot", "This ballot has closed, so a kiosk could take no votes.")
        if "organisation" in cleaned and not rules.may_manage_kiosk(
            self.user, cleaned["organisation"]
        ):
            self.add_error("organisation", "You cannot make a kiosk for this organisation.")
        return cleaned


class KioskAdmin(PolicyModelAdmin, ModelAdmin):
    model = Kiosk
    menu_label = "Kiosks"
    menu_icon = "desktop"
    list_display = ("label", "ballot", "organisation", "state", "this_hour", "in_total")
    list_filter = ("ballot",)
    search_fields = ("label",)
    row_buttons = (
        RowButton(
            "revoke",
            "Switch off",
            "Switch off the kiosk “{row.label}” now",
            shown=lambda kiosk: not kiosk.revoked_at,
        ),
    )

    def hidden_buttons(self, obj):
        # A kiosk is switched off, not edited (its edit address goes back to the
        # list) or deleted (the policy's NEVER: the audit log keeps it).
        return ("inspect", "edit", "delete")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("ballot", "organisation")

    def state(self, obj):
        reason = obj.stopped_reason()
        if reason:
            return reason
        return f"Working until {obj.expires_at:%-d %b %Y %H:%M}"

    def this_hour(self, obj):
        return in_steps(kiosk_votes_this_hour(obj))

    this_hour.short_description = "votes this hour"

    def in_total(self, obj):
        return in_steps(obj.votes_total)

    in_total.short_description = "votes in all"

    def extra_admin_urls(self):
        return (
            re_path(
                self.url_helper.get_action_url_pattern("revoke"),
                self.revoke_view,
                name=self.url_helper.get_action_url_name("revoke"),
            ),
        )

    def create_view(self, request):
        if not rules.may_make_kiosks(request.user):
            raise PermissionDenied
        form = KioskForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            kiosk, token = create_kiosk(
                label=data["label"],
                ballot=data["ballot"],
                organisation=data["organisation"],
                days=data["days"],
                user=request.user,
            )
            response = render(
                request,
                "ballot/admin/kiosk_created.html",
                {
                    "kiosk": kiosk,
                    "url": f"{kiosk.ballot.get_full_url(request)}?kiosk={quote(token)}",
                    "index_url": self.url_helper.index_url,
                },
            )
            response["Cache-Control"] = "no-store"
            return response
        return render(
            request,
            "home/admin/form.html",
            {
                "form": form,
                "title": "New kiosk",
                "intro": "A kiosk is a shared device (a library computer, a ward tablet) that "
                "takes one vote after another. Its link is shown once, on the next page: "
                "open it on the device. It stops working on its expiry date, or when you "
                "switch it off.",
                "submit": "Make the kiosk",
            },
        )

    def revoke_view(self, request, instance_pk):
        access.require(request.user, "revoke", Kiosk)
        kiosk = get_object_or_404(
            access.scope(request.user, Kiosk.objects.select_related("organisation"), "revoke"),
            pk=self._instance(instance_pk).pk,
        )
        if not rules.may_revoke_kiosk(request.user, kiosk):
            raise PermissionDenied
        if request.method == "POST":
            if revoke_kiosk(kiosk, request.user):
                messages.success(request, f"The kiosk “{kiosk.label}” is switched off.")
            return HttpResponseRedirect(self.url_helper.index_url)
        return render(
            request,
            "ballot/admin/kiosk_revoke.html",
            {"kiosk": kiosk, "index_url": self.url_helper.index_url},
        )

    def edit_view(self, request, instance_pk):
        # Nothing about a kiosk changes but switching it off: back to the list.
        access.require(request.user, "view", self._instance(instance_pk))
        return HttpResponseRedirect(self.url_helper.index_url)


@hooks.register("register_log_actions")
def register_kiosk_log_actions(actions):
    actions.register_action("ballot.kiosk.create", "Make a kiosk", "Kiosk made")
    actions.register_action("ballot.kiosk.revoke", "Switch off a kiosk", "Kiosk switched off")
