"""Votes, choices and form tokens lose their counting ids; code uses and paper
entries lose their rows.

Before: ``CodeUse``, ``SubmissionToken`` and ``Vote`` got sequential ids in
one transaction, so the n-th code use was the n-th code vote; ``PaperEntry``
timed each paper vote to the second. After: votes and choices have random
UUIDs, a form token's hash is its key, a code is only flagged ``used`` and a
paper batch keeps only how many votes it gave.

Existing rows are copied into new tables in a shuffled order (so even the
new tables' physical order says nothing), every vote and choice kept; the
tallies are not touched, so ``recount_ballot`` stays clean. Going back
copies them the other way; paper entries are then rebuilt from each settled
batch's count, which is all that is kept.
"""

import random
import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import ballot.models.votes

CHUNK = 2000
AGE_BANDS = [('under-18', 'Under 18'), ('18-24', '18 to 24'), ('25-34', '25 to 34'), ('35-44', '35 to 44'), ('45-54', '45 to 54'), ('55-64', '55 to 64'), ('65-plus', '65 or over')]
REGIONS = [('north_east', 'North East'), ('north_west', 'North West'), ('yorkshire', 'Yorkshire and the Humber'), ('east_midlands', 'East Midlands'), ('west_midlands', 'West Midlands'), ('east', 'East of England'), ('london', 'London'), ('south_east', 'South East'), ('south_west', 'South West'), ('wales', 'Wales'), ('scotland', 'Scotland'), ('northern_ireland', 'Northern Ireland')]


def _chunks(items):
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def forward(apps, schema_editor):
    db = schema_editor.connection.alias
    OldVote = apps.get_model("ballot", "Vote")
    OldChoice = apps.get_model("ballot", "VoteChoice")
    OldToken = apps.get_model("ballot", "SubmissionToken")
    NewVote = apps.get_model("ballot", "UnlinkedVote")
    NewChoice = apps.get_model("ballot", "UnlinkedVoteChoice")
    NewToken = apps.get_model("ballot", "UnlinkedSubmissionToken")
    BallotCode = apps.get_model("ballot", "BallotCode")
    PaperBatch = apps.get_model("ballot", "PaperBatch")
    shuffle = random.SystemRandom().shuffle

    BallotCode.objects.using(db).filter(use__isnull=False).update(used=True)
    for batch in PaperBatch.objects.using(db).annotate(n=models.Count("entries")):
        if batch.n:
            PaperBatch.objects.using(db).filter(pk=batch.pk).update(votes_counted=batch.n)

    old_ids = list(OldVote.objects.using(db).values_list("pk", flat=True))
    shuffle(old_ids)
    for ids in _chunks(old_ids):
        new_ids = {}
        votes = []
        for vote in OldVote.objects.using(db).filter(pk__in=ids):
            new_ids[vote.pk] = uuid.uuid4()
            votes.append(
                NewVote(
                    id=new_ids[vote.pk],
                    ballot_id=vote.ballot_id,
                    created_at=vote.created_at.replace(minute=0, second=0, microsecond=0),
                    route=vote.route,
                    channel_id=vote.channel_id,
                    age_band=vote.age_band,
                    region=vote.region,
                    services=vote.services,
                )
            )
        shuffle(votes)
        NewVote.objects.using(db).bulk_create(votes)
        choices = [
            NewChoice(id=uuid.uuid4(), vote_id=new_ids[vote_id], option_id=option_id)
            for vote_id, option_id in OldChoice.objects.using(db)
            .filter(vote_id__in=ids)
            .values_list("vote_id", "option_id")
        ]
        shuffle(choices)
        NewChoice.objects.using(db).bulk_create(choices)

    hashes = list(OldToken.objects.using(db).values_list("token_hash", flat=True))
    shuffle(hashes)
    for part in _chunks(hashes):
        NewToken.objects.using(db).bulk_create([NewToken(token_hash=h) for h in part])


def backward(apps, schema_editor):
    db = schema_editor.connection.alias
    OldVote = apps.get_model("ballot", "Vote")
    OldChoice = apps.get_model("ballot", "VoteChoice")
    OldToken = apps.get_model("ballot", "SubmissionToken")
    NewVote = apps.get_model("ballot", "UnlinkedVote")
    NewChoice = apps.get_model("ballot", "UnlinkedVoteChoice")
    NewToken = apps.get_model("ballot", "UnlinkedSubmissionToken")
    BallotCode = apps.get_model("ballot", "BallotCode")
    CodeUse = apps.get_model("ballot", "CodeUse")
    PaperBatch = apps.get_model("ballot", "PaperBatch")
    PaperEntry = apps.get_model("ballot", "PaperEntry")

    for pks in _chunks(list(BallotCode.objects.using(db).filter(used=True).values_list("pk", flat=True))):
        CodeUse.objects.using(db).bulk_create([CodeUse(code_id=pk) for pk in pks])

    paper_votes = {}
    for ids in _chunks(list(NewVote.objects.using(db).values_list("pk", flat=True))):
        olds = {}
        for vote in NewVote.objects.using(db).filter(pk__in=ids):
            old = OldVote.objects.using(db).create(
                ballot_id=vote.ballot_id,
                created_at=vote.created_at,
                route=vote.route,
                channel_id=vote.channel_id,
                age_band=vote.age_band,
                region=vote.region,
                services=vote.services,
            )
            olds[vote.pk] = old.pk
            if vote.route == "paper":
                paper_votes.setdefault((vote.ballot_id, vote.channel_id), []).append(old.pk)
        OldChoice.objects.using(db).bulk_create(
            [
                OldChoice(vote_id=olds[vote_id], option_id=option_id)
                for vote_id, option_id in NewChoice.objects.using(db)
                .filter(vote_id__in=ids)
                .values_list("vote_id", "option_id")
            ]
        )

    for part in _chunks(list(NewToken.objects.using(db).values_list("token_hash", flat=True))):
        OldToken.objects.using(db).bulk_create([OldToken(token_hash=h) for h in part])

    # Which vote came from which batch is not kept: give each settled batch as
    # many of its organisation's paper votes as it counted.
    for batch in PaperBatch.objects.using(db).filter(votes_counted__gt=0).order_by("pk"):
        pool = paper_votes.get((batch.ballot_id, batch.organisation_id), [])
        taken, paper_votes[(batch.ballot_id, batch.organisation_id)] = (
            pool[: batch.votes_counted],
            pool[batch.votes_counted :],
        )
        PaperEntry.objects.using(db).bulk_create(
            [
                PaperEntry(vote_id=pk, batch_id=batch.pk, keyed_by_id=batch.settled_by_id)
                for pk in taken
            ]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("ballot", "0008_option_pictograms"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("network", "0005_organisation_promised_votes_partneraccount"),
    ]

    operations = [
        migrations.AddField(
            model_name="ballotcode",
            name="used",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="paperbatch",
            name="votes_counted",
            field=models.PositiveIntegerField(
                default=0, editable=False, help_text="Votes written when the batch was settled."
            ),
        ),
        migrations.CreateModel(
            name="UnlinkedVote",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        default=ballot.models.votes.vote_time, help_text="To the hour only."
                    ),
                ),
                (
                    "route",
                    models.CharField(
                        choices=[("online", "Online"), ("code", "One-time code"), ("paper", "Paper")],
                        max_length=10,
                    ),
                ),
                (
                    "age_band",
                    models.CharField(blank=True, choices=AGE_BANDS, max_length=10),
                ),
                (
                    "region",
                    models.CharField(blank=True, choices=REGIONS, max_length=20),
                ),
                ("services", models.CharField(blank=True, max_length=100)),
                (
                    "ballot",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="ballot.ballotpage",
                    ),
                ),
                (
                    "channel",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="network.organisation",
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["ballot", "route"], name="ballot_vote_ballot_route")]
            },
        ),
        migrations.CreateModel(
            name="UnlinkedVoteChoice",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "option",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="ballot.ballotoption",
                    ),
                ),
                (
                    "vote",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="choices",
                        to="ballot.unlinkedvote",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("vote", "option"), name="ballot_vote_option_once"
                    )
                ]
            },
        ),
        migrations.CreateModel(
            name="UnlinkedSubmissionToken",
            fields=[
                (
                    "token_hash",
                    models.CharField(max_length=64, primary_key=True, serialize=False),
                ),
            ],
        ),
        migrations.RunPython(forward, backward, elidable=False),
        migrations.DeleteModel(name="CodeUse"),
        migrations.DeleteModel(name="PaperEntry"),
        migrations.DeleteModel(name="VoteChoice"),
        migrations.DeleteModel(name="SubmissionToken"),
        migrations.DeleteModel(name="Vote"),
        migrations.RenameModel(old_name="UnlinkedVote", new_name="Vote"),
        migrations.RenameModel(old_name="UnlinkedVoteChoice", new_name="VoteChoice"),
        migrations.RenameModel(old_name="UnlinkedSubmissionToken", new_name="SubmissionToken"),
        migrations.AlterField(
            model_name="vote",
            name="ballot",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="votes",
                to="ballot.ballotpage",
            ),
        ),
        migrations.AlterField(
            model_name="vote",
            name="channel",
            field=models.ForeignKey(
                blank=True,
                help_text="The organisation that brought the vote (referral link, code or paper batch).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="ballot_votes",
                to="network.organisation",
            ),
        ),
        migrations.AlterField(
            model_name="votechoice",
            name="option",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="vote_choices",
                to="ballot.ballotoption",
            ),
        ),
    ]
