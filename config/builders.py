"""Functions that compute settings from a few values: the settings modules
(config/settings/) call them, and hold every value themselves.

Kept out of base.py so it reads as the list of defaults. Importing this
module sets nothing; ``base`` imports the names, so ``from .base import
redis_caches`` keeps working for the other settings modules and tests.
"""


def redis_caches(url, timeout):
    """Two aliases on one Redis. ``default`` (pages, fragments, results,
    session copies, sign-in attempts) treats Redis as optional: while it is
    unreachable a read is a miss and a write is skipped, logged at most once a
    minute (home/degraded.py), and everything carries on uncached.
    ``ratelimit`` raises instead, so home/ratelimit.py knows to count in the
    process with its smaller fallback limit rather than count nothing."""
    options = {
        "CLIENT_CLASS": "django_redis.client.DefaultClient",
        "SOCKET_CONNECT_TIMEOUT": timeout,
        "SOCKET_TIMEOUT": timeout,
    }
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {**options, "IGNORE_EXCEPTIONS": True},
            "KEY_PREFIX": "wmhn",
        },
        "ratelimit": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": options,
            "KEY_PREFIX": "wmhn",
        },
    }


def content_security_policy(*, admin=False, media=(), frames=(), recaptcha=False):
    """CSP directives: base.py builds the site's and the admin's, production.py
    builds them again with its media origin. ``recaptcha`` adds Google's
    reCAPTCHA origins (the settings' RECAPTCHA_ENABLED)."""
    from csp.constants import NONE, SELF, UNSAFE_INLINE

    from ops.csp import ERROR_PAGE_STYLE_HASH, RECAPTCHA_ORIGINS, VIDEO_EMBED_ORIGINS

    google = RECAPTCHA_ORIGINS if recaptcha else []
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            # Wagtail 8's admin still writes inline scripts (date pickers,
            # inline panels) and styles; the public site has none.
            "script-src": [SELF, *google, *([UNSAFE_INLINE] if admin else [])],
            "style-src": [SELF, UNSAFE_INLINE if admin else ERROR_PAGE_STYLE_HASH],
            # style="width: 40%" on result bars is data, not code; with images
            # limited to this site, CSS cannot carry anything away.
            "style-src-attr": [UNSAFE_INLINE],
            "img-src": [SELF, "data:", *(["blob:"] if admin else []), *media],
            "font-src": [SELF, "data:"] if admin else [SELF],
            "connect-src": [SELF, *google],
            "media-src": [SELF, *media],
            "frame-src": [SELF, *VIDEO_EMBED_ORIGINS, *google, *frames],
            # Like X-Frame-Options: only the admin's preview panel frames a page.
            "frame-ancestors": [SELF] if admin else [NONE],
            "form-action": [SELF],
            "base-uri": [SELF],
            "object-src": [NONE],
        }
    }
