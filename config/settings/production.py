"""Production: refuses to start without what it needs.

Required: SECRET_KEY, ALLOWED_HOSTS, SITE_URL (https), DATABASE_URL (PostgreSQL), REDIS_URL,
EMAIL_URL (SMTP), RECAPTCHA_PUBLIC_KEY and RECAPTCHA_PRIVATE_KEY.
Optional: S3-compatible media storage (AWS_STORAGE_BUCKET_NAME and
friends), a CDN to purge on publish (FRONTEND_CACHE_*). docs/deploy.md
walks through every variable.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    CSP_EXTRA_FRAME_SRC,
    CSP_MEDIA_ORIGINS,
    DATABASES,
    LOGGING,
    REDIS_TIMEOUT_SECONDS,
    content_security_policy,
    env,
    redis_caches,
)


def require(name):
    """Read a setting that has no safe default, naming it when it is missing."""
    value = env.str(name, default="").strip()
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be set for production settings."
        )
    return value


DEBUG = False
SECRET_KEY = require("SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in require("ALLOWED_HOSTS").split(",") if host.strip()]
# The public address on code cards, share links, feeds and emails: never a
# guess from a request's Host header, and always https.
SITE_URL = require("SITE_URL")
if not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        f"SITE_URL must start with https:// in production, not {SITE_URL!r}."
    )

# --- Database: PostgreSQL, persistent connections with health checks ------
# base reads DATABASE_URL and sets CONN_MAX_AGE (default 60 s)
# and CONN_HEALTH_CHECKS; here it is required rather than defaulting to SQLite.
require("DATABASE_URL")
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )

# --- Redis: cache, sessions, rate limits and sign-in attempts -------------
# base switches everything to django-redis when REDIS_URL is set; several
# app servers must share it, so it is required.
REDIS_URL = require("REDIS_URL")
# Redis is optional at run time: pages render uncached, sessions read from
# the database and limits count per process while it is away (config.builders.redis_caches).
CACHES = redis_caches(REDIS_URL, REDIS_TIMEOUT_SECONDS)
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
RATE_LIMIT_CACHE = "ratelimit"

# --- Email: SMTP, sent by the tasks worker --------------------------------
require("EMAIL_URL")
EMAIL_CONFIG = env.email_url("EMAIL_URL")
if not EMAIL_CONFIG["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
    raise ImproperlyConfigured(
        "EMAIL_URL must be an SMTP address in production, e.g. smtp+tls://user:pass@host:587."
    )
vars().update(EMAIL_CONFIG)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# Tasks (member emails, CDN purges) wait in the database until a worker
# runs them: `manage.py db_worker` (see docs/deploy.md). A failed SMTP send
# then never fails the visitor's request.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- reCAPTCHA: required on public forms ----------------------------------
RECAPTCHA_PUBLIC_KEY = require("RECAPTCHA_PUBLIC_KEY")
RECAPTCHA_PRIVATE_KEY = require("RECAPTCHA_PRIVATE_KEY")
RECAPTCHA_ENABLED = True

# --- Media in S3-compatible object storage, when configured ---------------
# Static files stay with whitenoise (content-hashed, cached by the CDN).
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default="")
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="")
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN or None,
            # Keys come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, read by boto3.
            "file_overwrite": False,
            "default_acl": env.str("AWS_DEFAULT_ACL", default="") or None,
            # Images are public; unsigned URLs can be cached by the CDN.
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
        },
    }
    # Documents go through Django so collection privacy is always checked.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"
    if AWS_S3_CUSTOM_DOMAIN:
        media_origin = f"https://{AWS_S3_CUSTOM_DOMAIN}"
    elif AWS_S3_ENDPOINT_URL:
        media_origin = AWS_S3_ENDPOINT_URL.rstrip("/")
    else:
        media_origin = f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
    CSP_MEDIA_ORIGINS = [*CSP_MEDIA_ORIGINS, media_origin]
SERVE_MEDIA = False

# --- Security headers: HTTPS only ----------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True
# Wagtail's preview views set SAMEORIGIN on themselves for the editor's
# preview panel; everything else refuses to be framed.
X_FRAME_OPTIONS = "DENY"
# Rebuilt with reCAPTCHA on and the media origin.
CONTENT_SECURITY_POLICY = content_security_policy(
    media=CSP_MEDIA_ORIGINS, frames=CSP_EXTRA_FRAME_SRC, recaptcha=RECAPTCHA_ENABLED
)
ADMIN_CONTENT_SECURITY_POLICY = content_security_policy(
    admin=True, media=CSP_MEDIA_ORIGINS, frames=CSP_EXTRA_FRAME_SRC, recaptcha=RECAPTCHA_ENABLED
)

# --- Frontend cache (CDN) purged when pages are published -----------------
# Cloudflare (API token with Cache Purge permission and the zone id), or any
# cache that accepts HTTP PURGE requests (Varnish, nginx with a purge
# module, Fastly) at FRONTEND_CACHE_PURGE_URL. Both may be set.
WAGTAILFRONTENDCACHE = {}
if env.str("FRONTEND_CACHE_CLOUDFLARE_TOKEN", default=""):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env.str("FRONTEND_CACHE_CLOUDFLARE_TOKEN"),
        "ZONEID": require("FRONTEND_CACHE_CLOUDFLARE_ZONE_ID"),
    }
if env.str("FRONTEND_CACHE_PURGE_URL", default=""):
    WAGTAILFRONTENDCACHE["purge_url"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env.str("FRONTEND_CACHE_PURGE_URL"),
    }

# --- Logging: JSON lines on stdout, no personal data ----------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "ops.logging.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # Replace Django's defaults (which may email request details) so
        # everything reaches the one JSON handler through the root.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": [], "propagate": True},
        **LOGGING.get("loggers", {}),
    },
}
