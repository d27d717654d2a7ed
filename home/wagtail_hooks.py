"""What home adds to Wagtail: the dashboard's shared panels, the staff guide in
the menu, the admin's own small stylesheet, and the page cache learning which
page it is storing. ("Draft translations", home.TranslationReview, is registered
by network/wagtail_hooks.py, where the permission policy lives.)"""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from home.cache import below_tags, page_tag, tag_request

from . import admin_views
from .dashboard import HowToPanel, moderation_panel_for


@hooks.register("register_admin_urls")
def how_to_urls():
    return [path("how-to/", admin_views.how_to, name="home_how_to")]


@hooks.register("register_admin_menu_item")
def how_to_menu_item():
    return MenuItem(_("How to"), reverse("home_how_to"), icon_name="help", order=9000)


@hooks.register("construct_homepage_panels")
def guidance_panels(request, panels):
    panels.append(HowToPanel(request))
    moderation = moderation_panel_for(request)
    if moderation is not None:
        panels.append(moderation)


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("before_serve_page")
def tag_page_for_cache(page, request, serve_args, serve_kwargs):
    """Publishing this page (or a page below it) empties this copy (home/cache.py)."""
    tag_request(request, page_tag(page.pk), *below_tags(page))
