"""Fixtures shared by the whole suite.

The demo site: `load_demo_content` takes 6-16 s, so it runs once per test
session (the first time a test asks for it) and each test gets a fresh copy
restored from a snapshot of every table (tests/demo_snapshot.py says how):

- `demo`: the demo, for tests in a transaction (`db`); the restore is rolled
  back with the test.
- `demo_site`: the same for transactional tests (browser and live-server
  tests, several threads); afterwards every table goes back to the freshly
  migrated snapshot (see `django_db_setup`), as after any transactional test.

Each restore also puts back any demo media file a test removed and empties
the caches (Django's caches, so Wagtail's site root paths too, and the
content-type cache), so no test sees another's edits. The build starts from
the freshly migrated database (snapshot `migrated`, taken when the test
database is set up), whatever earlier tests left, so every session's demo is
the same. Tests of `load_demo_content` itself (that it is idempotent, keeps
staff edits, repairs old content) take `demo` and run the command again.

Browser tests drive Debian's chromium (/usr/bin/chromium) through
Playwright; Playwright's own browser download cannot work here. Without the
browser they skip with a line saying how to install it, except in CI
(CI=true), where a missing browser fails the run.
"""

import fcntl
import io
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from hypothesis import settings as hypothesis_settings
from wagtail.models import Page, Site

from tests.demo_snapshot import MediaFiles, Snapshot
from tests.factories import HomePageFactory

# Hypothesis: modest example counts keep `make test` quick; a deeper run sets
# HYPOTHESIS_PROFILE=thorough (ten times the examples). Every property and fuzz
# test in the suite follows the profile, unless it sets its own max_examples.
hypothesis_settings.register_profile("wmhn", max_examples=40, deadline=None)
hypothesis_settings.register_profile("thorough", max_examples=400, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "wmhn"))

# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse ORM calls from the test body while a page is open.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
INSTALL_HINT = "install it with: sudo apt-get install chromium"


# Tests that open tens of database connections at once (threads posting in
# parallel, gunicorns with their own pools). Under pytest-xdist two of them on
# the two workers at the same moment passed PostgreSQL's max_connections (100)
# and votes were refused with the busy page, so they share one xdist_group
# (`one_at_a_time` below keeps a group's tests from ever running at the same
# moment). Module paths, or "module::test" names.
MANY_CONNECTIONS = (
    "tests/ballot/test_concurrency.py",
    "tests/ballot/test_limits_race.py",
    "tests/ballot/test_keying_concurrency.py",
    "tests/network/membership/test_concurrency.py",
    "tests/reliability/test_load.py",
    "tests/reliability/test_two_servers.py",
    "tests/reliability/test_worker_killed.py",
    "tests/ballot/test_kiosks.py::test_12_parallel_kiosk_votes_accept_at_most_the_limit",
    "tests/ballot/test_quotas.py::test_8_parallel_batches_stay_within_the_quota",
    "tests/home/test_ratelimit.py::test_forty_parallel_hits_pass_at_most_the_limit",
    "tests/test_admin_protection.py::"
    "test_forty_parallel_wrong_passwords_reach_the_check_at_most_the_limit",
)


# tryfirst: pytest-xdist reads the xdist_group marks in its own hook.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
        module, _, name = item.nodeid.partition("::")
        if module in MANY_CONNECTIONS or f"{module}::{name.split('[')[0]}" in MANY_CONNECTIONS:
            item.add_marker(pytest.mark.xdist_group("many-connections"))


@pytest.fixture(autouse=True)
def one_at_a_time(request):
    """Tests in one xdist_group never run at the same moment on two workers.

    pytest-xdist's loadgroup is meant to send a group to one worker, but with
    the pinned pytest-xdist the workers did not receive the group (seen: the
    varnish and many-connections tests on both workers), so each group also
    holds an exclusive lock on a file in tmp/ while one of its tests runs;
    a test of the group on the other worker waits for it."""
    names = sorted({str(m.args[0]) for m in request.node.iter_markers("xdist_group")})
    if not names or not os.environ.get("PYTEST_XDIST_WORKER"):
        yield
        return
    locks = Path(__file__).resolve().parent.parent / "tmp" / "test-locks"
    locks.mkdir(parents=True, exist_ok=True)
    handles = [open(locks / f"{name}.lock", "w") for name in names]  # noqa: SIM115
    try:
        for handle in handles:
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        for handle in handles:
            handle.close()  # closing releases the lock


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """Each test starts in the site's default language.

    Django's LocaleMiddleware activates the language of each request in the
    thread and nothing puts it back, so after a test client request to /cy/
    the next test on the same worker renders in Welsh (seen in CI: the 500
    page test read Welsh after a Welsh request ran before it on its worker).
    """
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        message = f"chromium not found at {CHROMIUM}: {INSTALL_HINT}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def home_page(db):
    """A home page at the root of the default site, as `make run` builds it."""
    Page.objects.filter(depth=2, content_type__model="page").delete()
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="home", title="Home")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    return home


@pytest.fixture
def page_cache_on(settings):
    """The page cache and its fragments switched on (the test settings keep
    them off, so no other test reads a page an earlier one cached), starting
    and ending empty."""
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def put_back_wagtail_roots():
    """What Wagtail's migrations create and a transactional flush removes."""
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale

    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    if not Page.objects.exists():
        Page.add_root(instance=Page(title="Root", slug="root"))


@pytest.fixture
def wagtail_roots(transactional_db):
    """Make sure of Wagtail's root page, root collection and default locale.

    Tests with a live server or several threads use transactional_db; after
    each one the tables go back to the migrated snapshot, which holds these,
    so this only guards a database kept with --reuse-db after Django's flush.
    """
    put_back_wagtail_roots()


def clear_caches():
    """Empty what a test could have cached from another test's rows."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
    ContentType.objects.clear_cache()


def warm_caches():
    """Fill the caches from the restored rows as the demo's build leaves them:
    every content type, and Wagtail's site root paths (query budgets such as
    tests/home/test_search.py's count from there, as they did when each test
    built the demo itself)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import DEFAULT_DB_ALIAS

    for content_type in ContentType.objects.all():
        ContentType.objects._add_to_cache(DEFAULT_DB_ALIAS, content_type)
    Site.get_site_root_paths()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, and a snapshot of it freshly migrated.

    After each transactional test the database goes back to that snapshot,
    instead of Django's flush (TRUNCATE on PostgreSQL, then the post_migrate
    handlers making every content type, permission and role group again):
    one round trip and no signal handlers, and it leaves what the
    migrations made (Wagtail's root page, default site, locales, groups), so
    a test sees the same database whichever tests ran before it on its worker.
    """
    from django.test import TransactionTestCase

    with django_db_blocker.unblock():
        migrated = Snapshot.take("migrated")

    def restore_migrated(test_case):
        migrated.restore()
        clear_caches()

    flush = TransactionTestCase._fixture_teardown
    TransactionTestCase._fixture_teardown = restore_migrated
    yield migrated
    TransactionTestCase._fixture_teardown = flush


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker):
    """Build the demo once on the migrated database; snapshot it and its media."""
    from django.core.management import call_command
    from django.db import connection

    migrated = django_db_setup
    with django_db_blocker.unblock():
        assert not connection.in_atomic_block, "the demo is built outside any test"
        migrated.restore()
        clear_caches()
        put_back_wagtail_roots()  # in case --reuse-db kept a flushed database
        media = MediaFiles(settings.MEDIA_ROOT, Path(f"{settings.MEDIA_ROOT}-demo"))
        output = io.StringIO()
        call_command("load_demo_content", stdout=output)
        media.keep_new()
        demo = Snapshot.take("demo")
        migrated.restore()
        clear_caches()
    return demo, media, output.getvalue()


@pytest.fixture
def demo_output(_demo_snapshot):
    """What the demo's build printed (codes and links it shows only once)."""
    return _demo_snapshot[2]


@pytest.fixture
def demo(db, _demo_snapshot):
    """A fresh copy of the demo site from `load_demo_content`; returns its Site."""
    snapshot, media, _ = _demo_snapshot
    snapshot.restore()
    media.restore()
    clear_caches()
    warm_caches()
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def demo_site(transactional_db, demo):
    """The demo site for transactional tests (browser and live-server tests)."""
    return demo


@pytest.fixture
def kill_worker(settings):
    """``kill_worker(before=n)`` or ``kill_worker(on_close=True)``: the mail
    backend kills the task there (tests/killed_worker.py)."""
    from tests import killed_worker

    settings.EMAIL_BACKEND = "tests.killed_worker.KillingBackend"
    killed_worker.KillingBackend.taken = 0
    yield killed_worker.arm
    killed_worker.arm()
