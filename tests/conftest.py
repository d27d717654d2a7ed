"""Fixtures shared by the whole suite.

The demo site: `load_demo_content` takes 6-16 s, so it runs once per test
session (the first time a test asks for it) and each test gets a fresh copy
restored from a snapshot of every table (tests/demo_snapshot.py says how):

- `demo`: the demo, for tests in a transaction (`db`); the restore is rolled
  back with the test.
- `demo_site`: the same for transactional tests (browser and live-server
  tests, several threads); pytest-django empties the tables afterwards.

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

import io
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
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


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


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
    """Put back what Wagtail's migrations create and a transactional flush removes.

    Tests with a live server or several threads must use transactional_db,
    which empties every table after each test: the root page, root
    collection and default locale go with it.
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
    """pytest-django's test database, and a snapshot of it freshly migrated."""
    with django_db_blocker.unblock():
        return Snapshot.take("migrated")


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
        media = MediaFiles(settings.MEDIA_ROOT, Path(settings.BASE_DIR) / "tmp" / "demo-media")
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
