"""Create one local demo user per staff role that `make run` promises.

Like ensure_admin, never under production settings: a known password on a
public site is a door left open. The partner role's demo user is made by
ensure_demo_partner.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from network.access_groups import sync_roles

# username, role group, environment variable for the password, default password
DEMO_USERS = (
    ("comms", "Communications", "COMMS_PASSWORD", "changeme-comms"),
    ("consultation", "Consultation manager", "CONSULTATION_PASSWORD", "changeme-consultation"),
    ("membership", "Membership officer", "MEMBERSHIP_PASSWORD", "changeme-membership"),
)


class Command(BaseCommand):
    help = "Create the local demo users for the Communications, Consultation manager and "
    "Membership officer roles if they do not exist."

    def handle(self, *args, **options):
        if (settings.SETTINGS_MODULE or "").endswith(".production") or not settings.DEBUG:
            raise CommandError("ensure_demo_roles only runs with local development settings.")
        # The groups and their permissions as ROLES says, in case the page tree or
        # collections were rebuilt since the last migrate (as `make demo` may do).
        sync_roles()
        User = get_user_model()
        admin_url = f"{settings.WAGTAILADMIN_BASE_URL}/admin/"
        for username, group_name, variable, default in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                self.stdout.write(f"Demo user '{username}' ({group_name}) exists.")
                continue
            group = Group.objects.filter(name=group_name).first()
            if group is None:
                raise CommandError(f"The '{group_name}' group is missing: run `make demo` first.")
            password = os.environ.get(variable) or default
            user = User.objects.create_user(username, f"{username}@example.org", password)
            user.groups.add(group)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created demo user for the {group_name} role. Sign in at {admin_url} "
                    f"as '{username}' with password '{password}'."
                )
            )
