"""Build a small site in an empty database, for the tests that start their own
PostgreSQL database or cluster (tests/reliability/servers.py).

    DATABASE_URL=postgres://... python -m tests.reliability.build_site

Tables come straight from the models (as pytest-django's --nomigrations does):
running every migration takes minutes on a busy machine, and these tests are
about serving, not migrating (tests/test_migrations.py checks the migrations).
Then Wagtail's roots, a home page, a blog post and an open ballot with ten
options at /have-your-say/, as the load test's demo content has.
"""

import importlib
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.loadtest")


class DisableMigrations:
    def __contains__(self, item):
        return True

    def __getitem__(self, item):
        return None


def main():
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MIGRATION_MODULES = DisableMigrations()
    call_command("migrate", run_syncdb=True, verbosity=0)
    # The one migration step the site needs beyond its tables: PostgreSQL's
    # accent-folding search configuration (home 0005).
    from django.db import connection

    search = importlib.import_module("home.migrations.0005_staff_site")
    with connection.schema_editor() as editor:
        search.forwards(None, editor)

    from django.db import transaction
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page, Site

    from tests.factories import (
        BallotPageFactory,
        BlogIndexPageFactory,
        BlogPageFactory,
        HomePageFactory,
    )

    with transaction.atomic():
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        Collection.add_root(name="Root")
        root = Page.add_root(instance=Page(title="Root", slug="root"))
        home = HomePageFactory(parent=root, slug="home", title="Home")
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
        index = BlogIndexPageFactory(parent=home, slug="blog", title="Blog")
        BlogPageFactory(parent=index, slug="post", title="A post")
        BallotPageFactory(parent=home, slug="have-your-say", title="Have your say")


if __name__ == "__main__":
    main()
