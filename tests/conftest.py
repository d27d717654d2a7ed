"""Fixtures shared by the whole suite.

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
from hypothesis import settings as hypothesis_settings
from wagtail.models import Page, Site

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


@pytest.fixture
def wagtail_roots(transactional_db):
    """Put back what Wagtail's migrations create and a transactional flush removes.

    Tests with a live server or several threads must use transactional_db,
    which empties every table after each test: the root page, root
    collection and default locale go with it.
    """
    from django.conf import settings
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
def demo_site(wagtail_roots):
    """The full demo site from `load_demo_content`, for browser tests."""
    from django.core.management import call_command

    call_command("load_demo_content", stdout=io.StringIO())
    return Site.objects.get(is_default_site=True)
