"""Delete the record of emails sent from tasks after their retention. Run it daily."""

from django.core.management.base import BaseCommand

from home.email_once import forget_old


class Command(BaseCommand):
    help = (
        "Delete the keys of emails sent from background tasks (home/email_once.py) "
        "older than SENT_EMAIL_RETENTION_DAYS."
    )

    def handle(self, *args, **options):
        count = forget_old()
        self.stdout.write(f"Deleted {count} sent email record{'s' if count != 1 else ''}.")
