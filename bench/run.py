"""`make bench`: one run, one table.

Starts gunicorn on loopback against PostgreSQL (SQLite when no server
answers), loads the demo content plus 1,000 posts and 500,000 votes, and
measures with wrk (Debian's package) and a pool of Python voters:

- requests per second and p50/p99 for the home page, a blog post, the blog
  index, the ballot page and results.json, with a static file (whitenoise)
  and an empty view through every middleware as yardsticks;
- vote POSTs per second from 20 concurrent voters, idle and while 200
  readers load pages;
- results.json at 500,000 votes over at 5,000, and the blog index's query
  count at 1,000 posts over at 10.

The goals from issue 6 are checked at the end; the exit code says whether
they all held. Nothing here runs in the test suite.
"""

import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
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


def log(message):
    print(f"[bench] {message}", flush=True)


# --- environment -------------------------------------------------------------


def pick_database():
    """A fresh PostgreSQL database when a server answers, else a SQLite file."""
    try:
        import psycopg

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True, connect_timeout=3
        ) as conn:
            conn.execute("DROP DATABASE IF EXISTS wmhn_bench WITH (FORCE)")
            conn.execute("CREATE DATABASE wmhn_bench")
        return "postgres://postgres@127.0.0.1:5432/wmhn_bench", "PostgreSQL"
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        log(f"PostgreSQL not reachable ({exc.__class__.__name__}); using SQLite")
        path = ROOT / "tmp" / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}", "SQLite"


def pick_redis():
    try:
        import redis

        client = redis.Redis.from_url("redis://127.0.0.1:6379/7", socket_connect_timeout=2)
        client.flushdb()
        return "redis://127.0.0.1:6379/7"
    except Exception:  # noqa: BLE001
        log("Redis not reachable; cache in local memory (per worker)")
        return ""


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


# --- seeding (in this process, through the ORM) -----------------------------


def seed_posts(total):
    """Posts like the demo's (author, category, tag, picture), so a page of the
    index costs the same whichever posts are on it."""
    from blog.models import BlogIndexPage, BlogPage, BlogPageAuthor

    index = BlogIndexPage.objects.live().first()
    model = BlogPage.objects.live().exclude(featured_image=None).first()
    author = model.post_authors.first().author
    category = model.categories.first()
    have = BlogPage.objects.count()
    for n in range(have, total):
        post = BlogPage(
            title=f"Bench post {n}",
            slug=f"bench-post-{n}",
            intro="A post made by the benchmark to fill the blog index.",
            featured_image=model.featured_image,
            featured_image_alt="A demo picture",
        )
        index.add_child(instance=post)
        BlogPageAuthor.objects.create(page=post, author=author)
        post.categories.add(category)
        post.tags.add("bench")
        post.save()


def seed_votes(total):
    """Votes in bulk, then the stored tallies recounted from them."""
    import random

    from django.core.management import call_command
    from django.db import transaction

    from ballot.models import BallotPage, Vote, VoteChoice
    from network.models import Organisation

    ballot = BallotPage.objects.live().first()
    options = list(ballot.options.filter(hidden=False).values_list("pk", flat=True))
    channels = [None, *Organisation.objects.values_list("pk", flat=True)[:20]]
    rng = random.Random(7)
    have = Vote.objects.filter(ballot=ballot).count()
    batch = 10_000
    while have < total:
        size = min(batch, total - have)
        with transaction.atomic():
            votes = Vote.objects.bulk_create(
                Vote(
                    ballot=ballot,
                    route=rng.choice(["online", "online", "code", "paper"]),
                    channel_id=rng.choice(channels),
                )
                for _ in range(size)
            )
            VoteChoice.objects.bulk_create(
                VoteChoice(vote=vote, option_id=option)
                for vote in votes
                for option in rng.sample(options, 3)
            )
        have += size
    call_command("recount_ballot", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return ballot


def settle_database():
    """Vacuum after the bulk load, as a real database would have been long
    before a launch: otherwise autovacuum steals the CPU mid-measurement."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")


def blog_index_queries():
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    cache.clear()
    client.get("/blog/")  # warm per-process caches (site root paths)
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/blog/")
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


def results_compute_seconds(ballot, repeat=50):
    """Uncached cost of building the results, for the report (not the goal)."""
    from ballot.results import compute_results

    start = time.perf_counter()
    for _ in range(repeat):
        compute_results(ballot)
    return (time.perf_counter() - start) / repeat


# --- load ---------------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(path, seconds=DURATION, connections=16, script=None):
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    cmd += ["-H", "Host: 127.0.0.1"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run(
        [*cmd, f"http://{HOST}:{PORT}{path}"], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {}
    for line in out.splitlines():
        match = re.match(r"\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", line)
        if match:
            latency[match.group(1)] = float(match.group(2)) * UNITS[match.group(3)]
    errors = 0
    match = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if match:
        errors += int(match.group(1))
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if match:
        errors += sum(int(x) for x in match.groups())
    return {"rps": rps, "p50": latency.get("50"), "p99": latency.get("99"), "errors": errors}


READER_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
delay = function()
  return %d
end
"""


class Voter(threading.Thread):
    """One woman after another on fresh devices: load the ballot, choose 3, send."""

    def __init__(self, ballot_path, until, results):
        super().__init__(daemon=True)
        self.ballot_path, self.until, self.results = ballot_path, until, results

    def run(self):
        import random

        rng = random.Random()
        while time.monotonic() < self.until:
            try:
                conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
                conn.request("GET", self.ballot_path, headers={"Host": HOST})
                page = conn.getresponse()
                html = page.read().decode()
                cookie = page.getheader("Set-Cookie", "").split(";")[0]
                fields = dict(
                    re.findall(r'name="(csrfmiddlewaretoken|form_token)" value="([^"]+)"', html)
                )
                options = re.findall(r'name="options" value="(\d+)"', html)
                body = urllib.parse.urlencode(
                    [*fields.items(), *(("options", o) for o in rng.sample(options, 3))]
                )
                start = time.perf_counter()
                conn.request(
                    "POST",
                    self.ballot_path,
                    body=body,
                    headers={
                        "Host": HOST,
                        "Cookie": cookie,
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Referer": f"http://{HOST}:{PORT}{self.ballot_path}",
                    },
                )
                reply = conn.getresponse()
                reply.read()
                elapsed = (time.perf_counter() - start) * 1000
                ok = reply.status == 303 and "thanks" in (reply.getheader("Location") or "")
                self.results.append((ok, elapsed))
                conn.close()
            except Exception:  # noqa: BLE001 - counted as an error
                self.results.append((False, 0.0))


def vote_load(ballot_path, seconds):
    results = []
    until = time.monotonic() + seconds
    voters = [Voter(ballot_path, until, results) for _ in range(VOTERS)]
    for voter in voters:
        voter.start()
    for voter in voters:
        voter.join()
    times = sorted(t for ok, t in results if ok)
    errors = sum(1 for ok, _ in results if not ok)
    pct = statistics.quantiles(times, n=100) if len(times) > 2 else [0.0] * 99
    return {
        "rps": len(times) / seconds,
        "p50": pct[49],
        "p95": pct[94],
        "p99": pct[98],
        "errors": errors,
        "accepted": len(times),
    }


# --- main ------------------------------------------------------------------


def wait_for_server(proc):
    for _ in range(100):
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            conn = http.client.HTTPConnection(HOST, PORT, timeout=2)
            conn.request("GET", "/bench/empty/", headers={"Host": HOST})
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer")


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


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    (ROOT / "tmp").mkdir(exist_ok=True)
    database_url, database_name = pick_database()
    redis_url = pick_redis()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
    }
    os.environ.update(env)
    log(f"database: {database_name}; cache: {'Redis' if redis_url else 'local memory'}")
    manage("migrate", "--noinput", "-v0", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    manage("load_demo_content", env=env)

    import django

    django.setup()

    seed_posts(FEW_POSTS)
    few_queries = blog_index_queries()
    log(f"blog index with {FEW_POSTS} posts: {few_queries} queries; adding posts")
    seed_posts(POSTS)
    many_queries = blog_index_queries()
    log(f"blog index with {POSTS} posts: {many_queries} queries")

    ballot = seed_votes(FEW_VOTES)
    few_compute = results_compute_seconds(ballot)
    ballot_path = ballot.url
    results_path = f"{ballot_path}results.json"

    from blog.models import BlogPage

    post_path = BlogPage.objects.live().order_by("-date", "-pk").first().url

    from django.db import connections

    connections.close_all()
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"{HOST}:{PORT}",
            "--workers",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            str(ROOT / "tmp" / "bench-gunicorn.log"),
            "--max-requests",
            "0",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    rows, goals = [], []
    try:
        wait_for_server(server)
        log(f"gunicorn: {WORKERS} workers x {THREADS} threads; results.json at {FEW_VOTES:,}")
        wrk(results_path, seconds=2)
        results_few = wrk(results_path)

        log(f"adding votes up to {VOTES:,}")
        seed_votes(VOTES)
        settle_database()
        many_compute = results_compute_seconds(ballot)
        connections.close_all()
        from django.core.cache import cache

        cache.clear()

        from django.contrib.staticfiles.storage import staticfiles_storage

        static_path = staticfiles_storage.url("css/site.css")
        targets = [
            ("home page", "/"),
            ("blog post", post_path),
            ("blog index", "/blog/"),
            ("ballot page", ballot_path),
            ("results.json", results_path),
            ("static file (whitenoise)", static_path),
            ("empty view (all middleware)", "/bench/empty/"),
        ]
        measured = {}
        for label, path in targets:
            wrk(path, seconds=1)  # warm: the first view fills the page cache
            measured[label] = wrk(path)
            log(f"{label}: {measured[label]['rps']:,.0f} req/s")
            rows.append((label, measured[label]))

        log(f"votes, idle: {VOTERS} voters")
        idle = vote_load(ballot_path, DURATION * 2)
        rows.append((f"vote POST, {VOTERS} voters, idle", idle))

        log(f"votes while {READERS} readers load pages")
        reader_paths = ", ".join(f'"{p}"' for p in ["/", post_path, "/blog/", results_path])
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(READER_SCRIPT % (reader_paths, READER_THINK_MS))
        readers_out = {}
        reader_thread = threading.Thread(
            target=lambda: readers_out.update(
                wrk("/", seconds=DURATION * 2 + 4, connections=READERS, script=script.name)
            )
        )
        reader_thread.start()
        time.sleep(2)
        loaded = vote_load(ballot_path, DURATION * 2)
        reader_thread.join()
        os.unlink(script.name)
        rows.append((f"vote POST, {VOTERS} voters, {READERS} readers", loaded))
        rows.append((f"{READERS} readers ({READER_THINK_MS} ms reading time)", readers_out))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    cached_labels = ["home page", "blog post", "blog index"]
    empty_rps = measured["empty view (all middleware)"]["rps"]
    results_ratio = measured["results.json"]["p50"] / results_few["p50"]
    query_ratio = many_queries / few_queries
    vote_ratio = loaded["p95"] / idle["p95"]
    all_errors = sum(r.get("errors", 0) for _, r in rows) + results_few["errors"]

    for label in cached_labels:
        ratio = measured[label]["rps"] / empty_rps
        goals.append((f"{label} rate / empty view rate >= 0.7", ratio, ratio >= 0.7))
    goals += [
        (
            f"results.json p50 at {VOTES:,} / at {FEW_VOTES:,} <= 1.5",
            results_ratio,
            results_ratio <= 1.5,
        ),
        (
            f"blog index queries at {POSTS} / at {FEW_POSTS} posts == 1",
            query_ratio,
            query_ratio == 1,
        ),
        ("vote p95 with readers / idle <= 2", vote_ratio, vote_ratio <= 2),
        ("errors anywhere == 0", all_errors, all_errors == 0),
    ]

    lines = [
        f"Machine: {machine()}; {database_name}, {'Redis' if redis_url else 'local-memory'} cache, "
        f"gunicorn {WORKERS} workers x {THREADS} threads, "
        f"wrk 2 threads x 16 connections, {DURATION} s each.",
        "",
        "| what | req/s | p50 ms | p99 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for label, r in rows:
        cells = [fmt(r["rps"]), fmt(r["p50"], 2), fmt(r["p99"], 2), str(r["errors"])]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"Votes accepted: idle {idle['accepted']}, with readers {loaded['accepted']}; "
        f"vote p95 idle {idle['p95']:.1f} ms, with readers {loaded['p95']:.1f} ms.",
        f"results.json p50: {results_few['p50']:.2f} ms at {FEW_VOTES:,} votes, "
        f"{measured['results.json']['p50']:.2f} ms at {VOTES:,}; building results uncached: "
        f"{few_compute * 1000:.2f} ms at {FEW_VOTES:,}, {many_compute * 1000:.2f} ms at {VOTES:,}.",
        f"Blog index queries: {few_queries} at {FEW_POSTS} posts, {many_queries} at {POSTS}.",
        "",
        "| goal | measured | held |",
        "| --- | ---: | --- |",
    ]
    for label, value, held in goals:
        lines.append(f"| {label} | {value:.2f} | {'yes' if held else 'NO'} |")
    table = "\n".join(lines)
    print("\n" + table)
    (ROOT / "tmp" / "bench-results.md").write_text(table + "\n")
    return 0 if all(held for _, _, held in goals) else 1


if __name__ == "__main__":
    sys.exit(main())
