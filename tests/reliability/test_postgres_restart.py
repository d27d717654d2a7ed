"""PostgreSQL restarted while 100 votes are in flight (issue 15).

The machine's PostgreSQL is shared, so the test starts a cluster of its own
(initdb into its folder, run as the postgres user) and restarts that one
(`pg_ctl restart -m fast`: every connection is cut, as in a real restart)
under gunicorn with production settings. Every vote must be accepted and
counted, or refused with a plain page that says to send it again; never a
server error page. Sent again (the same form, as the page asks), every
refused vote is then taken, once, by the same app processes: they reconnect
by themselves.
"""

import re
import threading
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from tests.reliability import services
from tests.reliability.services import HOST

pytestmark = pytest.mark.services

BALLOT = "/have-your-say/"
VOTES = 100
TRY_AGAIN = "Please try again in a minute"


class Voter:
    """One woman on her own phone: she loads the form once and may send it twice."""

    def __init__(self, port, n):
        self.port, self.source = port, f"127.50.{n // 250}.{n % 250 + 1}"
        self.picks = (n, n + 3, n + 7)
        self.form = None

    def load(self):
        status, msg, html = services.request(self.port, "GET", BALLOT, source=self.source)
        if status != 200:
            return status, html
        cookies = "; ".join(c.split(";")[0] for c in msg.get_all("Set-Cookie") or [])
        fields = dict(re.findall(r'name="(csrfmiddlewaretoken|form_token)" value="([^"]+)"', html))
        options = re.findall(r'name="options" value="(\d+)"', html)
        chosen = [options[i % len(options)] for i in self.picks]
        body = urllib.parse.urlencode([*fields.items(), *(("options", o) for o in chosen)])
        self.form = (cookies, body)
        return status, html

    def send(self):
        cookies, body = self.form
        status, msg, html = services.request(
            self.port, "POST", BALLOT, source=self.source, body=body,
            headers={
                "Cookie": cookies,
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{HOST}:{self.port}{BALLOT}",
            },
        )  # fmt: skip
        if status == 303 and "/thanks/" in (msg.get("Location") or ""):
            return "accepted", status, html
        return "refused", status, html

    def vote(self):
        status, html = self.load()
        if self.form is None:
            return "not loaded", status, html
        return self.send()


def counts(database_url):
    with psycopg.connect(database_url) as conn:
        votes = conn.execute("SELECT count(*) FROM ballot_vote").fetchone()[0]
        voters = conn.execute(
            "SELECT coalesce(sum(count), 0) FROM ballot_tally WHERE key = 'voters'"
        ).fetchone()[0]
    return votes, voters


@pytest.fixture
def app_on_private_postgres(tmp_path):
    postgres = services.PrivatePostgres()
    postgres.init()
    redis = services.RedisServer(tmp_path)
    app = None
    try:
        services.build_site(postgres.url)
        redis.start()
        env = services.production_env(postgres.url, redis.url, WEB_CONCURRENCY=2, CONN_MAX_AGE=60)
        port = services.free_port()
        app = services.start_gunicorn(port, env, tmp_path / "app.log")
        yield postgres, port, tmp_path / "app.log"
    finally:
        if app is not None:
            services.stop(app)
        redis.stop()
        postgres.stop()


def test_votes_survive_a_postgres_restart(app_on_private_postgres):
    postgres, port, app_log = app_on_private_postgres
    voters = [Voter(port, n) for n in range(VOTES)]
    assert voters[0].vote()[0] == "accepted"  # warm: every worker holds a connection
    assert voters[1].vote()[0] == "accepted"
    voters = voters[2:]

    done = Counter()
    lock = threading.Lock()
    restarted = threading.Event()
    gate = threading.Barrier(len(voters), timeout=60)

    def restart():
        postgres.restart()
        restarted.set()

    def run(voter):
        gate.wait()
        outcome = voter.vote()
        with lock:
            done[outcome[0]] += 1
            if sum(done.values()) == 15:
                threading.Thread(target=restart).start()
        return outcome

    with ThreadPoolExecutor(max_workers=len(voters)) as pool:
        outcomes = list(pool.map(run, voters, timeout=100))
    assert restarted.wait(timeout=60)
    tally = Counter(kind for kind, *_ in outcomes)
    print(f"\nPostgreSQL restarted mid-load: {dict(tally)}, statuses "
          f"{Counter((kind, status) for kind, status, _ in outcomes)}")  # fmt: skip

    for kind, status, body in outcomes:
        assert not services.is_server_error_page(body), (kind, status, body[:300])
        if kind != "accepted":
            assert status == 503 and TRY_AGAIN in body, (kind, status, body[:300])
    assert tally["refused"] + tally["not loaded"] > 0, "the restart hit no request"
    stored = counts(postgres.url)
    assert stored == (2 + tally["accepted"],) * 2  # accepted == counted

    # The same app processes, no restart: every refused vote sent again (the
    # same form, as the page asks) and every unloaded one loaded and sent.
    again = [
        v.send() if v.form else v.vote()
        for v, o in zip(voters, outcomes, strict=True)
        if o[0] != "accepted"
    ]
    assert {kind for kind, *_ in again} <= {"accepted"}, Counter(s for _, s, _ in again)
    assert counts(postgres.url) == (VOTES, VOTES)  # each woman once
    assert "Traceback" not in app_log.read_text()
