"""Carrying on without Redis, and saying so once a minute rather than per request.

Redis holds copies (pages, fragments, results, sessions) and counters (rate
limits, sign-in attempts). While it is unreachable the site serves every page
uncached, reads sessions from the database and counts limits in each process
(home/ratelimit.py); when it answers again the next request uses it, with no
restart. A log line per request would bury the logs at exactly the moment
someone reads them, so the warnings here pass at most once a minute per message.
"""

import logging
import threading
import time

INTERVAL_SECONDS = 60
REDIS_LOGGER = "home.degraded.redis"  # settings.DJANGO_REDIS_LOGGER

logger = logging.getLogger(__name__)


class OncePerMinute(logging.Filter):
    """Let a message through, then drop the same message for a minute."""

    def __init__(self, interval=INTERVAL_SECONDS):
        super().__init__()
        self.interval = interval
        self.lock = threading.Lock()
        self.last = {}

    def filter(self, record):
        key = (record.name, record.msg)
        now = time.monotonic()
        with self.lock:
            if now - self.last.get(key, -self.interval - 1) < self.interval:
                return False
            self.last[key] = now
        return True


_warnings = OncePerMinute()


def warn(message, error):
    """Log ``message`` with the error's class (never its text: it may hold an
    address or a key), at most once a minute."""
    record = logger.makeRecord(
        logger.name, logging.WARNING, __file__, 0, message, (type(error).__name__,), None
    )
    if logger.isEnabledFor(logging.WARNING) and _warnings.filter(record):
        logger.handle(record)


def install():
    """Throttle django-redis's 'Exception ignored' lines (AppConfig.ready)."""
    redis_logger = logging.getLogger(REDIS_LOGGER)
    if not any(isinstance(f, OncePerMinute) for f in redis_logger.filters):
        redis_logger.addFilter(OncePerMinute())
