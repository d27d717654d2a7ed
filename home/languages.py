"""The language stored with a person (a member, a follower) and used for what
is sent to them later, away from any request (issue 12)."""

from django.conf import settings
from django.utils import translation


def site_language(code):
    """``code`` if it is one of the site's languages (settings.LANGUAGES), else ""
    (the site's default): nothing else a request says is stored."""
    return code if code in {known for known, _name in settings.LANGUAGES} else ""


def in_language(code):
    """Render in a stored language ("" is the site's default), whatever the
    current request or worker has active."""
    return translation.override(site_language(code) or settings.LANGUAGE_CODE)
