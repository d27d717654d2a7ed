"""Admin registration for the network app (wagtail-modeladmin, as the client asked)."""

from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from .models import Organisation


class OrganisationAdmin(ModelAdmin):
    model = Organisation
    menu_label = "Organisations"
    menu_icon = "group"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ("name", "kind", "region", "is_partner", "active")
    list_filter = ("kind", "region", "is_partner", "active")
    search_fields = ("name", "slug", "contact_name")
    prepopulated_fields = {"slug": ("name",)}


modeladmin_register(OrganisationAdmin)


# Membership: members, consent wording and leaver counts, under one "Members"
# menu. The classes live in network/membership/admin.py.
from .membership.admin import MembershipAdminGroup  # noqa: E402

modeladmin_register(MembershipAdminGroup)


# --- Partner and campaign pages ---------------------------------------------
from wagtail import hooks  # noqa: E402

from .campaigns import CampaignIndexPage, CampaignPage, campaign_listing  # noqa: E402

CAMPAIGNS_ON_HOME = 6


@hooks.register("home_page_sections")
def featured_campaigns_section(page, request):
    """Featured campaigns first, then the rest in the order staff set, up to six."""
    index = CampaignIndexPage.objects.live().first()
    if index is None:
        return []
    campaigns = list(
        campaign_listing(CampaignPage.objects.child_of(index)).order_by("-featured", "path")[
            :CAMPAIGNS_ON_HOME
        ]
    )
    if not campaigns:
        return []
    return [
        {
            "template": "network/includes/featured_campaigns_section.html",
            "context": {"campaigns": campaigns, "campaign_index": index},
        }
    ]
