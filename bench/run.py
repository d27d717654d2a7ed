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

import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

# Run as a script (`python bench/run.py`): the project root on the path, for
# the bench package and the apps it seeds through.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.conf import (  # noqa: E402
    DURATION,
    FEW_POSTS,
    FEW_VOTES,
    PORT,
    POSTS,
    READER_THINK_MS,
    READERS,
    THREADS,
    VOTERS,
    VOTES,
    WORKERS,
    fmt,
    load_average,
    log,
    machine,
    manage,
    pick_database,
    pick_redis,
)
from bench.load import READER_SCRIPT, start_server, stop_server, vote_load, wrk  # noqa: E402
from bench.seed import (  # noqa: E402
    page_paths,
    page_queries,
    results_compute_seconds,
    seed_posts,
    seed_votes,
    settle_database,
)


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


if __name__ == "__main__":
    sys.exit(main())
