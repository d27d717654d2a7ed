"""The role groups of issue 11 (Communications, Consultation manager, Membership
officer; partners keep one group per organisation) and the member permissions
"export" and "erase".

The groups' permissions come from network.access.ROLES. After every migrate a
post_migrate handler sets them again from that table, so a model added later
joins its role; this migration makes the groups exist from the start.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_NAMES = ("Communications", "Consultation manager", "Membership officer")


def create_roles(apps, schema_editor):
    from network.access import sync_roles

    # Permissions are normally made after the last migration; make those of the
    # apps migrated so far now, so the groups are as complete as they can be before
    # post_migrate (network.access.sync_after_migrate) completes them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(apps=apps, using=schema_editor.connection.alias)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0005_organisation_promised_votes_partneraccount"),
        ("ballot", "0004a_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="member",
            options={
                "ordering": ["-signed_up_at"],
                "permissions": [
                    ("export_member", "Can download member data and the mailing list"),
                    ("erase_member", "Can erase a member's personal data"),
                ],
            },
        ),
        migrations.RunPython(create_roles, remove_roles),
    ]
