"""Real services for the reliability tests: a PostgreSQL database or a whole
private cluster, a redis-server, gunicorn with production settings, nginx.

Everything is started on free ports in the test's own folder and always
stopped; nothing of the machine's configuration is touched.
"""

import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
SHARED_POSTGRES = os.environ.get("SERVICES_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
PG_BIN = Path("/usr/lib/postgresql/15/bin")
HTTP_TIMEOUT = 30


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for_port(port, proc, log, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"exited during start-up:\n{Path(log).read_text()[-3000:]}")
        try:
            socket.create_connection((HOST, port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"port {port} did not answer in {seconds} s:\n{Path(log).read_text()[-3000:]}")


def stop(proc, sig=signal.SIGTERM, seconds=30):
    """Stop a process group started with start_new_session, gracefully first."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def build_site(database_url, env=None):
    """Tables, Wagtail's roots and an open ballot at /have-your-say/ (build_site.py)."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.reliability.build_site"],
        cwd=ROOT,
        env={**os.environ, **(env or {}), "DATABASE_URL": database_url, "REDIS_URL": ""},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]


@contextlib.contextmanager
def postgres_database(prefix):
    """A new database on the machine's PostgreSQL (127.0.0.1:5432), whatever
    DATABASE_URL the suite runs on, dropped afterwards."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    with psycopg.connect(f"{SHARED_POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{SHARED_POSTGRES}/{name}"
    finally:
        with psycopg.connect(f"{SHARED_POSTGRES}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class RedisServer:
    def __init__(self, folder):
        self.port, self.folder, self.proc = free_port(), folder, None
        self.url = f"redis://{HOST}:{self.port}/0"

    def start(self):
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        log = self.folder / "redis.log"
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly",
             "no", "--dir", str(self.folder), "--logfile", str(log)],
            start_new_session=True,
        )  # fmt: skip
        log.touch()
        wait_for_port(self.port, self.proc, log)

    def stop(self):
        stop(self.proc)


class PrivatePostgres:
    """A PostgreSQL cluster of the test's own (initdb in a temp folder, trust
    auth, its own port), run as the postgres user since root may not, so the
    test can restart it without touching the machine's shared server."""

    def __init__(self):
        # Its own folder under /tmp, owned by postgres: pytest's folders are
        # root's and closed to other users.
        self.home = Path(tempfile.mkdtemp(prefix="wmhn-pg-"))
        self.folder = self.home / "data"
        self.log = self.home / "postgres.log"
        self.port = free_port()
        self.url = f"postgres://postgres@{HOST}:{self.port}/wmhn"

    def _as_postgres(self, *args):
        command = ["runuser", "-u", "postgres", "--", *map(str, args)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"

    def init(self):
        shutil.chown(self.home, "postgres", "postgres")
        self._as_postgres(
            PG_BIN / "initdb", "-D", self.folder, "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        # fsync off: the test is about connections, and the machine is shared.
        options = f"-p {self.port} -k {self.home} -c listen_addresses={HOST} -c fsync=off"
        (self.home / "options").write_text(options)
        self.start()
        with psycopg.connect(f"postgres://postgres@{HOST}:{self.port}/postgres") as conn:
            conn.autocommit = True
            conn.execute("CREATE DATABASE wmhn")

    def pg_ctl(self, action, *extra):
        options = (self.home / "options").read_text()
        self._as_postgres(
            PG_BIN / "pg_ctl", action, "-D", self.folder, "-l", self.log, "-o", options, "-w",
            *extra,
        )  # fmt: skip

    def start(self):
        self.pg_ctl("start")

    def restart(self):
        self.pg_ctl("restart", "-m", "fast")

    def stop(self):
        with contextlib.suppress(AssertionError):
            self.pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.home, ignore_errors=True)


def production_env(database_url, redis_url, **extra):
    """The environment docs/deploy.md's /etc/wmhn/env holds, for the test's ports."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.reliability.production_settings",
        "SECRET_KEY": "reliability-tests-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"http://{HOST}",
        "SITE_URL": "https://wmhn.example.org",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "EMAIL_URL": f"smtp://{HOST}:{free_port()}",
        "RECAPTCHA_PUBLIC_KEY": "stubbed",
        "RECAPTCHA_PRIVATE_KEY": "stubbed",
        "FORWARDED_ALLOW_IPS": HOST,
        # No TLS in a test: the load balancer would redirect http to https.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        **{key: str(value) for key, value in extra.items()},
    }


def start_gunicorn(port, env, log_path):
    """`gunicorn -c gunicorn.conf.py`, as the wmhn-web unit starts it."""
    with open(log_path, "a") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env={**env, "BIND": f"{HOST}:{port}"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    wait_for_port(port, proc, log_path, seconds=60)
    return proc


# --- a visitor --------------------------------------------------------------------
def request(port, method, path, *, source=HOST, body=None, headers=None):
    """One request from a loopback address of her own (127.0.0.N), as a distinct visitor."""
    conn = http.client.HTTPConnection(HOST, port, timeout=HTTP_TIMEOUT, source_address=(source, 0))
    try:
        conn.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
        reply = conn.getresponse()
        return reply.status, reply.msg, reply.read().decode(errors="replace")
    finally:
        conn.close()


def vote(port, path, picks=(0, 1, 2), source=HOST, post_port=None):
    """Load the ballot, tick three, send it (to ``post_port`` when given).

    Returns (status, location, body) of the POST, or of the GET when it failed.
    """
    status, msg, html = request(port, "GET", path, source=source)
    if status != 200:
        return status, "", html
    cookies = "; ".join(c.split(";")[0] for c in msg.get_all("Set-Cookie") or [])
    fields = dict(re.findall(r'name="(csrfmiddlewaretoken|form_token)" value="([^"]+)"', html))
    options = re.findall(r'name="options" value="(\d+)"', html)
    assert set(fields) == {"csrfmiddlewaretoken", "form_token"}, "ballot form not found"
    chosen = [options[i % len(options)] for i in picks]
    body = urllib.parse.urlencode([*fields.items(), *(("options", o) for o in chosen)])
    status, msg, html = request(
        post_port or port,
        "POST",
        path,
        source=source,
        body=body,
        headers={
            "Cookie": cookies,
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://{HOST}:{port}{path}",
        },
    )
    return status, msg.get("Location") or "", html


def is_server_error_page(body):
    """Django's or the site's 500 page, or a traceback, in a reply body."""
    return "Server Error" in body or "Traceback" in body or "went wrong on our side" in body
