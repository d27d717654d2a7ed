"""Settings come from the environment; production refuses to start without secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


# Everything production requires besides the two secrets the cases below vary.
PRODUCTION_SERVICES = {
    "DATABASE_URL": "postgres://wmhn@127.0.0.1:5432/wmhn",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
    "RECAPTCHA_PUBLIC_KEY": "public-key",
    "RECAPTCHA_PRIVATE_KEY": "private-key",
    "SITE_URL": "https://wmhn.example.org",
}
REQUIRED = {"SECRET_KEY", "ALLOWED_HOSTS", *PRODUCTION_SERVICES}


def load_production(**env):
    clean = {k: v for k, v in os.environ.items() if k not in REQUIRED}
    clean.update(PRODUCTION_SERVICES)
    clean.update(env)
    clean = {k: v for k, v in clean.items() if v is not None}
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"ALLOWED_HOSTS": "example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": "  ", "ALLOWED_HOSTS": "example.org"}, "SECRET_KEY"),
        *(
            ({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org", name: None}, name)
            for name in PRODUCTION_SERVICES
        ),
    ],
)
def test_production_refuses_missing_secret(env, missing):
    result = load_production(**env)

    assert result.returncode != 0
    assert f"The environment variable {missing} must be set" in result.stderr


def test_production_refuses_a_site_url_without_https():
    result = load_production(
        SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org", SITE_URL="http://wmhn.example.org"
    )

    assert result.returncode != 0
    assert "SITE_URL must start with https://" in result.stderr


def test_production_starts_with_secrets():
    result = load_production(SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_sqlite_is_tuned_for_concurrent_writers(settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite tuning applies only on SQLite")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_redis_url_switches_cache_and_sessions():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.CACHES['default']['BACKEND'], s.SESSION_ENGINE]))"
    )
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/1"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert '"django_redis.cache.RedisCache"' in result.stdout
    assert "sessions.backends.cached_db" in result.stdout


def test_ensure_admin_refuses_without_debug(settings):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with local development settings"):
        call_command("ensure_admin")


@pytest.mark.django_db
def test_ensure_admin_creates_account_once(settings, monkeypatch):
    import io

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    settings.DEBUG = True
    monkeypatch.setenv("ADMIN_PASSWORD", "a-local-password")
    first, second = io.StringIO(), io.StringIO()
    call_command("ensure_admin", stdout=first)
    call_command("ensure_admin", stdout=second)

    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password("a-local-password")
    assert "a-local-password" in first.getvalue()
    assert "a-local-password" not in second.getvalue()
