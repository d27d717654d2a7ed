"""Sign-in protection: django-axes counts failed sign-ins per address and per
username and pauses signing in after AXES_FAILURE_LIMIT failures.

Attempts are kept in the cache (Redis in production, shared by every app
server), never in the database, and log lines name no person or address.
"""

from axes.backends import AxesStandaloneBackend


class LoginAttemptsBackend(AxesStandaloneBackend):
    """Axes' lockout check, for every sign-in form that passes the request.

    Django's own and Wagtail's login views always pass the request. Code
    that authenticates without one (the test client's ``login()``, a shell)
    is not a visitor at a form, so there is nothing to count.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def client_str(username, ip_address, user_agent, path_info, request):
    """How axes names a client in its log lines: the form, not the person."""
    if isinstance(path_info, list | tuple):
        path_info = path_info[0]
    return f"a sign-in attempt at {path_info}"
