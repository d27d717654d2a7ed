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
    # Only the columns needed are read (see unlink_organisations).
    for pk, name in Organisation.objects.order_by("pk").values_list("pk", "name"):
        by_name.setdefault(name.strip().lower(), pk)
    pages = PartnerPage.objects.exclude(organisation=None).exclude(short_name="")
    for short_name, org_id in pages.order_by("pk").values_list("short_name", "organisation_id"):
        by_name.setdefault(short_name.strip().lower(), org_id)
    for author in Author.objects.exclude(organisation_text=""):
        text = author.organisation_text.strip()
        org_id = by_name.get(text.lower())
        if org_id is not None:
            author.organisation_id = org_id
        elif text:
            author.role = ", ".join(p for p in (author.role, text) if p)[:160]
        author.save(update_fields=["organisation", "role"])


def unlink_organisations(apps, schema_editor):
    """Going back: the organisation's name becomes the text again.

    Only the name is read. Going back, Django gives this function network's
    models as they stood when this migration first ran, and later network
    migrations stay applied (network 0011 dropped ``promised_votes``), so
    loading whole Organisation rows would ask for columns that are gone.
    """
    Author = apps.get_model("blog", "Author")
    rows = Author.objects.exclude(organisation=None).values_list("pk", "organisation__name")
    for pk, name in rows:
        Author.objects.filter(pk=pk).update(organisation_text=name[:200])


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
