"""Content-Security-Policy per part of the site, and two-step sign-in for staff."""

import django_otp
from csp.constants import SELF
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse


def is_admin_path(path):
    return path.startswith(tuple(settings.ADMIN_URL_PREFIXES))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp, with the admin's own policy under ADMIN_URL_PREFIXES.

    The public site gets CONTENT_SECURITY_POLICY: no inline scripts or
    styles. Wagtail 8's admin still writes inline scripts and styles in its
    editor (date pickers, inline panels), so under ADMIN_URL_PREFIXES it gets
    ADMIN_CONTENT_SECURITY_POLICY: the same origins, plus 'unsafe-inline'.
    A view's own @csp_replace/@csp_update decorators still apply on top.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if parts.config is None and is_admin_path(request.path_info):
            name = (
                "ADMIN_CONTENT_SECURITY_POLICY_REPORT_ONLY"
                if report_only
                else "ADMIN_CONTENT_SECURITY_POLICY"
            )
            policy = getattr(settings, name, None)
            if policy:
                parts.config = dict(policy["DIRECTIVES"])
        if getattr(request, "is_preview", False):
            # Wagtail renders a preview through the public middleware; the
            # editor's preview panel frames it from the admin.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts


class AdminTwoFactorMiddleware:
    """Staff who have set up an authenticator app must give a code.

    Runs after django_otp's OTPMiddleware (which adds ``user.is_verified()``).
    Under the admin prefixes, a signed-in user with a confirmed device who has
    not given a code this session is sent to the code page; nothing else in
    the admin opens until they do. With ADMIN_TWO_FACTOR_REQUIRED on, staff
    without a device are sent to set one up first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect = self.check(request)
        return redirect or self.get_response(request)

    def check(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not is_admin_path(request.path_info):
            return None
        if user.is_verified():
            return None
        open_paths = {
            reverse("wagtailadmin_login"),
            reverse("wagtailadmin_logout"),
            reverse("admin:login"),
            reverse("admin:logout"),
            reverse("ops_two_factor_verify"),
            # The icon sprite and translations the code page itself loads.
            reverse("wagtailadmin_sprite"),
            reverse("wagtailadmin_javascript_catalog"),
        }
        if request.path_info in open_paths:
            return None
        if django_otp.user_has_device(user, confirmed=True):
            return redirect_to_login(
                request.get_full_path(), login_url=reverse("ops_two_factor_verify")
            )
        if settings.ADMIN_TWO_FACTOR_REQUIRED and (
            user.is_staff or user.has_perm("wagtailadmin.access_admin")
        ):
            setup = reverse("ops_two_factor")
            if request.path_info != setup:
                return redirect_to_login(request.get_full_path(), login_url=setup)
        return None
