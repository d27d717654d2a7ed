"""`make bench`: one run, one table.

Starts gunicorn on loopback against PostgreSQL (SQLite when no server
answers), loads the demo content plus 1,000 posts and 500,000 votes, and
measures with wrk (Debian's package) and a pool of Python voters:

- requests per second and p50/p99 for the home page, a blog post, the blog
  index, the ballot page and results.json, with a static file (whitenoise)
  and an empty view through every middleware as yardsticks;
- vote POSTs per second from 20 concurrent voters, idle and while 200
  readers load pages;
- results.json at 500,000 votes over at 5,000;
- the same pages with the page cache off (a second gunicorn,
  PAGE_CACHE_SECONDS=0: what a visitor gets on a miss), and the queries each
  of issue 15's pages makes (home, post, blog index, campaign, partner,
  ballot) at 10 posts and no votes, then at 1,000 posts and 500,000 votes.

The goals from issues 6 and 15 are checked at the end; the exit code says
whether they all held. Nothing here runs in the test suite.

Two benches on one machine: BENCH_DB_NAME (default wmhn_bench),
BENCH_REDIS_URL (default redis://127.0.0.1:6379/7) and BENCH_PORT (default
8765; the uncached server takes the next port) keep them apart.
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
# Two benches on one machine need their own database and Redis db.
DB_NAME = os.environ.get("BENCH_DB_NAME", "wmhn_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")


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
    """Votes in bulk (PostgreSQL's COPY, batched inserts on SQLite) with their
    tallies added up here from the same ``tally_keys`` a real vote moves, then
    released: 500,000 votes load in about a minute, not the half hour that
    one ORM object per row and a vote-by-vote recount took."""
    import random
    import uuid
    from collections import Counter

    from django.db import connection, transaction

    from ballot.models import BallotPage, Tally, Vote, VoteChoice
    from ballot.models.votes import vote_time
    from ballot.release import release
    from ballot.voting import tally_keys, week_of
    from network.models import Organisation

    ballot = BallotPage.objects.live().order_by("pk").first()
    options = list(ballot.options.filter(hidden=False).values_list("pk", flat=True))
    channels = [None, *Organisation.objects.values_list("pk", flat=True)[:20]]
    rng = random.Random(7)
    have = Vote.objects.filter(ballot=ballot).count()
    created_at = vote_time()
    week = week_of(created_at)
    batch = 50_000
    while have < total:
        size = min(batch, total - have)
        votes, choices, counts = [], [], Counter()
        for _ in range(size):
            vote_id = uuid.uuid4()
            route = rng.choice(["online", "online", "code", "paper"])
            channel = rng.choice(channels)
            chosen = sorted(rng.sample(options, 3))
            votes.append((vote_id, ballot.pk, created_at, route, channel))
            choices += [(uuid.uuid4(), vote_id, option) for option in chosen]
            counts.update(tally_keys(route, channel, chosen, week=week))
        with transaction.atomic():
            if connection.vendor == "postgresql":
                _copy_votes(connection, votes, choices)
            else:
                Vote.objects.bulk_create(
                    (
                        Vote(id=v, ballot_id=b, created_at=t, route=r, channel_id=c)
                        for v, b, t, r, c in votes
                    ),
                    batch_size=2000,
                )
                VoteChoice.objects.bulk_create(
                    (VoteChoice(id=i, vote_id=v, option_id=o) for i, v, o in choices),
                    batch_size=2000,
                )
            stored = {t.key: t for t in Tally.objects.select_for_update().filter(ballot=ballot)}
            changed, created = [], []
            for key, count in counts.items():
                if key in stored:
                    stored[key].count += count
                    changed.append(stored[key])
                else:
                    created.append(Tally(ballot=ballot, key=key, count=count))
            Tally.objects.bulk_update(changed, ["count"], batch_size=500)
            Tally.objects.bulk_create(created, batch_size=500)
        have += size
    release(ballot)
    return ballot


def _copy_votes(connection, votes, choices):
    """COPY the rows in (psycopg 3), the fastest way PostgreSQL takes them."""
    from ballot.models import Vote, VoteChoice

    vote_table, choice_table = Vote._meta.db_table, VoteChoice._meta.db_table
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            f'COPY "{vote_table}" (id, ballot_id, created_at, route, channel_id, '
            "age_band, region, services) FROM STDIN"
        ) as copy:
            for vote_id, ballot_id, created_at, route, channel in votes:
                copy.write_row((vote_id, ballot_id, created_at, route, channel, "", "", ""))
        with raw.copy(f'COPY "{choice_table}" (id, vote_id, option_id) FROM STDIN') as copy:
            for row in choices:
                copy.write_row(row)


def settle_database():
    """Vacuum after the bulk load, as a real database would have been long
    before a launch: otherwise autovacuum steals the CPU mid-measurement."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")


def page_paths():
    """The English (default locale) pages issue 15's query goal names."""
    from wagtail.models import Locale

    from ballot.models import BallotPage
    from blog.models import BlogIndexPage, BlogPage
    from home.models import HomePage
    from network.models import CampaignPage, PartnerPage

    locale = Locale.get_default()

    def first(model, *order):
        return model.objects.live().filter(locale=locale).order_by(*(order or ["pk"])).first().url

    return {
        "home": first(HomePage),
        "blog post": first(BlogPage, "-date", "-pk"),
        "blog index": first(BlogIndexPage),
        "campaign": first(CampaignPage),
        "partner": first(PartnerPage),
        "ballot": first(BallotPage),
    }


def page_queries(paths):
    """Queries each page makes for an anonymous visitor with the page cache
    off (fragments rendered too), after one warming request."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    counts = {}
    with override_settings(PAGE_CACHE_SECONDS=0):
        for label, path in paths.items():
            client = Client(HTTP_HOST=HOST)
            client.get(path)  # warm per-process caches (site root paths)
            client.cookies.clear()
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            counts[label] = len(ctx.captured_queries)
    return counts


def results_compute_seconds(ballot, repeat=50):
    """Uncached cost of building the results, for the report (not the goal)."""
    from ballot.results import compute_results

    start = time.perf_counter()
    for _ in range(repeat):
        compute_results(ballot)
    return (time.perf_counter() - start) / repeat


# --- load ---------------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(path, seconds=DURATION, connections=16, script=None, port=PORT):
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    cmd += ["-H", "Host: 127.0.0.1"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run(
        [*cmd, f"http://{HOST}:{port}{path}"], capture_output=True, text=True, check=True
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


def wait_for_server(proc, port=PORT):
    for _ in range(100):
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/bench/empty/", headers={"Host": HOST})
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer")


def start_server(env, port):
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"{HOST}:{port}",
         "--workers", str(WORKERS), "--threads", str(THREADS), "--access-logfile", "/dev/null",
         "--error-logfile", str(ROOT / "tmp" / f"bench-gunicorn-{port}.log"),
         "--max-requests", "0"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        wait_for_server(server, port)
    except BaseException:
        stop_server(server)
        raise
    return server


def stop_server(server):
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


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
    paths = page_paths()
    few_queries = page_queries(paths)
    log(f"queries with {FEW_POSTS} posts, no votes: {few_queries}; adding posts")
    seed_posts(POSTS)

    started = time.monotonic()
    ballot = seed_votes(FEW_VOTES)
    few_compute = results_compute_seconds(ballot)
    ballot_path = ballot.url
    results_path = f"{ballot_path}results.json"

    post_path = paths["blog post"]

    from django.db import connections

    connections.close_all()
    rows, goals = [], []
    server = start_server(env, PORT)
    try:
        log(f"gunicorn: {WORKERS} workers x {THREADS} threads; results.json at {FEW_VOTES:,}")
        wrk(results_path, seconds=2)
        results_few = wrk(results_path)

        log(f"adding votes up to {VOTES:,}")
        seed_votes(VOTES)
        log(f"votes loaded in {time.monotonic() - started:,.0f} s")
        settle_database()
        many_compute = results_compute_seconds(ballot)
        many_queries = page_queries(paths)
        log(f"queries with {POSTS} posts, {VOTES:,} votes: {many_queries}")
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
        stop_server(server)

    # The same pages with the page cache (and fragments) off: what a visitor
    # gets on a miss, right after a publish.
    uncached_env = {**env, "PAGE_CACHE_SECONDS": "0"}
    server = start_server(uncached_env, PORT + 1)
    try:
        for label, path in paths.items():
            wrk(path, seconds=1, port=PORT + 1)
            result = wrk(path, port=PORT + 1)
            log(f"{label}, uncached: {result['rps']:,.0f} req/s")
            rows.append((f"{label}, uncached", result))
    finally:
        stop_server(server)

    cached_labels = ["home page", "blog post", "blog index"]
    empty_rps = measured["empty view (all middleware)"]["rps"]
    results_ratio = measured["results.json"]["p50"] / results_few["p50"]
    vote_ratio = loaded["p95"] / idle["p95"]
    all_errors = sum(r.get("errors", 0) for _, r in rows) + results_few["errors"]

    for label in cached_labels:
        ratio = measured[label]["rps"] / empty_rps
        goals.append((f"{label} rate / empty view rate >= 0.7", ratio, ratio >= 0.7))
    goals.append(
        (
            f"results.json p50 at {VOTES:,} / at {FEW_VOTES:,} <= 1.5",
            results_ratio,
            results_ratio <= 1.5,
        )
    )
    for label in paths:
        many = many_queries[label]
        goals.append((f"{label} queries (uncached) <= 12", many, many <= 12))
        goals.append(
            (
                f"{label} queries at {POSTS} posts, {VOTES:,} votes / at {FEW_POSTS}, none == 1",
                many / few_queries[label],
                many == few_queries[label],
            )
        )
    goals += [
        ("vote p95 with readers / idle <= 2", vote_ratio, vote_ratio <= 2),
        ("errors anywhere == 0", all_errors, all_errors == 0),
    ]

    lines = [
        f"Machine: {machine()}; load average {load_average()}; {database_name}, "
        f"{'Redis' if redis_url else 'local-memory'} cache, "
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
        "Queries per page, anonymous, page cache off: "
        + ", ".join(f"{label} {few_queries[label]} -> {many_queries[label]}" for label in paths)
        + f" ({FEW_POSTS} posts and no votes -> {POSTS} posts and {VOTES:,} votes).",
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


def load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


if __name__ == "__main__":
    sys.exit(main())
