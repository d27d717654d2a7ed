"""Delete sign-ups that were never confirmed. Run it daily (see README)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from network.membership.services import purge_unconfirmed


class Command(BaseCommand):
    help = (
        "Delete unconfirmed membership sign-ups older than MEMBERSHIP_PURGE_DAYS "
        "(default 30) days. Safe to run as often as you like."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Age in days (default {settings.MEMBERSHIP_PURGE_DAYS}).",
        )

    def handle(self, *args, days=None, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be 1 or more.")
        count = purge_unconfirmed(days=days)
        self.stdout.write(f"Deleted {count} unconfirmed sign-up{'s' if count != 1 else ''}.")
