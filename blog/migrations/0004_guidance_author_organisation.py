"""An author's organisation becomes a link to network.Organisation.

Existing text is matched exactly (ignoring case and surrounding spaces) to an
organisation's name or its partner page's short name ("AVA"). Text that
matches nothing is not lost: it is added to the author's role, so the line
under their name reads as before ("Director, Wish").
"""

import django.db.models.deletion
from django.db import migrations, models


def link_organisations(apps, schema_editor):
    Author = apps.get_model("blog", "Author")
    Organisation = apps.get_model("network", "Organisation")
    PartnerPage = apps.get_model("network", "PartnerPage")
    by_name = {}
    for org in Organisation.objects.all():
        by_name.setdefault(org.name.strip().lower(), org.pk)
    for page in PartnerPage.objects.exclude(organisation=None).exclude(short_name=""):
        by_name.setdefault(page.short_name.strip().lower(), page.organisation_id)
    for author in Author.objects.exclude(organisation_text=""):
        text = author.organisation_text.strip()
        org_id = by_name.get(text.lower())
        if org_id is not None:
            author.organisation_id = org_id
        elif text:
            author.role = ", ".join(p for p in (author.role, text) if p)[:160]
        author.save(update_fields=["organisation", "role"])


def unlink_organisations(apps, schema_editor):
    Author = apps.get_model("blog", "Author")
    for author in Author.objects.exclude(organisation=None).select_related("organisation"):
        author.organisation_text = author.organisation.name[:200]
        author.save(update_fields=["organisation_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0003_follow_comments"),
        ("network", "0003_partner_and_campaign_pages"),
    ]

    operations = [
        migrations.RenameField("author", "organisation", "organisation_text"),
        migrations.AddField(
            model_name="author",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                help_text="The organisation they write from. Their posts also appear on its "
                "partner page.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="blog_authors",
                to="network.organisation",
            ),
        ),
        migrations.RunPython(link_organisations, unlink_organisations),
        migrations.RemoveField("author", "organisation_text"),
    ]
