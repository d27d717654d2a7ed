"""A plain "please try again" when the database is away for a moment.

PostgreSQL restarting (an upgrade, a failover, a crash) cuts every open
connection and refuses new ones for a few seconds. A request caught in that
gap raises Django's ``OperationalError`` or ``InterfaceError``; without this
it would get the site's 500 page and a traceback in the logs per request.

Instead the visitor gets a 503 page in plain words (with ``Retry-After`` and
``no-store``), and the logs get one warning a minute (home.degraded). Nothing
half-done is kept: a vote is one transaction (ballot.voting.record_vote), so
it is rolled back, and its hourly slot is given back (``vote_slot``). A vote
whose commit was cut off may have been stored; the page asks her to send the
same form again, and the same form's token is never counted twice.

The next request reconnects by itself: Django closes a connection that
raised (``close_if_unusable_or_obsolete`` at the end of the request) and
checks kept connections before reuse (``CONN_HEALTH_CHECKS``, settings.base).

Two ways in, since an error can come from a view or from a middleware (the
session saved on the way out): ``DatabaseAwayMiddleware.process_exception``
for views, and ``server_error``, the project's handler500, for the rest.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

from home import degraded

RETRY_AFTER_SECONDS = 30


def database_error(exc):
    """The database error behind ``exc``, following causes (a template or a
    block may wrap it), or None."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, OperationalError | InterfaceError):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def database_away_response(request, error):
    degraded.warn("The database did not answer (%s): answering 503", error)
    # Rendered without the request: its context processors would ask the
    # database again.
    body = render_to_string("503.html", {"was_post": request.method == "POST"})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseAwayMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        error = database_error(exception)
        if error is None:
            return None
        return database_away_response(request, error)


def server_error(request):
    """handler500: the plain 503 when the database is the cause, else Django's 500."""
    error = database_error(sys.exc_info()[1])
    if error is not None:
        return database_away_response(request, error)
    return defaults.server_error(request)
