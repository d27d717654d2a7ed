"""Production settings: deploy checks, services from the environment, JSON logs."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_settings import PRODUCTION_SERVICES, REQUIRED

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    **PRODUCTION_SERVICES,
    "SECRET_KEY": "k3y-" + "a1B2c3D4e5" * 6,
    "ALLOWED_HOSTS": "wmhn.example.org,www.wmhn.example.org",
}
OPTIONAL = {
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_CUSTOM_DOMAIN",
    "AWS_S3_ENDPOINT_URL",
    "FRONTEND_CACHE_CLOUDFLARE_TOKEN",
    "FRONTEND_CACHE_CLOUDFLARE_ZONE_ID",
    "FRONTEND_CACHE_PURGE_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    # Set by tests/conftest.py for Playwright; a real deployment never has it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def run_production(args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in REQUIRED | OPTIONAL}
    clean.update(PRODUCTION_ENV)
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


SETTINGS_DUMP = """
import django, json
django.setup()
from django.conf import settings as s
print(json.dumps({
    "debug": s.DEBUG,
    "db": s.DATABASES["default"],
    "cache": s.CACHES["default"]["BACKEND"],
    "cache_location": s.CACHES["default"]["LOCATION"],
    "session_engine": s.SESSION_ENGINE,
    "email_backend": s.EMAIL_BACKEND,
    "email_host": s.EMAIL_HOST,
    "email_tls": s.EMAIL_USE_TLS,
    "tasks": s.TASKS["default"]["BACKEND"],
    "storage": s.STORAGES["default"],
    "csp": s.CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "frontend_cache": s.WAGTAILFRONTENDCACHE,
    "hsts": [s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD],
    "cookies": [s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,
                s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY],
    "ssl_redirect": s.SECURE_SSL_REDIRECT,
    "recaptcha": [s.RECAPTCHA_ENABLED, s.RECAPTCHA_PUBLIC_KEY],
    "axes_cache": s.AXES_HANDLER,
    "formatter": s.LOGGING["formatters"]["json"],
    "frame": s.X_FRAME_OPTIONS,
}, default=str))
"""


def production_settings(**env):
    result = run_production(["-c", SETTINGS_DUMP], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_reports_nothing():
    result = run_production(
        ["manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        AWS_STORAGE_BUCKET_NAME="wmhn-media",
        FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:6081",
        FORWARDED_ALLOW_IPS="127.0.0.1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_services_come_from_the_environment():
    s = production_settings(
        DATABASE_URL="postgres://wmhn:pw@db.internal:5432/wmhn",
        REDIS_URL="redis://cache.internal:6379/0",
    )

    assert s["debug"] is False
    assert s["db"]["ENGINE"] == "django.db.backends.postgresql"
    assert s["db"]["HOST"] == "db.internal"
    assert s["db"]["CONN_MAX_AGE"] == 60
    assert s["db"]["CONN_HEALTH_CHECKS"] is True
    assert s["cache"] == "django_redis.cache.RedisCache"
    assert s["cache_location"] == "redis://cache.internal:6379/0"
    assert s["session_engine"] == "django.contrib.sessions.backends.cached_db"
    assert s["axes_cache"] == "axes.handlers.cache.AxesCacheHandler"
    assert s["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert s["email_host"] == "smtp.example.org"
    assert s["email_tls"] is True
    assert s["tasks"] == "django_tasks_db.DatabaseBackend"
    assert s["recaptcha"] == [True, "public-key"]
    assert s["formatter"] == {"()": "ops.logging.JsonFormatter"}


def test_https_only_headers_and_cookies():
    s = production_settings()

    assert s["hsts"] == [31_536_000, True, True]
    assert s["cookies"] == [True, True, True, True]
    assert s["ssl_redirect"] is True
    assert s["frame"] == "DENY"


def test_recaptcha_is_allowed_by_the_csp_and_scripts_stay_strict():
    csp = production_settings()["csp"]

    assert "https://www.google.com/recaptcha/" in csp["script-src"]
    assert "https://www.gstatic.com/recaptcha/" in csp["script-src"]
    assert "https://www.google.com/recaptcha/" in csp["frame-src"]
    assert "'unsafe-inline'" not in csp["script-src"]


def test_console_email_is_refused():
    result = run_production(["-c", "import django; django.setup()"], EMAIL_URL="consolemail://")
    assert result.returncode != 0
    assert "EMAIL_URL must be an SMTP address" in result.stderr


def test_media_stays_on_disk_without_a_bucket():
    s = production_settings()
    # FileSystemStorage that cleans up and says so when the disk is full
    assert s["storage"]["BACKEND"] == "home.storage.MediaStorage"


def test_media_goes_to_s3_compatible_storage_when_configured():
    s = production_settings(
        AWS_STORAGE_BUCKET_NAME="wmhn-media",
        AWS_S3_ENDPOINT_URL="https://fra1.digitaloceanspaces.com",
        AWS_S3_CUSTOM_DOMAIN="media.wmhn.example.org",
    )

    assert s["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = s["storage"]["OPTIONS"]
    assert options["bucket_name"] == "wmhn-media"
    assert options["endpoint_url"] == "https://fra1.digitaloceanspaces.com"
    assert options["custom_domain"] == "media.wmhn.example.org"
    assert options["file_overwrite"] is False
    # Pages may show images from there.
    assert "https://media.wmhn.example.org" in s["csp"]["img-src"]


def test_frontend_cache_from_the_environment():
    assert production_settings()["frontend_cache"] == {}

    s = production_settings(
        FRONTEND_CACHE_CLOUDFLARE_TOKEN="cf-token",
        FRONTEND_CACHE_CLOUDFLARE_ZONE_ID="zone-1",
        FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:6081",
    )
    assert s["frontend_cache"] == {
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": "cf-token",
            "ZONEID": "zone-1",
        },
        "purge_url": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:6081",
        },
    }


def test_cloudflare_token_without_zone_is_refused():
    result = run_production(
        ["-c", "import django; django.setup()"], FRONTEND_CACHE_CLOUDFLARE_TOKEN="cf-token"
    )
    assert result.returncode != 0
    assert "FRONTEND_CACHE_CLOUDFLARE_ZONE_ID must be set" in result.stderr


LOG_SCRIPT = r"""
import django, logging
django.setup()
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.log import log_response

request = RequestFactory().get(
    "/join/?email=jo.bloggs%40example.org&name=Jo",
    REMOTE_ADDR="203.0.113.9",
    HTTP_X_FORWARDED_FOR="198.51.100.23, 203.0.113.9",
)
log_response("Bad Request: %s", request.get_full_path(), response=HttpResponse(status=400),
             request=request)
logging.getLogger("ballot").warning(
    "Vote refused from %s for jo.bloggs@example.org via %s", "2001:db8::7",
    "https://wmhn.example.org/vote/?code=ABC123")
try:
    raise ValueError("duplicate key (email)=(jo.bloggs@example.org) from 203.0.113.9")
except ValueError:
    logging.getLogger("django.request").exception("Internal Server Error: /join/")
"""


def test_json_log_lines_carry_no_personal_data():
    result = run_production(["-c", LOG_SCRIPT])
    assert result.returncode == 0, result.stderr

    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 3
    assert [line["level"] for line in lines] == ["WARNING", "WARNING", "ERROR"]
    assert lines[0]["logger"] == "django.request"
    assert lines[0]["message"] == "Bad Request: /join/?[query removed]"
    assert lines[0]["status_code"] == 400
    assert "request" not in lines[0]
    assert "Vote refused from [address removed] for [email removed]" in lines[1]["message"]
    assert "ValueError" in lines[2]["exc_info"]
    for personal in ("203.0.113.9", "198.51.100.23", "2001:db8::7", "jo.bloggs", "ABC123", "Jo"):
        assert personal not in result.stdout, personal


def test_gunicorn_access_lines_name_no_client():
    from ops.logging import JsonFormatter

    atoms = {
        "h": "203.0.113.9",
        "m": "POST",
        "U": "/ballot/vote/",
        "q": "ref=jo@example.org",
        "s": "302",
        "B": 0,
        "M": 12,
        "f": "https://example.org/?email=jo@example.org",
        "a": "Mozilla/5.0",
    }
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, "%(m)s %(U)s %(s)s", (atoms,), None
    )
    line = json.loads(JsonFormatter().format(record))

    assert line["message"] == "POST /ballot/vote/ 302"
    assert (line["method"], line["path"], line["status"], line["duration_ms"]) == (
        "POST",
        "/ballot/vote/",
        "302",
        12,
    )
    text = json.dumps(line)
    for personal in ("203.0.113.9", "jo@example.org", "Mozilla", "ref="):
        assert personal not in text


def test_gunicorn_config_loads_from_the_environment():
    code = (
        "import runpy, json; c = runpy.run_path('gunicorn.conf.py'); "
        "print(json.dumps([c['bind'], c['workers'], c['forwarded_allow_ips'], "
        "c['access_log_format']]))"
    )
    env = {**os.environ, "PORT": "9123", "WEB_CONCURRENCY": "3", "FORWARDED_ALLOW_IPS": "10.0.0.2"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    bind, workers, forwarded, access_format = json.loads(result.stdout)
    assert bind == "127.0.0.1:9123"
    assert workers == 3
    assert forwarded == "10.0.0.2"
    # No client address (%(h)s), query (%(q)s, %(r)s), referrer (%(f)s) or browser (%(a)s).
    for atom in ("%(h)s", "%(q)s", "%(r)s", "%(f)s", "%(a)s", "%({"):
        assert atom not in access_format


def test_gunicorn_accepts_the_config():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_publishing_purges_the_page_and_the_listings_above_it(home_page, settings, monkeypatch):
    from wagtail.contrib.frontend_cache.backends import HTTPBackend

    from tests.factories import StandardPageFactory

    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:6081",
        }
    }
    purged = []
    # The boundary: HTTPBackend would send PURGE requests over the network.
    monkeypatch.setattr(HTTPBackend, "purge", lambda self, url: purged.append(url))
    section = StandardPageFactory(parent=home_page, title="News", slug="news")
    post = StandardPageFactory(parent=section, title="Launch", slug="launch")
    purged.clear()

    post.title = "Launch day"
    post.save_revision().publish()

    assert sorted(purged) == [
        "http://localhost/",
        "http://localhost/news/",
        "http://localhost/news/launch/",
        "http://localhost/sitemap.xml",  # issue 15: the sitemap lists it too
    ]
