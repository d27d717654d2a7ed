"""Wagtail's "forgot password" form, with limits on the emails it sends.

Without them, anyone can make the site send any number of reset emails to a
staff member (or to itself, from many accounts). Both limits count before
anything is sent (home.ratelimit):

- requests from one address (``PASSWORD_RESET_RATE``): past it, the form
  says so and sends nothing;
- emails to one address (``PASSWORD_RESET_EMAIL_RATE``): past it, the reply
  is the usual "check your email" page, so the form never tells a stranger
  whether an address has an account, and nothing is sent.

Served at Wagtail's own URL (config/urls.py puts it first).
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from wagtail.admin.views.account import PasswordResetView

from home.ratelimit import client_key, hit_rate

TOO_MANY = (
    "Too many password reset requests have come from this internet connection. "
    "Please try again in an hour, or ask an administrator to reset your password."
)


class LimitedPasswordResetView(PasswordResetView):
    def form_valid(self, form):
        if not hit_rate(
            "password-reset-ip", client_key(self.request), settings.PASSWORD_RESET_RATE
        ):
            form.add_error(None, TOO_MANY)
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        email = form.cleaned_data["email"].strip().lower()
        if not hit_rate("password-reset-email", email, settings.PASSWORD_RESET_EMAIL_RATE):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
