"""Ballot options become translatable (issue 12): each gets a locale (its
page's) and a translation key (its own, new), then both are required and
unique together, as Wagtail's TranslatableMixin expects."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def give_options_keys(apps, schema_editor):
    BallotOption = apps.get_model("ballot", "BallotOption")
    for option in BallotOption.objects.select_related("page").only("pk", "page__locale_id"):
        option.translation_key = uuid.uuid4()
        option.locale_id = option.page.locale_id
        option.save(update_fields=["translation_key", "locale"])


class Migration(migrations.Migration):
    dependencies = [
        ("ballot", "0005_results_snapshot"),
        ("wagtailcore", "0096_referenceindex_referenceindex_source_object_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="ballotoption",
            name="locale",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="ballotoption",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_options_keys, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="ballotoption",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="ballotoption",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name="ballotoption",
            unique_together={("translation_key", "locale")},
        ),
    ]
