"""`make bench`: production-like (DEBUG off, page cache, Redis when reachable,
hashed static files) on loopback, without the outside services production
requires (SMTP, reCAPTCHA) and with the per-address vote limit off, since every
simulated voter comes from 127.0.0.1."""

from .base import *  # noqa: F403
from .base import BASE_DIR, LOGGING

DEBUG = False
SECRET_KEY = "bench-only-secret-key-never-used-elsewhere"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "config.urls_bench"
STATIC_ROOT = BASE_DIR / "tmp" / "bench-static"
MEDIA_ROOT = BASE_DIR / "tmp" / "bench-media"
SERVE_MEDIA = True
BALLOT_IP_LIMIT = 0
RECAPTCHA_PUBLIC_KEY = RECAPTCHA_PRIVATE_KEY = ""
RECAPTCHA_ENABLED = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "axes.W001"]  # noqa: F405
