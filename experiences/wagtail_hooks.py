"""Admin for shared experiences: triage (new, read, quoted, closed) and counts.

Every view asks the one permission policy (network/access.py): the list, the
inspect and edit views through PolicyModelAdmin, the counts page through
``access.require``.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from network import access
from network.access_admin import PolicyModelAdmin, refusing_with_403

from .admin_views import counts_view
from .models import Experience, ExperiencePage
from .views import serve_experience_page


class ExperienceAdmin(PolicyModelAdmin, ModelAdmin):
    model = Experience
    menu_label = _("Experiences")
    menu_icon = "openquote"
    menu_order = 320
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_fields = [
        "created_at",
        "who",
        "setting",
        "issue",
        "story",
        "anonymous",
        "name",
        "email",
        "phone",
        "may_quote",
        "quote_consent",
        "status",
        "staff_note",
    ]
    list_display = ("created_at", "setting", "issue", "who", "may_quote", "status")
    list_filter = ("status", "setting", "issue", "who", "may_quote")
    search_fields = ("story", "staff_note")


modeladmin_register(ExperienceAdmin)


@hooks.register("register_admin_urls")
def register_counts_url():
    return refusing_with_403(path("experiences/counts/", counts_view, name="experiences_counts"))


class CountsMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can(request.user, "counts", Experience)


@hooks.register("register_admin_menu_item")
def register_counts_menu_item():
    return CountsMenuItem(
        _("Experience counts"), reverse("experiences_counts"), icon_name="table", order=321
    )


@hooks.register("before_serve_page")
def serve_experience(page, request, serve_args, serve_kwargs):
    if isinstance(page, ExperiencePage):
        return serve_experience_page(page, request)
    return None
