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
