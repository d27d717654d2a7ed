"""`make bench` part two: this site beside Wagtail's bakerydemo, on one machine, in one run.

Issue 15's method: both under gunicorn with 2 sync workers on SQLite, DEBUG
off, static files through whitenoise, measured with wrk (2 threads, 8
connections), 3 rounds of 8 s, every target once per round in turn
(interleaved), median of the 3. Reported:

- our home page and a blog post uncached (page cache off, PAGE_CACHE_SECONDS=0,
  which also switches off every kept fragment and part) against bakerydemo's
  home page and a blog post;
- the same two pages when the page cache is on but cannot serve the request
  (a query parameter no page reads, ``?x=1``: what a crawler, an attacker or
  a visitor with a session cookie gets), with the kept fragments and parts warm, against
  the same bakerydemo pages;
- a static CSS file against bakerydemo's;
- our ballot page with its fragments kept (page cache on) and, when
  BENCH_BEFORE is a checkout of an earlier commit, the same page there;
- the queries each of our pages makes (home, post, blog index, campaign,
  partner, ballot), counted in-process.

bakerydemo is not fetched here: BAKERYDEMO_DIR (default tmp/bakery) must
hold its checkout (`git clone` of wagtail/bakerydemo). The first run makes
its virtualenv in venv/ from its own requirements/base.txt (its Wagtail and
the rest), with two changes, printed with the table: Django is pinned to the
version this site runs (bakerydemo's main asks for Django 6, which needs
Python 3.12; the same Django on both sides also keeps the comparison about
the sites), and whitenoise (its production requirement) and our gunicorn are
added; uwsgi and its cloud storage packages are left out, since neither
server uses them. The first run also loads its initial data (about a
minute). Without a checkout only our rows are printed.

BENCH_BEFORE is an earlier checkout of ours, or a commit, which is then
exported (`git archive`) into tmp/before-<commit>. The table names both
commits, bakerydemo's commit and the load average at the start and the end.
Nothing here runs in the test suite. COMPARE_PORT (default 8811) is the first
of the consecutive ports its servers take.
"""

import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BAKERY = Path(os.environ.get("BAKERYDEMO_DIR", ROOT / "tmp" / "bakery"))
BEFORE = os.environ.get("BENCH_BEFORE", "")
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
HOST = "127.0.0.1"
PLAIN_CONFIG = ROOT / "tmp" / "gunicorn-plain.conf.py"
QUERY_PAGES = ["home", "post", "blog index", "campaign", "partner", "ballot"]


def log(message):
    print(f"[compare] {message}", flush=True)


def ours_env(root, name, page_cache_seconds):
    db = ROOT / "tmp" / f"compare-{name}.sqlite3"
    return {
        **os.environ,
        "PYTHONPATH": str(root),
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "DATABASE_URL": f"sqlite:///{db}",
        "REDIS_URL": "",
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
        "SITE_URL": f"http://{HOST}",
    }, db


def prepare_ours(root, name):
    env, db = ours_env(root, name, 0)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    for args in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([PYTHON, "manage.py", *args], cwd=root, env=env, check=True)
    subprocess.run(
        [PYTHON, "manage.py", "load_demo_content"],
        cwd=root,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def make_bakery_venv():
    """bakerydemo's own requirements with our Django and gunicorn (see the
    module's docstring); returns the installed Wagtail and Django versions."""
    import django
    import gunicorn

    python = BAKERY / "venv" / "bin" / "python"
    if not python.exists():
        log(f"making bakerydemo's virtualenv in {BAKERY / 'venv'}")
        lines = []
        for line in (BAKERY / "requirements" / "base.txt").read_text().splitlines():
            if re.match(r"\s*django\s*[<>=!~]", line, re.IGNORECASE):
                line = f"Django=={django.get_version()}"
            lines.append(line)
        production = (BAKERY / "requirements" / "production.txt").read_text()
        whitenoise = re.search(r"^whitenoise\S*", production, re.MULTILINE | re.IGNORECASE)
        lines += [whitenoise.group(0) if whitenoise else "whitenoise"]
        lines += [f"gunicorn=={gunicorn.__version__}"]
        subprocess.run([PYTHON, "-m", "venv", str(BAKERY / "venv")], check=True)
        requirements = BAKERY / "venv" / "bench-requirements.txt"
        requirements.write_text("\n".join(lines) + "\n")
        pip = [str(python), "-m", "pip", "install", "-q", "-r", str(requirements)]
        subprocess.run(pip, check=True)
    code = "import django, wagtail; print(wagtail.__version__, django.get_version())"
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)
    wagtail_version, django_version = out.stdout.split()
    return {"wagtail": wagtail_version, "django": django_version}


def export_before(before):
    """(tree, what it is): a checkout as it is, or a commit exported once into
    tmp/before-<commit>."""
    if not before:
        return None, ""
    if Path(before).is_dir():
        tree = Path(before).resolve()
        if not (tree / ".git").exists():
            return tree, str(tree)
        return tree, f"{git(tree, 'rev-parse', '--short', 'HEAD')} ({tree})"
    sha = git(ROOT, "rev-parse", "--short", before)
    target = ROOT / "tmp" / f"before-{sha}"
    if not (target / "manage.py").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", sha], cwd=ROOT, capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target, sha


def git(cwd, *args):
    out = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    return out.stdout.strip() if out.returncode == 0 else "?"


def prepare_bakery():
    env = bakery_env()
    if not (BAKERY / "bakery.sqlite3").exists():
        python = str(BAKERY / "venv" / "bin" / "python")
        for args in (["migrate", "-v0"], ["load_initial_data"], ["collectstatic", "--noinput"]):
            subprocess.run([python, "manage.py", *args], cwd=BAKERY, env=env, check=True)


def bakery_env():
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.production",
        "DJANGO_SECRET_KEY": "bench-only",
        "DATABASE_URL": f"sqlite:///{BAKERY / 'bakery.sqlite3'}",
        "REDIS_URL": "",
        # Plain http on loopback, like ours (no TLS proxy in front here).
        "SECURE_SSL_REDIRECT": "false",
    }


def gunicorn(python, cwd, env, port, app):
    return subprocess.Popen(
        # An empty config: neither side reads its gunicorn config file (ours logs JSON).
        [python, "-m", "gunicorn", app, "-c", str(PLAIN_CONFIG), "--bind", f"{HOST}:{port}",
         "--workers", "2", "--worker-class", "sync", "--access-logfile", "/dev/null",
         "--error-logfile", str(ROOT / "tmp" / f"compare-{port}.log")],
        cwd=cwd, env=env, start_new_session=True,
    )  # fmt: skip


def fetch(port, path):
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    conn.request("GET", path, headers={"Host": HOST})
    reply = conn.getresponse()
    return reply.status, reply.read().decode(errors="replace")


def wait_up(server, port):
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn on {port} exited")
        try:
            fetch(port, "/")
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn on {port} did not answer")


def wrk(port, path, seconds=SECONDS):
    out = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "-H", f"Host: {HOST}", f"http://{HOST}:{port}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), int(
        errors.group(1) if errors else 0
    )


def first_link(html, pattern):
    match = re.search(pattern, html)
    if match is None:
        raise SystemExit(f"no link like {pattern!r}")
    return match.group(1)


def query_counts(root, name):
    env, _ = ours_env(root, name, 0)
    code = r"""
import django, json
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from ballot.models import BallotPage
from blog.models import BlogPage
from network.models import CampaignPage, PartnerPage
paths = {
    "home": "/",
    "post": BlogPage.objects.live().order_by("-date", "-pk").first().url,
    "blog index": "/blog/",
    "campaign": CampaignPage.objects.live().first().url,
    "partner": PartnerPage.objects.live().first().url,
    "ballot": BallotPage.objects.live().first().url,
}
client = Client(HTTP_HOST="127.0.0.1")
counts = {}
for label, path in paths.items():
    client.get(path); client.cookies.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200, path
    client.cookies.clear()
    counts[label] = len(ctx.captured_queries)
print(json.dumps(counts))
"""
    out = subprocess.run([PYTHON, "-c", code], cwd=root, env=env, capture_output=True, text=True)
    if out.returncode:
        log(f"query counts failed: {out.stderr[-500:]}")
        return {}
    import json

    return json.loads(out.stdout.strip().splitlines()[-1])


def rate(value):
    """Whole requests per second, or one decimal below 100 (a page at 4.6
    req/s is not the same as one at 5.4)."""
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def main():
    PLAIN_CONFIG.write_text("# bench/compare.py: gunicorn's defaults, the same for both sites\n")
    servers, targets = [], []
    load_start = os.getloadavg()
    have_bakery = (BAKERY / "manage.py").exists()
    bakery_versions = make_bakery_venv() if have_bakery else {}
    before, before_label = export_before(BEFORE)
    trees = [("after", ROOT)] + ([("before", before)] if before else [])
    try:
        port = int(os.environ.get("COMPARE_PORT", "8811"))
        for name, root in trees:
            log(f"preparing ours ({name}) in {root}")
            prepare_ours(root, name)
            for cached in (0, 600):
                env, _ = ours_env(root, name, cached)
                server = gunicorn(PYTHON, root, env, port, "config.wsgi:application")
                servers.append(server)
                wait_up(server, port)
                status, html = fetch(port, "/")
                label = f"ours ({name}{', page cache on' if cached else ', uncached'})"
                if not cached:
                    post = first_link(html, r'href="(/blog/[^"/]+/)"')
                    static = first_link(html, r'href="(/static/css/site[^"]*\.css)"')
                    targets += [
                        (f"{label}: home", port, "/"),
                        (f"{label}: blog post", port, post),
                        (f"{label}: static css", port, static),
                    ]
                else:
                    # "?x=1": a request the page cache cannot serve (any parameter a
                    # page does not read bypasses it), with the kept parts warm.
                    missed = f"ours ({name}, page cache missed)"
                    targets += [
                        (f"{missed}: home", port, "/?x=1"),
                        (f"{missed}: blog post", port, f"{post}?x=1"),
                        (f"{label}: ballot page", port, "/have-your-say/"),
                    ]
                port += 1
        if have_bakery:
            log("preparing bakerydemo")
            prepare_bakery()
            python = str(BAKERY / "venv" / "bin" / "python")
            server = gunicorn(python, BAKERY, bakery_env(), port, "bakerydemo.wsgi:application")
            servers.append(server)
            wait_up(server, port)
            status, html = fetch(port, "/blog/")
            post = first_link(html, r'href="(/blog/[^"/]+/)"')
            status, html = fetch(port, "/")
            static = first_link(html, r'href="(/static/css/main[^"]*\.css)"')
            targets += [
                ("bakerydemo: home", port, "/"),
                ("bakerydemo: blog post", port, post),
                ("bakerydemo: static css", port, static),
            ]
        else:
            log(f"no bakerydemo at {BAKERY}: our rows only")
        for _, port, path in targets:
            wrk(port, path, seconds=1)  # warm
        rates = {label: [] for label, _, _ in targets}
        errors = {label: 0 for label, _, _ in targets}
        for round_ in range(ROUNDS):
            for label, port, path in targets:
                rps, errs = wrk(port, path)
                rates[label].append(rps)
                errors[label] += errs
            log(f"round {round_ + 1} done")
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)

    load_end = os.getloadavg()
    median = {label: statistics.median(values) for label, values in rates.items()}
    commits = f"ours at {git(ROOT, 'rev-parse', '--short', 'HEAD')}"
    if git(ROOT, "status", "--porcelain", "--untracked-files=no"):
        commits += " with uncommitted changes"
    if before:
        commits += f", before at {before_label}"
    if have_bakery:
        commits += (
            f", bakerydemo at {git(BAKERY, 'rev-parse', '--short', 'HEAD')} (Wagtail "
            f"{bakery_versions['wagtail']}, Django {bakery_versions['django']} pinned to ours)"
        )
    lines = [
        f"bakerydemo comparison, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: gunicorn "
        f"2 sync workers each, SQLite, DEBUG off, wrk 2 threads x 8 connections, "
        f"median of {ROUNDS} x {SECONDS} s, interleaved; {commits}; load average (1, 5, 15 min) "
        f"{load_start[0]:.1f}, {load_start[1]:.1f}, {load_start[2]:.1f} at the start and "
        f"{load_end[0]:.1f}, {load_end[1]:.1f}, {load_end[2]:.1f} at the end, on "
        f"{os.cpu_count()} cores.",
        "",
        "| what | req/s (median) | rounds | non-2xx |",
        "| --- | ---: | --- | ---: |",
    ]
    for label, values in rates.items():
        rounds = ", ".join(rate(v) for v in values)
        lines.append(f"| {label} | {rate(median[label])} | {rounds} | {errors[label]} |")
    goals = []

    def ratio(a, b):
        return median[a] / median[b] if median.get(a) and median.get(b) else None

    for what, goal in (("home", 3.0), ("blog post", 2.0), ("static css", 0.9)):
        value = ratio(f"ours (after, uncached): {what}", f"bakerydemo: {what}")
        if value is not None:
            goals.append((f"{what}: ours uncached / bakerydemo >= {goal}", value, value >= goal))
        value = ratio(f"ours (after, page cache missed): {what}", f"bakerydemo: {what}")
        if value is not None:
            label = f"{what}: ours, page cache missed, kept parts warm / bakerydemo >= {goal}"
            goals.append((label, value, value >= goal))
    value = ratio(
        "ours (after, page cache on): ballot page", "ours (before, page cache on): ballot page"
    )
    if value is not None:
        goals.append(("ballot page: after / before >= 3", value, value >= 3))
    counts = query_counts(ROOT, "after")
    if counts:
        lines += ["", "Queries per page (ours, uncached): " + ", ".join(
            f"{k} {v}" for k, v in counts.items())]  # fmt: skip
        for label in QUERY_PAGES:
            if label in counts:
                goals.append((f"{label} queries <= 12", counts[label], counts[label] <= 12))
    lines += ["", "| goal | measured | held |", "| --- | ---: | --- |"]
    lines += [f"| {g} | {v:.2f} | {'yes' if ok else 'NO'} |" for g, v, ok in goals]
    table = "\n".join(lines)
    print("\n" + table)
    (ROOT / "tmp" / "bench-compare.md").write_text(table + "\n")
    return 0 if all(ok for _, _, ok in goals) else 1


if __name__ == "__main__":
    sys.exit(main())
