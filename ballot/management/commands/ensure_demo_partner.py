"""Create the local demo partner user for Women in Prison that `make run` promises.

Like ensure_admin, never under production settings: a known password on a
public site is a door left open.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ballot.demo_partners import PARTNER_SLUG
from network.accounts import create_partner_user
from network.models import Organisation

USERNAME = "wip-partner"
DEFAULT_PASSWORD = "changeme-partner"  # noqa: S105 - local runs only, refused in production


class Command(BaseCommand):
    help = "Create the local 'wip-partner' user for Women in Prison if it does not exist."

    def handle(self, *args, **options):
        if (settings.SETTINGS_MODULE or "").endswith(".production") or not settings.DEBUG:
            raise CommandError("ensure_demo_partner only runs with local development settings.")
        admin_url = f"{settings.WAGTAILADMIN_BASE_URL}/admin/"
        if get_user_model().objects.filter(username=USERNAME).exists():
            self.stdout.write(
                f"Demo partner '{USERNAME}' (Women in Prison) exists. Sign in at {admin_url}"
            )
            return
        org = Organisation.objects.filter(slug=PARTNER_SLUG).first()
        if org is None:
            raise CommandError("Women in Prison is missing: run `make demo` first.")
        password = os.environ.get("PARTNER_PASSWORD") or DEFAULT_PASSWORD
        create_partner_user(org, USERNAME, "wip-partner@example.org", password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created demo partner user for Women in Prison. Sign in at {admin_url} "
                f"as '{USERNAME}' with password '{password}'."
            )
        )
