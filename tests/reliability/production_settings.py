"""config.settings.production as the reliability tests start it (issue 15).

Everything production reads from its environment is given by the test; only
two things differ, because a test machine has no outside services and no
deploy step: reCAPTCHA is off (Google cannot be reached from here; the brief
allows it stubbed) and static files are found in place (no collectstatic).
"""

from config.settings.production import *  # noqa: F403
from config.settings.production import BASE_DIR, STORAGES

RECAPTCHA_ENABLED = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = BASE_DIR / "tmp" / "static"
