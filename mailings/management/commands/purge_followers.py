"""Delete unconfirmed and unsubscribed followers after their retention. Run it daily."""

from django.core.management.base import BaseCommand

from mailings.services import purge


class Command(BaseCommand):
    help = (
        "Delete followers never confirmed after FOLLOW_PURGE_DAYS and unsubscribed followers "
        "FOLLOW_UNSUBSCRIBED_PURGE_DAYS after they left, with their sent log."
    )

    def handle(self, *args, **options):
        count = purge()
        self.stdout.write(f"Deleted {count} follower{'s' if count != 1 else ''}.")
