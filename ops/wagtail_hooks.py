from django.urls import path, reverse
from wagtail import hooks

from . import views


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("two-step/", views.TwoFactorSetupView.as_view(), name="ops_two_factor"),
        path("two-step/verify/", views.TwoFactorVerifyView.as_view(), name="ops_two_factor_verify"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("ops_two_factor"),
        "label": "Two-step sign-in",
        "help_text": "Ask for a code from an app on your phone after your password.",
    }
