"""Test settings: fast hashing, emails to the outbox, a file SQLite database.

The SQLite test database is a file, not memory, so tests that post from
several threads (and the live server of browser tests) see real WAL
behaviour, the same as a laptop running `make run`.
"""

import os
import urllib.parse

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, REDIS_TIMEOUT_SECONDS, REDIS_URL, env, redis_caches

DEBUG = False
SECRET_KEY = "test-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
(BASE_DIR / "tmp").mkdir(exist_ok=True)
# pytest-xdist runs the suite in two worker processes (`make test`), each with
# its own test database (pytest-django adds the worker's name) and its own
# media folder, so one worker's demo build or deleted file is never another's.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
MEDIA_ROOT = BASE_DIR / "tmp" / f"test-media{'-' + XDIST_WORKER if XDIST_WORKER else ''}"
if REDIS_URL and XDIST_WORKER:
    # Clearing a cache empties its whole Redis database, so each worker has
    # its own: REDIS_URL's number plus the worker's (gw0 +0, gw1 +1).
    _url = urllib.parse.urlsplit(REDIS_URL)
    _db = int(_url.path.strip("/") or 0) + int(XDIST_WORKER.removeprefix("gw"))
    REDIS_URL = _url._replace(path=f"/{_db}").geturl()
    CACHES = redis_caches(REDIS_URL, REDIS_TIMEOUT_SECONDS)
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
