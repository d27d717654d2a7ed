"""Settings of a bench run, read from the environment, and the machine it runs on.

Two benches on one machine: BENCH_DB_NAME (default wmhn_bench),
BENCH_REDIS_URL (default redis://127.0.0.1:6379/7) and BENCH_PORT (default
8765; the uncached server takes the next port) keep them apart.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8765"))
HOST = "127.0.0.1"
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
# Threaded workers (gthread) wait for a slow client's request in a poller, not
# in a worker: a reader who has connected but not yet asked holds nothing up.
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
DURATION = int(os.environ.get("BENCH_SECONDS", "8"))
POSTS, FEW_POSTS = 1000, 10
VOTES, FEW_VOTES = 500_000, 5_000
VOTERS, READERS = 20, 200
# A reader is a person: she loads a page, then reads it for a while.
READER_THINK_MS = int(os.environ.get("BENCH_READER_THINK_MS", "1000"))
# Two benches on one machine need their own database and Redis db.
DB_NAME = os.environ.get("BENCH_DB_NAME", "wmhn_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")


def log(message):
    print(f"[bench] {message}", flush=True)


def pick_database():
    """A fresh PostgreSQL database when a server answers, else a SQLite file."""
    try:
        import psycopg

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True, connect_timeout=3
        ) as conn:
            if not re.fullmatch(r"[a-z_][a-z0-9_]*", DB_NAME):
                raise SystemExit(f"BENCH_DB_NAME must be a plain name, not {DB_NAME!r}")
            conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {DB_NAME}")
        return f"postgres://postgres@127.0.0.1:5432/{DB_NAME}", "PostgreSQL"
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        log(f"PostgreSQL not reachable ({exc.__class__.__name__}); using SQLite")
        path = ROOT / "tmp" / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}", "SQLite"


def pick_redis():
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        client.flushdb()
        return REDIS_URL
    except Exception:  # noqa: BLE001
        log("Redis not reachable; cache in local memory (per worker)")
        return ""


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def machine():
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = int(Path("/proc/meminfo").read_text().split()[1]) // (1024 * 1024)
    return f"{os.cpu_count()} cores ({cpu}), {mem} GiB"


def fmt(value, digits=1):
    return "-" if value is None else f"{value:,.{digits}f}"


def load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])
