"""The suite's load test (tests/reliability/test_load.py): bench's settings
(DEBUG off, page cache, per-address vote limit off, since every simulated
voter comes from 127.0.0.1) with what a test run has instead of a deploy:
static files found in place (no collectstatic, no manifest), uploads in the
test media folder the test process writes to, and caches in local memory."""

from .bench import *  # noqa: F403
from .bench import BASE_DIR, STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = BASE_DIR / "tmp" / "static"
MEDIA_ROOT = BASE_DIR / "tmp" / "test-media"
