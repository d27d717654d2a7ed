"""JSON log lines with no personal data, for Django and gunicorn alike.

One line of JSON per record on stdout (systemd's journal or the platform
collects it). What is left out on purpose:

- the request object Django attaches to ``django.request`` records (its
  repr carries the query string, which can hold an email address);
- client addresses, query strings and email addresses in any text: the
  message, exception text and extra fields are scrubbed, as a second line
  of defence behind code that never logs them;
- gunicorn's access atoms other than method, path, status, size and time;
- for ballot requests (a vote, its thank-you page), even those: a view that
  calls ``log_as_route`` is logged as method, route name and status, timed
  to the hour. A vote is stored with its hour only and a random id; an exact
  path (the thank-you token sits in it) and a millisecond time on a line
  next to it would give back the moment, so the line keeps what operating
  the site needs (how many votes, refused or failed, hour by hour) and no more.

This module must not import Django: gunicorn's master loads it from
``gunicorn.conf.py`` before Django is set up.
"""

import datetime
import re

from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")
IPV6 = re.compile(
    r"(?<![\w:])(?:"
    r"(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}"  # full form
    r"|(?:[0-9a-fA-F]{1,4}:){0,6}[0-9a-fA-F]{0,4}::(?:[0-9a-fA-F]{1,4}:){0,6}[0-9a-fA-F]{0,4}"
    r")(?![\w:])"
)
QUERY = re.compile(r"(/[^\s?\"'<>]*)\?[^\s\"'<>]*")
DROPPED_FIELDS = {"request", "server_time"}
# WSGI environ key a view sets to log its request under a route name;
# gunicorn hands environ entries to the access log as "{key}e" atoms.
ROUTE_ENVIRON_KEY = "wmhn.log_route"


def log_as_route(request, name):
    """Have this request's access line say ``name`` instead of its path and timing."""
    request.META[ROUTE_ENVIRON_KEY] = name


def redact(text):
    """The text with email addresses, client addresses and query strings removed."""
    text = QUERY.sub(r"\1?[query removed]", text)
    text = EMAIL.sub("[email removed]", text)
    text = IPV6.sub("[address removed]", text)
    return IPV4.sub("[address removed]", text)


def _clean(value):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return redact(str(value))


def _hour(created):
    moment = datetime.datetime.fromtimestamp(created).replace(minute=0, second=0, microsecond=0)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


class JsonFormatter(BaseJsonFormatter):
    """python-json-logger's formatter with fixed field names and redaction."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", ["asctime", "levelname", "name", "message"])
        kwargs.setdefault(
            "rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"}
        )
        super().__init__(*args, **kwargs)

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            # gunicorn passes its atoms as the format arguments; keep only
            # what says nothing about who asked (no address, query, referrer
            # or browser).
            atoms = record.args
            route = atoms.get("{%s}e" % ROUTE_ENVIRON_KEY)  # noqa: UP031 - gunicorn's atom name
            log_data["method"] = atoms["m"]
            log_data["status"] = atoms["s"]
            if route:
                log_data["route"] = route
                log_data["message"] = f"{atoms['m']} {route} {atoms['s']}"
                log_data["time"] = _hour(record.created)
                return
            log_data["path"] = atoms["U"]
            log_data["bytes"] = atoms["B"]
            log_data["duration_ms"] = atoms["M"]

    def process_log_record(self, log_data):
        for field in DROPPED_FIELDS:
            log_data.pop(field, None)
        return {key: _clean(value) for key, value in log_data.items()}
