"""Two-step sign-in for staff, inside the Wagtail admin.

Built on django-otp's TOTP devices: a staff member scans a QR code with an
authenticator app (or types the key), confirms with one code, and from then
on every admin session asks for a code after the password.
"""

import base64

import segno
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .forms import TokenForm

DEVICE_NAME = "Authenticator app"


class TwoFactorVerifyView(FormView):
    """Asks for a code after the password, before anything else in the admin."""

    template_name = "ops/two_factor_verify.html"
    form_class = TokenForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_next_url(self):
        url = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(
            url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return url
        return reverse("wagtailadmin_home")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": self.get_next_url()}

    def form_valid(self, form):
        otp_login(self.request, form.device)
        return redirect(self.get_next_url())


class TwoFactorSetupView(WagtailAdminTemplateMixin, FormView):
    """Turn two-step sign-in on (scan, confirm a code) or off (give a code)."""

    template_name = "ops/two_factor_setup.html"
    form_class = TokenForm
    page_title = "Two-step sign-in"
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def confirmed_device(self):
        return TOTPDevice.objects.filter(user=self.request.user, confirmed=True).first()

    def pending_device(self):
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=self.request.user, name=DEVICE_NAME, confirmed=False
            )
        return device

    def dispatch(self, request, *args, **kwargs):
        self.device = self.confirmed_device()
        self.enabled = self.device is not None
        if not self.enabled:
            self.device = self.pending_device()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "devices": [self.device]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["enabled"] = self.enabled
        if not self.enabled:
            url = self.device.config_url
            context["qr_svg"] = segno.make(url, error="m").svg_inline(
                scale=4, title="QR code for your authenticator app"
            )
            secret = base64.b32encode(self.device.bin_key).decode("ascii").rstrip("=")
            context["secret"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        return context

    def form_valid(self, form):
        if self.enabled:
            TOTPDevice.objects.filter(user=self.request.user).delete()
            messages.success(self.request, "Two-step sign-in is off for your account.")
        else:
            self.device.confirmed = True
            self.device.save(update_fields=["confirmed"])
            otp_login(self.request, self.device)
            messages.success(
                self.request,
                "Two-step sign-in is on. From now on you will be asked for a code after "
                "your password.",
            )
        return redirect("ops_two_factor")
