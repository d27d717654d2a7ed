"""gunicorn settings, from the environment (see docs/deploy.md).

    gunicorn -c gunicorn.conf.py config.wsgi

PORT / BIND          where to listen (default 127.0.0.1:8000; a reverse proxy
                     sits in front)
WEB_CONCURRENCY      worker processes (default 2 x cores + 1)
GUNICORN_THREADS     threads per worker (default 1: plain sync workers)
GUNICORN_TIMEOUT     seconds before a stuck worker is restarted (default 30)
FORWARDED_ALLOW_IPS  addresses/networks of our proxies, comma-separated.
                     gunicorn trusts their X-Forwarded-Proto (default
                     127.0.0.1,::1: a proxy on the same machine); the app
                     reads the same variable (default: none) and believes
                     X-Forwarded-For only from these peers (home/ratelimit.py).
                     Set it explicitly, so both agree.

Logs are JSON lines on stdout. The access log keeps method, path (without
the query string), status, size and time: no client address, query,
referrer or browser.
"""

import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "config.wsgi:application"
bind = os.environ.get("BIND") or f"127.0.0.1:{_int('PORT', 8000)}"
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5
# Restart each worker now and then so a slow leak never builds up.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proxy_allow_ips = forwarded_allow_ips

accesslog = "-"
errorlog = "-"
access_log_format = "%(m)s %(U)s %(s)s %(B)s %(M)sms"
logconfig_dict = {
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
    "root": {"level": "INFO", "handlers": []},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    },
}
