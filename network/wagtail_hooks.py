"""Admin registration for the network app (wagtail-modeladmin, as the client asked)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from . import access_roles
from .access_admin import (
    PolicyModelAdmin,
    RowButton,
    refusing_with_403,
)
from .models import Organisation, PartnerAccount


class OrganisationAdmin(PolicyModelAdmin, ModelAdmin):
    model = Organisation
    menu_label = "Organisations"
    menu_icon = "group"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ("name", "kind", "region", "is_partner", "active")
    list_filter = ("kind", "region", "is_partner", "active")
    search_fields = ("name", "slug", "contact_name")
    prepopulated_fields = {"slug": ("name",)}
    # Makes a partner user and their account together (network/account_views.py).
    row_buttons = (
        RowButton(
            "add_partner_user",
            "Add partner user",
            "Make a sign-in for someone at {row.name}",
            first=False,
            permission="make",
            permission_on=PartnerAccount,
            url=lambda organisation: (
                f"{reverse('network_partner_user_create')}?organisation={organisation.pk}"
            ),
            # The form offers active organisations only.
            shown=lambda organisation: organisation.active,
        ),
    )


modeladmin_register(OrganisationAdmin)


class PartnerAccountAdmin(PolicyModelAdmin, ModelAdmin):
    model = PartnerAccount
    menu_label = "Partner users"
    menu_icon = "user"
    menu_order = 305
    add_to_admin_menu = True
    list_display = ("user", "organisation", "created_at", "created_by")
    list_filter = ("organisation",)
    search_fields = ("user__username", "user__email", "organisation__name")


modeladmin_register(PartnerAccountAdmin)


# Membership: members, consent wording and leaver counts, under one "Members"
# menu. The classes live in network/membership/admin.py.
from .membership.admin import MembershipAdminGroup  # noqa: E402

modeladmin_register(MembershipAdminGroup)


# --- Draft translations (issue 12) ---------------------------------------------
from home.models import TranslationReview  # noqa: E402


class TranslationReviewAdmin(PolicyModelAdmin, ModelAdmin):
    """ "Draft translations": every translated page and whether a native speaker
    has checked it. The policy (RULES "home.translationreview") decides every
    view: communications staff read and confirm; nobody adds or deletes a row
    by hand. Registered here rather than as a snippet, so no snippet list,
    chooser or history answers from Wagtail's own snippet permissions; a
    refusal is a 403, as on every PolicyModelAdmin."""

    model = TranslationReview
    menu_label = "Draft translations"
    menu_icon = "globe"
    menu_order = 290
    add_to_admin_menu = True
    list_display = ("__str__", "language", "checked")
    list_filter = ("checked", "page__locale")
    search_fields = ("page__title",)


modeladmin_register(TranslationReviewAdmin)


# --- Partner and campaign pages ---------------------------------------------

from home.chrome import section_index  # noqa: E402

from .campaigns import CARD_IMAGE, CampaignIndexPage, CampaignPage, campaign_listing  # noqa: E402

CAMPAIGNS_ON_HOME = 6


@hooks.register("home_page_sections")
def featured_campaigns_section(page, request):
    """The home page's own campaigns (its language's): featured first, then the
    rest in the order staff set, up to six. Their pictures' renditions are
    left to the home page ("images")."""
    index = section_index(request, page, CampaignIndexPage)
    if index is None:
        return []
    listing = campaign_listing(CampaignPage.objects.child_of(index), renditions=False)
    campaigns = list(listing.order_by("-featured", "path")[:CAMPAIGNS_ON_HOME])
    if not campaigns:
        return []
    return [
        {
            "template": "network/includes/featured_campaigns_section.html",
            "context": {"campaigns": campaigns, "campaign_index": index},
            "images": [(campaign.image, CARD_IMAGE) for campaign in campaigns if campaign.image],
        }
    ]


# --- Roles (what each role may do, for everyone in the admin); partner users ------
from django.urls import path  # noqa: E402
from wagtail.admin.menu import MenuItem  # noqa: E402

from . import account_views  # noqa: E402
from .access_views import RolesView  # noqa: E402


@hooks.register("register_admin_urls")
def network_urls():
    return refusing_with_403(
        path("roles/", RolesView.as_view(), name="network_roles"),
        path(
            "network/partner-users/new/",
            account_views.partner_user_create,
            name="network_partner_user_create",
        ),
    )


@hooks.register("register_log_actions")
def register_account_actions(actions):
    # Named "ballot." as it was first logged from there; kept so earlier entries still read.
    actions.register_action(
        "ballot.partner_account.create", "Create a partner user", "Partner user created"
    )


@hooks.register("register_settings_menu_item")
def roles_menu_item():
    return MenuItem("Roles", reverse("network_roles"), icon_name="group", order=602)


@hooks.register("construct_homepage_panels")
def membership_dashboard_panels(request, panels):
    from .dashboard import panels_for

    panels.extend(panels_for(request))


def _refuse_page_type(request, page_model):
    if access_roles.may_create_page_type(request.user, page_model):
        return None
    messages.error(
        request,
        _("Your role may start only ballots. Ask the communications team to add other pages."),
    )
    return redirect("wagtailadmin_home")


@hooks.register("before_create_page")
def only_allowed_page_types(request, parent_page, page_class):
    return _refuse_page_type(request, page_class)


@hooks.register("before_copy_page")
def only_allowed_page_types_copied(request, page):
    return _refuse_page_type(request, page.specific_class)
