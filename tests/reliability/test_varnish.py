"""Varnish (Debian's package) in front of gunicorn, as docs/deploy.md's CDN (issue 15).

An anonymous page is a HIT the second time; publishing it sends a PURGE
through wagtail.contrib.frontend_cache's HTTP backend and the next request
is a MISS with the new words; a page with a form, a signed-in editor and a
private page are never kept. Runs on SQLite and PostgreSQL (CI runs both).
"""

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection, connections
from wagtail.models import Page, PageViewRestriction, Site

from config.settings.base import redis_caches
from tests.reliability.test_load import database_url as postgres_url

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
REDIS_URL = os.environ.get("SERVICES_REDIS_URL", "redis://127.0.0.1:6379/10")
# Both tests clear that one Redis database: under pytest-xdist they take
# turns (tests/conftest.py, one_at_a_time: one lock per xdist_group).
pytestmark = pytest.mark.xdist_group("services-redis")
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
VCL = """vcl 4.1;
backend default { .host = "127.0.0.1"; .port = "%d"; }
acl purgers { "127.0.0.1"; }
sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) { return (synth(405)); }
        return (purge);
    }
}
sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "HIT";
    } else {
        set resp.http.X-Varnish-Cache = "MISS";
    }
}
"""
pytestmark = pytest.mark.services


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def database_url():
    if connection.vendor == "sqlite":
        return f"sqlite:///{connection.settings_dict['NAME']}"
    return postgres_url()


def wait_for(port, proc, log, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"exited during start-up:\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection((HOST, port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"did not answer in {seconds} s:\n{log.read_text()[-3000:]}")


def stop(proc):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def get(port, path, cookie=""):
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    conn.request("GET", path, headers=headers)
    reply = conn.getresponse()
    body = reply.read().decode()
    conn.close()
    return reply.status, reply.getheader("X-Varnish-Cache"), body


@pytest.fixture
def varnish(demo_site, tmp_path, settings):
    if not Path(VARNISHD).exists():
        pytest.fail("varnishd is needed: apt-get install varnish")
    # One Redis for this process and gunicorn's workers, so a publish here
    # empties the app's own page cache as well as Varnish.
    settings.CACHES = redis_caches(REDIS_URL, 1.0)
    app_port, cache_port = free_port(), free_port()
    Site.objects.update(hostname=HOST, port=cache_port)  # links and purges name Varnish
    caches["default"].clear()  # Wagtail's cached site root paths name the old port
    connections.close_all()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.loadtest",
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
        "PAGE_CACHE_SECONDS": "300",
        "CONN_MAX_AGE": "0",
    }
    app_log, cache_log = tmp_path / "gunicorn.log", tmp_path / "varnish.log"
    vcl = tmp_path / "default.vcl"
    vcl.write_text(VCL % app_port)
    with app_log.open("w") as out:
        app = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "-c", "/dev/null",
             "--bind", f"{HOST}:{app_port}", "--workers", "2", "--access-logfile", "/dev/null"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    with cache_log.open("w") as out:
        cache = subprocess.Popen(
            # -j none: no privilege drop, so it reads the test's own (0700) folder.
            [VARNISHD, "-F", "-j", "none", "-a", f"{HOST}:{cache_port}", "-f", str(vcl), "-n",
             str(tmp_path / "varnish"), "-s", "malloc,32m"],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        wait_for(app_port, app, app_log)
        wait_for(cache_port, cache, cache_log)
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": f"http://{HOST}:{cache_port}",
            }
        }
        yield cache_port
    finally:
        stop(cache)
        stop(app)


def test_page_is_kept_then_purged_on_publish(varnish):
    from blog.models import BlogPage

    post = BlogPage.objects.live().order_by("-date", "-pk").first()
    path = post.url
    # The post before it links to it ("Newer post").
    older = BlogPage.objects.live().exclude(pk=post.pk).order_by("-date", "-pk").first().url

    for url in (path, "/blog/", older):
        assert get(varnish, url)[:2] == (200, "MISS"), url
        assert get(varnish, url)[:2] == (200, "HIT"), url

    post.title = "A new title for the varnish test"
    post.save_revision().publish()  # PURGE through the HTTP backend

    status, state, body = get(varnish, path)
    assert (status, state) == (200, "MISS")
    assert "A new title for the varnish test" in body
    status, state, body = get(varnish, "/blog/")  # its listing, purged with it
    assert state == "MISS" and "A new title for the varnish test" in body
    status, state, body = get(varnish, older)  # a post showing it, purged with it
    assert state == "MISS" and "A new title for the varnish test" in body


def test_form_page_editor_and_private_page_are_never_kept(varnish, admin_user, settings):
    from django.test import Client

    from config.settings import bench

    settings.SECRET_KEY = bench.SECRET_KEY  # a session gunicorn's settings can read

    for path in ("/contact/", "/have-your-say/"):
        get(varnish, path)
        assert get(varnish, path)[1] == "MISS", path

    editor = Client()
    editor.force_login(admin_user)
    cookie = f"sessionid={editor.cookies['sessionid'].value}"
    get(varnish, "/", cookie=cookie)
    status, state, body = get(varnish, "/", cookie=cookie)
    assert state == "MISS" and "wagtail-userbar" in body
    assert "wagtail-userbar" not in get(varnish, "/")[2]  # the editor's page went to nobody

    private = Page.objects.live().get(slug="about", locale__language_code="en-gb").specific
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    connections.close_all()
    for _ in range(2):
        status, state, body = get(varnish, private.url)
        assert status == 302 and state == "MISS"
