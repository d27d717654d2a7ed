"""Migration 0004 keeps every vote while dropping the ids that linked codes to votes.

Migrates back to the migration before 0004, writes votes, codes, code uses, form tokens and
paper entries in the old shape, migrates forward and compares. Runs on
SQLite by default and on PostgreSQL with DATABASE_URL set.
"""

import datetime
import io
import random
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from ballot.voting import tally_keys
from tests.factories import BallotPageFactory, OrganisationFactory

MIGRATION = ("ballot", "0004_unlinkable_votes")


def before():
    """The ballot migration 0004 follows (whatever it is re-chained after)."""
    graph = MigrationExecutor(connection).loader.graph
    return [next(dep.key for dep in graph.node_map[MIGRATION].parents if dep.key[0] == "ballot")]


def leaf():
    """Every app's latest migration: going back unapplies other apps' migrations
    that depend on the ballot's, so forward again means all of them."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def write_old_votes(apps, ballot, orgs, user):
    """Votes in the 0003 shape, with tallies bumped as record_vote did."""
    Vote = apps.get_model("ballot", "Vote")
    VoteChoice = apps.get_model("ballot", "VoteChoice")
    CodeBatch = apps.get_model("ballot", "CodeBatch")
    BallotCode = apps.get_model("ballot", "BallotCode")
    CodeUse = apps.get_model("ballot", "CodeUse")
    SubmissionToken = apps.get_model("ballot", "SubmissionToken")
    PaperBatch = apps.get_model("ballot", "PaperBatch")
    PaperEntry = apps.get_model("ballot", "PaperEntry")
    Tally = apps.get_model("ballot", "Tally")

    rng = random.Random(10)
    options = list(apps.get_model("ballot", "BallotOption").objects.values_list("pk", flat=True))
    codes = CodeBatch.objects.create(ballot_id=ballot.pk, organisation_id=orgs[0].pk, size=15)
    code_rows = [BallotCode.objects.create(batch=codes, code_hash=f"{n:064d}") for n in range(15)]
    paper = PaperBatch.objects.create(
        ballot_id=ballot.pk,
        organisation_id=orgs[1].pk,
        reference="Box",
        settled_at=timezone.now(),
        settled_by_id=user.pk,
    )
    tallies = Counter()
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    for n in range(40):
        route = ["online", "code", "paper"][n % 3]
        channel = {"online": rng.choice([None, orgs[2]]), "code": orgs[0], "paper": orgs[1]}[route]
        chosen = sorted(rng.sample(options, 3))
        answers = {
            "age_band": rng.choice(["", "18-24", "45-54"]),
            "region": rng.choice(["", "london", "wales"]),
            "services": sorted(rng.sample(["prison", "hospital", "housing"], rng.randint(0, 2))),
        }
        if route == "code":
            CodeUse.objects.create(code=code_rows[n // 3])
        if route == "online":
            SubmissionToken.objects.create(token_hash=f"{n:064x}")
        vote = Vote.objects.create(
            ballot_id=ballot.pk,
            created_at=hour - datetime.timedelta(hours=n % 5),
            route=route,
            channel_id=channel.pk if channel else None,
            age_band=answers["age_band"],
            region=answers["region"],
            services=",".join(answers["services"]),
        )
        VoteChoice.objects.bulk_create([VoteChoice(vote=vote, option_id=pk) for pk in chosen])
        if route == "paper":
            PaperEntry.objects.create(vote=vote, batch=paper, keyed_by_id=user.pk)
        tallies.update(
            tally_keys(
                route,
                channel.pk if channel else None,
                chosen,
                answers["age_band"],
                answers["region"],
                answers["services"],
            )
        )
    Tally.objects.bulk_create(
        [Tally(ballot_id=ballot.pk, key=key, count=count) for key, count in tallies.items()]
    )


def snapshot(apps):
    """Everything that must survive: each vote as a tuple, tallies, codes, tokens, batch counts."""
    Vote = apps.get_model("ballot", "Vote")
    votes = Counter(
        (
            v.ballot_id,
            v.created_at,
            v.route,
            v.channel_id,
            v.age_band,
            v.region,
            v.services,
            tuple(sorted(c.option_id for c in v.choices.all())),
        )
        for v in Vote.objects.prefetch_related("choices")
    )
    tallies = dict(apps.get_model("ballot", "Tally").objects.values_list("key", "count"))
    Token = apps.get_model("ballot", "SubmissionToken")
    tokens = set(Token.objects.values_list("token_hash", flat=True))
    return votes, tallies, tokens


def recount_clean():
    out = io.StringIO()
    call_command("recount_ballot", "--dry-run", stdout=out)
    return "No differences" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_every_vote_and_drops_the_links(
    wagtail_roots, home_page, django_user_model
):
    ballot = BallotPageFactory(parent=home_page, slug="have-your-say", title="Have your say")
    orgs = [OrganisationFactory() for _ in range(3)]
    user = django_user_model.objects.create_user("keyer")
    latest = leaf()

    old_apps = migrate(before())
    try:
        write_old_votes(old_apps, ballot, orgs, user)
        before_votes, before_tallies, before_tokens = snapshot(old_apps)
        used_before = set(
            old_apps.get_model("ballot", "BallotCode")
            .objects.filter(use__isnull=False)
            .values_list("code_hash", flat=True)
        )
        assert sum(before_votes.values()) == 40
        assert len(used_before) == 13
    finally:
        new_apps = migrate(latest)

    after_votes, after_tallies, after_tokens = snapshot(new_apps)
    assert after_votes == before_votes
    # Every old counter is unchanged; later migrations add breakdown counters (0005).
    assert {key: after_tallies.get(key) for key in before_tallies} == before_tallies
    assert after_tokens == before_tokens
    assert recount_clean()

    from ballot.models import BallotCode, PaperBatch, Vote, VoteChoice

    assert set(BallotCode.objects.filter(used=True).values_list("code_hash", flat=True)) == (
        used_before
    )
    assert PaperBatch.objects.get().votes_counted == Vote.objects.filter(route="paper").count()
    assert all(pk.version == 4 for pk in Vote.objects.values_list("pk", flat=True))
    assert all(pk.version == 4 for pk in VoteChoice.objects.values_list("pk", flat=True))

    # And back again (a rollback keeps the votes too), then forward to finish.
    try:
        back_apps = migrate(before())
        back_votes, back_tallies, back_tokens = snapshot(back_apps)
        assert (back_votes, back_tokens) == (before_votes, before_tokens)
        assert {key: back_tallies.get(key) for key in before_tallies} == before_tallies
        used_back = set(
            back_apps.get_model("ballot", "BallotCode")
            .objects.filter(use__isnull=False)
            .values_list("code_hash", flat=True)
        )
        assert used_back == used_before
        assert back_apps.get_model("ballot", "PaperEntry").objects.count() == 13
    finally:
        migrate(latest)
