"""Apply the comments' retention period. Run it daily (see README)."""

from django.core.management.base import BaseCommand

from blog.comments import purge_comments


class Command(BaseCommand):
    help = (
        "Delete rejected and never-moderated comments older than COMMENT_RETENTION_DAYS, and "
        "remove the email address from approved comments older than that."
    )

    def handle(self, *args, **options):
        deleted, cleared = purge_comments()
        self.stdout.write(f"Deleted {deleted} comments; removed {cleared} email addresses.")
