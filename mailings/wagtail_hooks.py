"""Admin registration for follow by email and the newsletter."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.options import modeladmin_register

from network import access
from network.access_admin import refusing_with_403

from . import admin
from .models import NewsletterSend

modeladmin_register(admin.FollowAdminGroup)


@hooks.register("register_admin_urls")
def newsletter_urls():
    return refusing_with_403(
        path("newsletters/", admin.newsletters_view, name="mailings_newsletters"),
        path(
            "newsletters/<int:page_id>/test/",
            admin.newsletter_test_view,
            name="mailings_newsletter_test",
        ),
        path(
            "newsletters/<int:page_id>/send/",
            admin.newsletter_send_view,
            name="mailings_newsletter_send",
        ),
    )


class NewsletterMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can(request.user, "view", NewsletterSend)


@hooks.register("register_admin_menu_item")
def newsletter_menu_item():
    return NewsletterMenuItem(
        _("Newsletters"), reverse("mailings_newsletters"), icon_name="mail", order=316
    )
