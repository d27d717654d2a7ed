"""Rewrite the vote tables so their physical order says nothing.

Random ids keep the site from ordering votes, but the database itself still
keeps rows in the order they arrived (SQLite's ``rowid``; PostgreSQL's row
positions and each row's transaction id, ``xmin``, shared by a vote and the
code row it used). Someone with a raw copy of the database could use that.
This command, run now and then at a quiet hour, removes it for every row
already stored:

- PostgreSQL: in one transaction every vote, choice, form-token and code row
  is rewritten (so all carry the same ``xmin``), then each table is
  ``CLUSTER``ed on its primary key (random ids, so a random physical order).
- SQLite: each table is copied out and back in id order, so ``rowid``
  follows the random ids, and the file is ``VACUUM``ed so freed pages keep
  no old copy.

Votes arriving meanwhile wait for the lock; nothing is added or lost
(``recount_ballot`` stays clean).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from ballot.models import BallotCode, SubmissionToken, Vote, VoteChoice

MODELS = [Vote, VoteChoice, SubmissionToken, BallotCode]


# Coverage is measured on SQLite (CI's measured run); the PostgreSQL run of
# tests/ballot/test_reorder_rows.py runs this function and checks what it does.
def _postgresql(cursor):  # pragma: no cover - PostgreSQL only, see above
    with transaction.atomic():
        for model in MODELS:
            table = connection.ops.quote_name(model._meta.db_table)
            column = connection.ops.quote_name(model._meta.pk.column)
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
            cursor.execute(f"UPDATE {table} SET {column} = {column}")  # noqa: S608 - names from model meta
        for model in MODELS:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(
                "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'p'",
                [model._meta.db_table],
            )
            (pkey,) = cursor.fetchone()
            cursor.execute(f"CLUSTER {table} USING {connection.ops.quote_name(pkey)}")


def _sqlite(cursor):
    with transaction.atomic():
        for model in MODELS:
            table = connection.ops.quote_name(model._meta.db_table)
            column = connection.ops.quote_name(model._meta.pk.column)
            cursor.execute(f"CREATE TEMP TABLE reorder AS SELECT * FROM {table} ORDER BY {column}")  # noqa: S608 - names from model meta
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - names from model meta
            cursor.execute(f"INSERT INTO {table} SELECT * FROM reorder ORDER BY {column}")  # noqa: S608 - names from model meta
            cursor.execute("DROP TABLE reorder")
    cursor.execute("VACUUM")


REWRITES = {"postgresql": _postgresql, "sqlite": _sqlite}


class Command(BaseCommand):
    help = "Rewrite vote, choice, form-token and code rows so their stored order is random."

    def handle(self, *args, **options):
        counts = [model.objects.count() for model in MODELS]
        rewrite = REWRITES.get(connection.vendor)
        if rewrite is None:
            raise CommandError(f"Not supported on {connection.vendor}.")
        with connection.cursor() as cursor:
            rewrite(cursor)
        if counts != [model.objects.count() for model in MODELS]:
            raise CommandError("Row counts changed while reordering: run recount_ballot.")
        self.stdout.write(self.style.SUCCESS(f"Reordered {counts[0]} votes."))
