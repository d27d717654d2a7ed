"""Sign-in protection, in two layers, both kept in the cache (Redis in
production, shared by every app server), never in the database; log lines
name no person or address.

- django-axes counts failed sign-ins per username *and* address together,
  and pauses that pair after AXES_FAILURE_LIMIT failures: someone guessing
  from elsewhere cannot lock a staff member out of her own office.
- Axes checks before it counts, so a burst of parallel attempts could all
  pass its check. ``SIGN_IN_RATE`` counts every attempt from an address
  first (home.ratelimit), whatever the username, and refuses past it; a
  successful sign-in gives its attempt back.
"""

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from home.ratelimit import client_key, hit_rate, refund_rate

SIGN_IN_GROUP = "sign-in"


class LoginAttemptsBackend(AxesStandaloneBackend):
    """Axes' lockout check, for every sign-in form that passes the request.

    Django's own and Wagtail's login views always pass the request. Code
    that authenticates without one (the test client's ``login()``, a shell)
    is not a visitor at a form, so there is nothing to count.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        if not hit_rate(SIGN_IN_GROUP, client_key(request), settings.SIGN_IN_RATE):
            request.axes_locked_out = True
            raise AxesBackendPermissionDenied("too many sign-in attempts from this address")
        request.sign_in_counted = True
        return super().authenticate(request, username, password, **kwargs)


@receiver(user_logged_in, dispatch_uid="ops-sign-in-refund")
def give_back_successful_attempt(sender, request=None, **kwargs):
    if request is not None and getattr(request, "sign_in_counted", False):
        refund_rate(SIGN_IN_GROUP, client_key(request), settings.SIGN_IN_RATE)


def client_str(username, ip_address, user_agent, path_info, request):
    """How axes names a client in its log lines: the form, not the person."""
    if isinstance(path_info, list | tuple):
        path_info = path_info[0]
    return f"a sign-in attempt at {path_info}"
