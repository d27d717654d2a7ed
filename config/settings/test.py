"""Test settings: fast hashing, emails to the outbox, a file SQLite database.

The SQLite test database is a file, not memory, so tests that post from
several threads (and the live server of browser tests) see real WAL
behaviour, the same as a laptop running `make run`.
"""

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, env

DEBUG = False
SECRET_KEY = "test-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
(BASE_DIR / "tmp").mkdir(exist_ok=True)
MEDIA_ROOT = BASE_DIR / "tmp" / "test-media"
STATIC_ROOT = BASE_DIR / "tmp" / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "tmp" / "test.sqlite3")}
RECAPTCHA_PUBLIC_KEY = env.str("RECAPTCHA_PUBLIC_KEY", default="")
RECAPTCHA_PRIVATE_KEY = env.str("RECAPTCHA_PRIVATE_KEY", default="")
SITE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = SITE_URL
SERVE_MEDIA = True
# Tests see fresh renders; tests/home/test_page_cache.py turns the cache on.
PAGE_CACHE_SECONDS = 0
# Tests read results straight after voting.
BALLOT_RESULTS_CACHE_SECONDS = 0
