"""Create the local admin account that `make run` promises.

Never under production settings: a known password on a public site is a
door left open.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
DEFAULT_PASSWORD = "changeme"  # noqa: S105 - local runs only, refused in production


class Command(BaseCommand):
    help = "Create the local 'admin' superuser if it does not exist."

    def handle(self, *args, **options):
        if (settings.SETTINGS_MODULE or "").endswith(".production") or not settings.DEBUG:
            raise CommandError(
                "ensure_admin only runs with local development settings. "
                "In production use `manage.py createsuperuser`."
            )
        User = get_user_model()
        admin_url = f"{settings.WAGTAILADMIN_BASE_URL}/admin/"
        if User.objects.filter(username=USERNAME).exists():
            self.stdout.write(f"Admin account '{USERNAME}' exists. Sign in at {admin_url}")
            return
        password = os.environ.get("ADMIN_PASSWORD") or DEFAULT_PASSWORD
        User.objects.create_superuser(USERNAME, "admin@example.org", password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created admin account. Sign in at {admin_url} "
                f"as '{USERNAME}' with password '{password}'."
            )
        )
