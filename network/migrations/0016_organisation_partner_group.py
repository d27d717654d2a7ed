"""Each organisation links its partner users' group instead of finding it by name.

Found by name, a renamed organisation's group went to a new organisation given
the old name (its partner users could then edit the first one's partner page
and add to its pictures), and two long names cut to the same 150 characters
shared one group. An existing group goes to the organisation of its first
partner user (an empty one by its name); a partner user in a group that is not
her organisation's leaves it for her own.
"""

from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models

from network.access_roles import PARTNER_GROUP_PREFIX, partner_group_name


def link_partner_groups(apps, schema_editor):
    using = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Organisation = apps.get_model("network", "Organisation")
    PartnerAccount = apps.get_model("network", "PartnerAccount")
    PartnerPage = apps.get_model("network", "PartnerPage")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    groups = list(Group.objects.using(using).filter(name__startswith=PARTNER_GROUP_PREFIX))
    accounts = list(PartnerAccount.objects.using(using).all())
    users_groups = defaultdict(set)
    for membership in Group.user_set.through.objects.using(using).filter(group__in=groups):
        users_groups[membership.user_id].add(membership.group_id)
    first_member = {}  # group -> the organisation of its earliest partner user
    for account in sorted(accounts, key=lambda a: a.pk):
        for group_id in users_groups[account.user_id]:
            first_member.setdefault(group_id, account.organisation_id)
    organisations = {o.pk: o for o in Organisation.objects.using(using).all()}
    by_name = {f"{PARTNER_GROUP_PREFIX}{o.name}"[:150]: o.pk for o in organisations.values()}
    linked = {}  # organisation -> group

    # A group was made for the organisation of its first partner user (under the
    # name that organisation had then): it stays hers. An empty one goes by name.
    for group in sorted(groups, key=lambda g: (g.pk not in first_member, g.pk)):
        owner = first_member.get(group.pk, by_name.get(group.name))
        if owner is not None and owner not in linked:
            linked[owner] = group
    for organisation_id, group in linked.items():
        Organisation.objects.using(using).filter(pk=organisation_id).update(partner_group=group)
        # Only its own organisation's partner page.
        GroupPagePermission.objects.using(using).filter(
            group=group,
            page_id__in=PartnerPage.objects.using(using)
            .exclude(organisation_id=organisation_id)
            .values("pk"),
        ).delete()

    change = (
        Permission.objects.using(using)
        .filter(content_type__app_label="wagtailcore", codename="change_page")
        .first()
    )
    for account in accounts:
        own = linked.get(account.organisation_id)
        wrong = users_groups[account.user_id] - {own.pk if own else None}
        if not wrong:
            continue
        Group.user_set.through.objects.using(using).filter(
            user_id=account.user_id, group_id__in=wrong
        ).delete()
        if own is None:
            organisation = organisations[account.organisation_id]
            own = Group.objects.using(using).create(
                name=partner_group_name(Group, organisation.name, using)
            )
            linked[organisation.pk] = own
            Organisation.objects.using(using).filter(pk=organisation.pk).update(partner_group=own)
            page = PartnerPage.objects.using(using).filter(organisation=organisation).first()
            if page is not None and change is not None:
                GroupPagePermission.objects.using(using).get_or_create(
                    group=own, page_id=page.pk, permission=change
                )
        Group.user_set.through.objects.using(using).get_or_create(
            user_id=account.user_id, group_id=own.pk
        )
    # The role's permissions and own picture collection of a new group are set by
    # network.access_groups.sync_roles, which runs after every migrate.


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0001_initial"),
        ("network", "0015_drop_page_alt_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="partner_group",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                help_text="The Wagtail group of its partner users (made with the first one).",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="partner_organisation",
                to="auth.group",
            ),
        ),
        migrations.RunPython(link_partner_groups, migrations.RunPython.noop),
    ]
