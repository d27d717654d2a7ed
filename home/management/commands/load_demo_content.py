"""Build the demo site from the content brief.

Each app that has demo content provides ``<app>/demo.py`` with a
``load(stdout)`` function; they run in INSTALLED_APPS order, so ``home``
lays the root before the others add their sections. Every loader only
creates what is missing, so running the command twice changes nothing and
never overwrites what staff have edited. The search index is rebuilt at the
end, so search finds the demo whatever path each loader took to save it.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create the demo pages, snippets and settings (safe to run again)."

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if find_spec(module_name) is None:
                continue
            with transaction.atomic():
                import_module(module_name).load(self.stdout)
        # Once every page exists: the demo in every language (issue 12), then
        # the search index over all of them.
        from home import demo_languages

        demo_languages.load(self.stdout)
        call_command("update_index", verbosity=0, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
