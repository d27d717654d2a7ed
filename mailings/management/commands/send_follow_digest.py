"""Queue the weekly digest for followers who chose it. Run it once a week (see README)."""

from django.core.management.base import BaseCommand

from mailings.sending import send_digests


class Command(BaseCommand):
    help = (
        "Queue the weekly follow-by-email digest (through the tasks worker). Safe to run "
        "twice: nobody gets a post twice."
    )

    def handle(self, *args, **options):
        result = send_digests.enqueue()
        self.stdout.write(f"Digest queued ({result.id}).")
