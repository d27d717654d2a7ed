"""Redis stopped and started again under a running app (issue 15).

A real redis-server on a spare port is started here, the app's caches point
at it with the production shape (config.settings.base.redis_caches), and it
is killed mid-test: pages, the ballot, a vote and the admin must all carry on,
and everything must use Redis again as soon as it is back, with no restart.
"""

import shutil
import socket
import subprocess
import time

import pytest
from django.test import Client

from ballot.models import Tally, Vote
from ballot.voting import IP_LIMIT_REACHED
from config.settings.base import redis_caches
from home import degraded, ratelimit
from tests.ballot.conftest import vote_data
from tests.factories import BallotPageFactory, BlogIndexPageFactory, BlogPageFactory

pytestmark = pytest.mark.django_db


def _free_port():
    """A port nobody listens on now, so two test runs side by side (SQLite and
    PostgreSQL) each start their own redis-server."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = _free_port()


class RedisServer:
    def __init__(self, port):
        self.port, self.proc = port, None

    def start(self):
        self.proc = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--bind", "127.0.0.1"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.proc.kill()
        self.proc.wait(timeout=10)


@pytest.fixture
def redis_server():
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is needed: apt-get install redis-server")
    server = RedisServer(PORT)
    server.start()
    yield server
    if server.proc.poll() is None:
        server.stop()


@pytest.fixture
def on_redis(settings, redis_server):
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{PORT}/0", 0.5)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.RATE_LIMIT_CACHE = "ratelimit"
    settings.PAGE_CACHE_SECONDS = 300
    settings.BALLOT_IP_LIMIT = 8
    settings.RATE_LIMIT_FALLBACK_SHARE = 0.25  # 2 votes per process while Redis is away
    ratelimit._local.counts.clear()
    degraded._warnings.last.clear()
    return redis_server


@pytest.fixture
def site(home_page):
    index = BlogIndexPageFactory(parent=home_page)
    BlogPageFactory(parent=index, slug="post", title="A post")
    return BallotPageFactory(parent=home_page, slug="have-your-say", title="Have your say")


def test_everything_carries_on_while_redis_is_down_and_resumes(on_redis, site, admin_user, caplog):
    ballot = site
    visitor, editor = Client(), Client()
    editor.force_login(admin_user)  # a session written while Redis is up
    visitor.get("/")
    assert visitor.get("/")["X-Page-Cache"] == "hit"
    assert editor.get("/admin/").status_code == 200

    on_redis.stop()

    for path in ("/", "/blog/", "/blog/post/", "/have-your-say/", "/sitemap.xml"):
        response = visitor.get(path)
        assert response.status_code == 200, path
        assert response.get("X-Page-Cache") != "hit", path
    assert editor.get("/admin/").status_code == 200  # still signed in: the session is in the DB
    assert editor.get("/admin/pages/").status_code == 200

    replies = [Client().post("/have-your-say/", vote_data(ballot)) for _ in range(4)]
    accepted = [r for r in replies if r.status_code == 303]
    refused = [r for r in replies if r.status_code == 200]
    assert len(accepted) == 2  # a quarter of the limit of 8, counted in this process
    assert len(refused) == 2
    assert all(IP_LIMIT_REACHED in r.content.decode() for r in refused)
    assert Vote.objects.count() == 2 == Tally.objects.get(key="voters").count
    warnings = [r for r in caplog.records if r.levelname in ("WARNING", "ERROR")]
    by_message = {}
    for record in warnings:
        by_message[record.getMessage()[:40]] = by_message.get(record.getMessage()[:40], 0) + 1
    assert by_message, "the outage is logged"
    assert max(by_message.values()) == 1, by_message  # once a minute, not per request

    on_redis.start()  # an empty Redis, as after a restart without persistence

    visitor.get("/")
    assert visitor.get("/")["X-Page-Cache"] == "hit"  # the cache is used again, no restart
    assert editor.get("/admin/").status_code == 200  # the session survived the restart
    replies = [Client().post("/have-your-say/", vote_data(ballot)) for _ in range(9)]
    assert [r.status_code for r in replies].count(303) == 8  # the shared limit again
    assert Vote.objects.count() == 10 == Tally.objects.get(key="voters").count


def test_a_double_click_while_redis_is_down_is_counted_once(on_redis, site):
    ballot = site
    on_redis.stop()
    data = vote_data(ballot)

    first = Client().post("/have-your-say/", data)
    second = Client().post("/have-your-say/", data)

    assert first.status_code == second.status_code == 303
    assert Vote.objects.count() == 1 == Tally.objects.get(key="voters").count
