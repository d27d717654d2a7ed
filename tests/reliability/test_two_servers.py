"""Two app servers behind nginx, sharing one PostgreSQL and one Redis (issue 15).

What docs/deploy.md calls "the tested shape", started for real: a database of
the test's own on the machine's PostgreSQL (127.0.0.1:5432, whatever the
suite's DATABASE_URL, so this runs in the SQLite CI run too), a redis-server,
two `gunicorn -c gunicorn.conf.py` with production settings, and Debian's
nginx with the configuration block read from docs/deploy.md.

Visitors come from loopback addresses of their own (127.0.x.y), so nginx's
X-Forwarded-For carries a real, distinct address for each, as on the
internet.
"""

import json
import re
import shutil
import subprocess
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

from ballot.voting import IP_LIMIT_REACHED
from tests.reliability import services
from tests.reliability.services import HOST, ROOT

pytestmark = pytest.mark.services

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BALLOT = "/have-your-say/"
# results.json is left to step 3, which must see the first snapshot taken.
VIEWS = ["/", "/blog/", "/blog/post/", BALLOT, "/robots.txt", "/static/css/site.css"]
IP_LIMIT = 5
RUN_TIMEOUT = 100


def documented_nginx_block():
    text = (ROOT / "docs" / "deploy.md").read_text()
    block = re.search(r"<!-- tested-nginx-begin -->\n```nginx\n(.*?)```", text, re.S)
    assert block, "docs/deploy.md lost its tested nginx block"
    return block.group(1)


def nginx_config(folder, port, app_ports):
    """docs/deploy.md's block with the test's addresses, inside a main file of
    the test's own (no system configuration read or written)."""
    block = documented_nginx_block()
    for documented, ours in zip(("10.0.0.11:8000", "10.0.0.12:8000"), app_ports, strict=True):
        assert documented in block
        block = block.replace(documented, f"{HOST}:{ours}")
    block = block.replace("listen 443 ssl http2;", f"listen {HOST}:{port};")
    block = block.replace("/var/log/nginx/wmhn.log", str(folder / "access.log"))
    assert "/var/www/wmhn-busy" in block
    block = block.replace("/var/www/wmhn-busy", str(ROOT / "deploy"))
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""user root;
daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
{temp}
{block}
}}
"""


class Site:
    def __init__(self, folder, database_url, redis, ports, nginx_port):
        self.folder, self.database_url, self.redis = folder, database_url, redis
        self.app_ports, self.port = ports, nginx_port
        self.apps = {}

    def counts(self):
        with psycopg.connect(self.database_url) as conn:
            votes = conn.execute("SELECT count(*) FROM ballot_vote").fetchone()[0]
            voters = conn.execute(
                "SELECT coalesce(sum(count), 0) FROM ballot_tally WHERE key = 'voters'"
            ).fetchone()[0]
        return votes, voters

    def served_by(self):
        """Requests nginx handed to each app server, from its access log."""
        lines = (self.folder / "access.log").read_text().splitlines()
        return Counter(line.rsplit(" ", 1)[-1] for line in lines)


@pytest.fixture
def two_servers(tmp_path):
    if not Path(NGINX).exists():
        pytest.fail("nginx is needed: apt-get install nginx")
    with services.postgres_database("wmhn_servers") as database_url:
        services.build_site(database_url)
        redis = services.RedisServer(tmp_path)
        redis.start()
        env = services.production_env(
            database_url,
            redis.url,
            WEB_CONCURRENCY=2,
            BALLOT_IP_LIMIT=IP_LIMIT,
            BALLOT_RESULTS_CACHE_SECONDS=60,
            CONN_MAX_AGE=60,
        )
        ports = [services.free_port(), services.free_port()]
        site = Site(tmp_path, database_url, redis, ports, services.free_port())
        nginx = None
        try:
            for name, port in zip("AB", ports, strict=True):
                site.apps[name] = services.start_gunicorn(port, env, tmp_path / f"app{name}.log")
            conf = tmp_path / "nginx.conf"
            conf.write_text(nginx_config(tmp_path, site.port, ports))
            nginx = subprocess.Popen(
                [NGINX, "-c", str(conf), "-p", str(tmp_path), "-e", str(tmp_path / "error.log")],
                stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
            (tmp_path / "error.log").touch()
            services.wait_for_port(site.port, nginx, tmp_path / "error.log")
            yield site
        finally:
            if nginx is not None:
                services.stop(nginx)
            for proc in site.apps.values():
                services.stop(proc)
            redis.stop()


def burst(jobs, on_progress=None):
    """Run every job at once (one thread each, released together)."""
    gate = threading.Barrier(len(jobs), timeout=60)
    done = Counter()
    lock = threading.Lock()

    def run(job):
        kind, func, args = job
        gate.wait()
        try:
            outcome = (kind, *func(*args))
        except Exception as exc:  # noqa: BLE001 - every failure is reported
            outcome = (kind, None, "", repr(exc))
        with lock:
            done[kind] += 1
            if on_progress:
                on_progress(done)
        return outcome

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return [f.result(timeout=RUN_TIMEOUT) for f in [pool.submit(run, j) for j in jobs]]


def view(port, path, source):
    status, _, body = services.request(port, "GET", path, source=source)
    return status, "", body


def jobs_for(port, views, votes, net):
    jobs = [
        ("view", view, (port, VIEWS[i % len(VIEWS)], f"127.{net}.1.{i % 250 + 1}"))
        for i in range(views)
    ]
    jobs += [
        ("vote", services.vote, (port, BALLOT, (i, i + 3, i + 7), f"127.{net}.2.{i % 250 + 1}"))
        for i in range(votes)
    ]
    return jobs


def accepted(outcomes):
    return [o for o in outcomes if o[0] == "vote" and o[1] == 303 and "/thanks/" in o[2]]


def test_two_servers_share_votes_limits_and_results_and_survive_one_stopping(two_servers):
    site = two_servers
    a, b = site.app_ports

    started = time.monotonic()
    # 1. 200 page views and 100 votes at once, through nginx.
    outcomes = burst(jobs_for(site.port, 200, 100, net=10))
    failures = [o for o in outcomes if o[1] != 200 and o not in accepted(outcomes)]
    assert failures == [], failures[:5]
    assert len(accepted(outcomes)) == 100
    assert site.counts() == (100, 100)  # every accepted vote, once
    split = site.served_by()
    assert set(split) == {f"{HOST}:{a}", f"{HOST}:{b}"}, split
    assert min(split.values()) >= sum(split.values()) // 4, split  # both carried the load

    # 2. One address's hourly votes are counted across both servers: straight
    # to A, B, A, B... (each process alone would take all eight)...
    direct = [services.vote(port, BALLOT, source="127.20.0.1") for port in [a, b] * 4]
    assert [status for status, *_ in direct].count(303) == IP_LIMIT
    refused = [body for status, _, body in direct if status != 303]
    assert len(refused) == 8 - IP_LIMIT
    assert all(status == 200 for status, *_ in direct if status != 303)
    assert all(IP_LIMIT_REACHED in body for body in refused)
    # ...and through nginx, which must pass each visitor's own address on.
    through = [services.vote(site.port, BALLOT, source="127.20.0.2") for _ in range(8)]
    assert [status for status, *_ in through].count(303) == IP_LIMIT
    assert site.counts() == (100 + 2 * IP_LIMIT,) * 2

    # 3. One results snapshot for both servers (kept in the shared Redis).
    snapshots = [
        json.loads(services.request(port, "GET", f"{BALLOT}results.json")[2]) for port in [a, b] * 3
    ]
    assert {(s["total_voters"], s["updated_at"]) for s in snapshots} == {
        (snapshots[0]["total_voters"], snapshots[0]["updated_at"])
    }
    assert snapshots[0]["total_voters"] >= 100  # released in steps of K, never above the count

    # 4. Server B stops (systemctl stop: SIGTERM, it finishes what it holds)
    # while 60 votes and 40 page views are in flight.
    before, _ = site.counts()
    stopped = threading.Event()

    def stop_b_midway(done):
        if done["vote"] >= 15 and not stopped.is_set():
            stopped.set()
            threading.Thread(target=services.stop, args=(site.apps["B"],)).start()

    outcomes = burst(jobs_for(site.port, 40, 60, net=30), on_progress=stop_b_midway)
    assert stopped.is_set()
    assert site.apps["B"].wait(timeout=40) is not None
    votes = [o for o in outcomes if o[0] == "vote"]
    taken = accepted(outcomes)
    others = [o for o in votes if o not in taken]
    print(
        f"\ntwo servers, B stopped mid-run: {len(taken)} of {len(votes)} votes accepted, "
        f"others {Counter(o[1] for o in others)}; "
        f"views {Counter(o[1] for o in outcomes if o[0] == 'view')}; "
        f"{time.monotonic() - started:.1f} s since the servers were up"
    )
    after, voters = site.counts()
    assert after - before == len(taken)  # no accepted vote lost, none counted twice
    assert voters == after
    # Requests B dropped while stopping get the plain page (docs/deploy.md),
    # never nginx's own error page or a server error.
    for kind, status, _, body in outcomes:
        if status != 200 and (kind, status) != ("vote", 303):
            assert status == 502 and "Please try again in a minute" in body, (kind, status)
    assert len(taken) >= 15, Counter(o[1] for o in others)  # at least those before the stop

    # 5. A carries on alone.
    log_before = sum(site.served_by().values())
    outcomes = burst(jobs_for(site.port, 20, 10, net=40))
    assert {o[1] for o in outcomes if o[0] == "view"} == {200}
    assert len(accepted(outcomes)) == 10
    lines = (site.folder / "access.log").read_text().splitlines()[log_before:]
    assert {line.rsplit(" ", 1)[-1] for line in lines} == {f"{HOST}:{a}"}
    assert site.counts()[0] == after + 10
