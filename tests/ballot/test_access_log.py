"""Access log lines for ballot requests name the route, not the request.

A vote is stored with its hour only; a log line timed to the millisecond
with the exact path (and, on the thank-you page, the one-hour token) would
put a precise moment back next to it. So for ballot requests gunicorn's
access line keeps the method, a route name and the status, and its time to
the hour. The request goes through Django for real; the line is written by
gunicorn's own access logger with the site's format and JSON formatter.
"""

import datetime
import io
import json
import logging
import runpy
from pathlib import Path

import pytest
from django.test import Client
from gunicorn.config import Config
from gunicorn.glogging import Logger

from ops.logging import JsonFormatter
from tests.ballot.conftest import vote_data

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


class Sent:
    """The parts of gunicorn's response object its access log reads."""

    def __init__(self, response):
        self.status = f"{response.status_code} {response.reason_phrase}"
        self.headers = list(response.items())
        self.sent = len(response.content)


def access_line(response):
    """The JSON line gunicorn would write for this Django response."""
    config = Config()
    site_config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    config.set("access_log_format", site_config["access_log_format"])
    config.set("accesslog", "-")
    logger = Logger(config)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger.access_log.handlers = [handler]
    environ = response.wsgi_request.META
    environ.setdefault("RAW_URI", environ["PATH_INFO"])
    logger.access(Sent(response), [], environ, datetime.timedelta(milliseconds=37))
    return json.loads(stream.getvalue().strip().splitlines()[-1])


def test_a_vote_post_is_logged_as_method_route_and_status_only(ballot):
    response = Client().post("/have-your-say/", vote_data(ballot))
    assert response.status_code == 303

    line = access_line(response)

    assert (line["method"], line["route"], line["status"]) == ("POST", "ballot:vote", "303")
    assert line["message"] == "POST ballot:vote 303"
    assert "path" not in line and "duration_ms" not in line and "bytes" not in line
    assert "have-your-say" not in json.dumps(line)
    # To the hour, like the vote itself.
    assert line["time"].endswith(":00:00")


def test_the_thank_you_page_is_logged_without_its_path_or_token(ballot):
    response = Client().post("/have-your-say/", vote_data(ballot))
    thanks = Client().get(response["Location"])
    assert thanks.status_code == 200

    line = access_line(thanks)

    assert (line["method"], line["route"], line["status"]) == ("GET", "ballot:thanks", "200")
    text = json.dumps(line)
    assert "thanks/" not in text and "v=" not in text
    assert line["time"].endswith(":00:00")


def test_other_requests_keep_their_path(home_page):
    line = access_line(Client().get("/"))

    assert (line["method"], line["path"], line["status"]) == ("GET", "/", "200")
    assert line["duration_ms"] == 37
