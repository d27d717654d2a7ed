"""Delete shared experiences older than EXPERIENCE_RETENTION_DAYS. Run it daily (see README)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from experiences.models import Experience


class Command(BaseCommand):
    help = (
        "Delete shared experiences older than EXPERIENCE_RETENTION_DAYS (default 365) "
        "days, whatever their status. Safe to run as often as you like."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Age in days (default {settings.EXPERIENCE_RETENTION_DAYS}).",
        )

    def handle(self, *args, days=None, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be 1 or more.")
        count, _ = Experience.objects.past_retention(days=days).delete()
        self.stdout.write(f"Deleted {count} shared experience{'s' if count != 1 else ''}.")
