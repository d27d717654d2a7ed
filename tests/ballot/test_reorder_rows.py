"""The residual link below the application: the database's own row order.

With random ids the site cannot order votes, but SQLite's ``rowid`` and
PostgreSQL's row positions still follow insertion, and on PostgreSQL a
vote and the code row it used share a transaction id (``xmin``).
``manage.py reorder_vote_rows`` rewrites the rows so neither says anything
about rows stored before it ran. Runs on SQLite and (with DATABASE_URL) on
PostgreSQL.
"""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from ballot.models import BallotCode, CodeBatch, Vote
from ballot.release import release
from ballot.voting import record_vote
from tests.factories import BallotPageFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def physical_order(table):
    position = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} ORDER BY {position}")  # noqa: S608 - names from model meta
        return [Vote._meta.pk.to_python(row[0]) for row in cursor.fetchall()]


def transaction_ids(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT xmin::text FROM {table}")  # noqa: S608 - names from model meta
        return {row[0] for row in cursor.fetchall()}


def test_reordering_removes_the_insertion_order_below_the_app(wagtail_roots, home_page):
    ballot = BallotPageFactory(parent=home_page, slug="have-your-say")
    batch = CodeBatch.objects.create(ballot=ballot, organisation=OrganisationFactory(), size=8)
    batch.issue()
    options = list(ballot.options.all()[:3])
    inserted = [
        record_vote(ballot, options, route="code", code=code).pk
        for code in BallotCode.objects.order_by("code_hash")
    ]
    # The residual, before: the stored order is the order of voting.
    assert physical_order("ballot_vote") == inserted
    if connection.vendor == "postgresql":
        assert len(transaction_ids("ballot_vote")) == 8

    out = io.StringIO()
    call_command("reorder_vote_rows", stdout=out)

    assert "Reordered 8 votes" in out.getvalue()
    after = physical_order("ballot_vote")
    assert after == sorted(inserted) != inserted
    assert Vote.objects.count() == 8
    assert BallotCode.objects.filter(used=True).count() == 8
    if connection.vendor == "postgresql":
        # One transaction id for every vote and every code: nothing pairs them.
        assert len(transaction_ids("ballot_vote") | transaction_ids("ballot_ballotcode")) == 1
    recount = io.StringIO()
    call_command("recount_ballot", "--dry-run", stdout=recount)
    assert "No differences" in recount.getvalue()


def test_publishing_the_final_count_reorders_the_rows(wagtail_roots, home_page):
    """The trigger: once the ballot has closed, the release that publishes the
    final count enqueues ``reorder_vote_rows`` (run at once here; by the tasks
    worker in production). A release while the ballot is open does not."""
    ballot = BallotPageFactory(parent=home_page, slug="have-your-say")
    options = list(ballot.options.all()[:3])
    with override_settings(BALLOT_RESULTS_THRESHOLD=2):
        inserted = [record_vote(ballot, options, route="online").pk for _ in range(8)]
        assert release(ballot)  # open: results advance, rows stay as they were
        assert physical_order("ballot_vote") == inserted
        ballot.closes_at = timezone.now() - timedelta(minutes=1)
        ballot.save()
        record_vote(ballot, options, route="online")  # counted, e.g. keyed paper

        assert release(ballot)

    after = physical_order("ballot_vote")
    assert after == sorted(after)
    assert len(after) == 9


def test_a_database_other_than_sqlite_or_postgresql_is_refused(wagtail_roots, monkeypatch):
    monkeypatch.setattr(connection, "vendor", "oracle")
    with pytest.raises(CommandError, match="Not supported on oracle"):
        call_command("reorder_vote_rows", stdout=io.StringIO())


def test_rows_lost_while_reordering_are_reported(wagtail_roots, home_page, monkeypatch):
    """If the row counts differ after the rewrite, the command says so instead of
    reporting success (the rewrite itself is replaced here by one that loses a vote)."""
    from ballot.management.commands import reorder_vote_rows

    ballot = BallotPageFactory(parent=home_page, slug="have-your-say")
    options = list(ballot.options.all()[:3])
    for _ in range(3):
        record_vote(ballot, options, route="online")

    def lose_a_vote(cursor):
        Vote.objects.filter(pk=Vote.objects.values_list("pk", flat=True)[0]).delete()

    monkeypatch.setitem(reorder_vote_rows.REWRITES, connection.vendor, lose_a_vote)
    out = io.StringIO()
    with pytest.raises(CommandError, match="Row counts changed"):
        call_command("reorder_vote_rows", stdout=out)
    assert "Reordered" not in out.getvalue()
