"""Promises are per ballot: each organisation's single "promised votes" number
becomes its promise on every ballot that had none (one CodeQuota row per
organisation and ballot), before network drops the old field.

The old number applied to every ballot without a promise of its own, so copying
it to each existing ballot keeps every quota and turnout figure as it was.
"""

import django.utils.timezone
from django.db import migrations, models


def copy_promises(apps, schema_editor):
    Organisation = apps.get_model("network", "Organisation")
    BallotPage = apps.get_model("ballot", "BallotPage")
    CodeQuota = apps.get_model("ballot", "CodeQuota")
    ballots = list(BallotPage.objects.values_list("pk", flat=True))
    # Only the columns needed are read: migrations run back and forth see other
    # apps' models as they stood when this one was written, not as the tables are.
    promised = Organisation.objects.filter(promised_votes__isnull=False)
    for org_id, votes in promised.values_list("pk", "promised_votes"):
        for ballot_id in ballots:
            row, _ = CodeQuota.objects.get_or_create(ballot_id=ballot_id, organisation_id=org_id)
            if row.promised_votes is None:
                row.promised_votes = votes
                row.save(update_fields=["promised_votes"])


def restore_promises(apps, schema_editor):
    """Going back: an organisation that promised the same number on every ballot
    gets that number as its single promise again (network 0011 is undone first,
    so the column is back, empty). The per-ballot rows are kept as they are, so
    every quota and turnout figure stays the same either way."""
    Organisation = apps.get_model("network", "Organisation")
    BallotPage = apps.get_model("ballot", "BallotPage")
    CodeQuota = apps.get_model("ballot", "CodeQuota")
    ballots = set(BallotPage.objects.values_list("pk", flat=True))
    if not ballots:
        return
    promises = {}
    rows = CodeQuota.objects.filter(promised_votes__isnull=False)
    for org_id, ballot_id, votes in rows.values_list("organisation_id", "ballot_id", "promised_votes"):
        promises.setdefault(org_id, {})[ballot_id] = votes
    for org_id, by_ballot in promises.items():
        if set(by_ballot) == ballots and len(set(by_ballot.values())) == 1:
            votes = next(iter(by_ballot.values()))
            Organisation.objects.filter(pk=org_id).update(promised_votes=votes)


class Migration(migrations.Migration):

    dependencies = [
        ('ballot', '0011_guidance_site_image'),
        ('network', '0006_roles'),
    ]
    # network drops Organisation.promised_votes only after it is copied (network
    # imports nothing of ballot, so the order is stated here).
    run_before = [('network', '0011_ballots_drop_promised_votes')]

    operations = [
        migrations.AlterModelOptions(
            name='codequota',
            options={'verbose_name': 'promise and code quota', 'verbose_name_plural': 'promises and code quotas'},
        ),
        migrations.AlterField(
            model_name='ballotpage',
            name='closes_at',
            field=models.DateTimeField(blank=True, help_text='Voting stops at this time. Leave empty to keep it open; “Close now” in the ballot list closes it at once.', null=True),
        ),
        migrations.AlterField(
            model_name='ballotpage',
            name='opens_at',
            field=models.DateTimeField(default=django.utils.timezone.now, help_text='Women can vote from this time (when the page is live).'),
        ),
        migrations.AlterField(
            model_name='ballotpage',
            name='question',
            field=models.CharField(help_text="The question as women will read it, e.g. 'Which 3 issues should the network campaign on first?'", max_length=255),
        ),
        migrations.AlterField(
            model_name='codequota',
            name='promised_votes',
            field=models.PositiveIntegerField(blank=True, help_text='Votes the organisation promised to bring in for this ballot. Its turnout page shows progress against this number. Empty: no promise.', null=True),
        ),
        migrations.RunPython(copy_promises, restore_promises),
    ]
