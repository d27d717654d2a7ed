"""Background jobs of the ballot app (the tasks worker in production, at once locally)."""

from django.core.management import call_command
from django_tasks import task


@task()
def reorder_vote_rows():
    """Rewrite the vote tables' physical order (``manage.py reorder_vote_rows``).

    Enqueued when a ballot's final count is published (``ballot.release``):
    no vote can arrive after that, so the rewrite removes the insertion order
    of every vote of that ballot for good, not just of those stored so far.
    """
    call_command("reorder_vote_rows")
