"""Launch day in miniature: gunicorn with two workers on loopback, on PostgreSQL.

200 page views and 100 votes arrive at once (300 threads released together).
Every reply must be a real answer (no status >= 500, no refused or dropped
connection) and every accepted vote must be in the database exactly once,
with the stored "voters" tally moving by the same amount.

The server runs against this test's own PostgreSQL test database (a
transactional test, so the demo content is committed where gunicorn sees
it), with config.settings.loadtest: bench's settings without collectstatic.
Everything has a hard timeout and gunicorn is always stopped.
"""

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, connections

from ballot.models import BallotPage, Tally, Vote

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
PAGE_VIEWS, VOTES = 200, 100
HTTP_TIMEOUT = 30  # seconds, per request
RUN_TIMEOUT = 90  # seconds, for the whole burst

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="load test needs PostgreSQL (two gunicorn processes share the database); "
        "it runs in CI on PostgreSQL",
    ),
]


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def database_url():
    s = connection.settings_dict
    user = quote(s.get("USER") or "postgres", safe="")
    password = f":{quote(s['PASSWORD'], safe='')}" if s.get("PASSWORD") else ""
    host = s.get("HOST") or HOST
    port = s.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{s['NAME']}"


def start_gunicorn(port, log):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.loadtest",
        "DATABASE_URL": database_url(),
        "REDIS_URL": "",
        "CONN_MAX_AGE": "0",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            "2",
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--timeout",
            "60",
            "--max-requests",
            "0",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            "-",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(server):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)


def wait_until_up(server, port, log_path, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited during start-up:\n{log_path.read_text()[-3000:]}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/bench/empty/", headers={"Host": HOST})
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer in {seconds} s:\n{log_path.read_text()[-3000:]}")


def get(port, path):
    conn = http.client.HTTPConnection(HOST, port, timeout=HTTP_TIMEOUT)
    try:
        conn.request("GET", path, headers={"Host": HOST})
        reply = conn.getresponse()
        reply.read()
        return ("view", path, reply.status, None)
    finally:
        conn.close()


def vote(port, path, picks):
    """Like a woman on her own phone: load the ballot, tick three, send it."""
    conn = http.client.HTTPConnection(HOST, port, timeout=HTTP_TIMEOUT)
    try:
        conn.request("GET", path, headers={"Host": HOST})
        page = conn.getresponse()
        html = page.read().decode()
        if page.status != 200:
            return ("vote", path, page.status, None)
        cookies = "; ".join(c.split(";")[0] for c in page.msg.get_all("Set-Cookie") or [])
        fields = dict(re.findall(r'name="(csrfmiddlewaretoken|form_token)" value="([^"]+)"', html))
        options = re.findall(r'name="options" value="(\d+)"', html)
        assert set(fields) == {"csrfmiddlewaretoken", "form_token"}, "ballot form not found"
        chosen = [options[i % len(options)] for i in picks]
        body = urllib.parse.urlencode([*fields.items(), *(("options", o) for o in chosen)])
        conn.request(
            "POST",
            path,
            body=body,
            headers={
                "Host": HOST,
                "Cookie": cookies,
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{HOST}:{port}{path}",
            },
        )
        reply = conn.getresponse()
        reply.read()
        return ("vote", path, reply.status, reply.getheader("Location") or "")
    finally:
        conn.close()


def public_paths(ballot):
    from blog.models import BlogPage

    post = BlogPage.objects.live().order_by("-pk").first()
    return [
        "/",
        "/blog/",
        post.url,
        ballot.url,
        f"{ballot.url}results.json",
        "/join/",
        "/contact/",
        "/search/?q=prison",
        "/static/css/site.css",
    ]


@pytest.fixture
def demo_ballot(demo_site):
    return BallotPage.objects.live().get(slug="have-your-say", locale__language_code="en-gb")


def test_page_views_and_votes_at_once_lose_nothing(demo_ballot, tmp_path):
    ballot = demo_ballot
    paths = public_paths(ballot)
    votes_before = Vote.objects.filter(ballot=ballot).count()
    voters_before = Tally.objects.filter(ballot=ballot, key="voters").first()
    voters_before = voters_before.count if voters_before else 0
    connections.close_all()  # nothing of ours holds a lock while gunicorn works

    port = free_port()
    log_path = tmp_path / "gunicorn.log"
    started = time.monotonic()
    with log_path.open("w") as log:
        server = start_gunicorn(port, log)
        try:
            wait_until_up(server, port, log_path)
            jobs = [(get, port, paths[i % len(paths)]) for i in range(PAGE_VIEWS)]
            jobs += [(vote, port, ballot.url, (i, i + 3, i + 7)) for i in range(VOTES)]
            gate = threading.Barrier(len(jobs), timeout=30)

            def run(job):
                func, *args = job
                try:
                    gate.wait()
                    return func(*args)
                except Exception as exc:  # noqa: BLE001 - every failure is reported
                    return (func.__name__, args[1], None, repr(exc))

            with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
                futures = [pool.submit(run, job) for job in jobs]
                outcomes = [f.result(timeout=RUN_TIMEOUT) for f in futures]
        finally:
            stop(server)
    elapsed = time.monotonic() - started
    server_log = log_path.read_text()

    failures = [o for o in outcomes if o[2] is None or o[2] >= 500]
    assert failures == [], f"{failures[:10]}\n{server_log[-3000:]}"
    views = [o for o in outcomes if o[0] in {"get", "view"}]
    assert len(views) == PAGE_VIEWS
    assert {status for *_, status, _ in views} == {200}, views
    votes = [o for o in outcomes if o[0] == "vote"]
    accepted = [o for o in votes if o[2] == 303 and "thanks" in o[3]]
    assert len(votes) == VOTES
    # Nothing should turn a voter away: the per-address limit is off.
    assert len(accepted) == VOTES, [o for o in votes if o not in accepted][:5]
    assert Vote.objects.filter(ballot=ballot).count() == votes_before + len(accepted)
    voters_after = Tally.objects.get(ballot=ballot, key="voters").count
    assert voters_after == voters_before + len(accepted)
    assert "Traceback" not in server_log, server_log[-3000:]
    print(
        f"\nload test: {PAGE_VIEWS} views + {VOTES} votes ({PAGE_VIEWS + 2 * VOTES} requests) "
        f"in {elapsed:.1f} s with gunicorn start; {len(accepted)} votes accepted"
    )
