"""Each organisation links its partner users' group instead of finding it by name.

Found by name, a renamed organisation's group went to a new organisation given
the old name (its partner users could then edit the first one's partner page
and add to its pictures), and two long names cut to the same 150 characters
shared one group. An existing group goes to the organisation it is named for
when her people are in it, otherwise to the organisation of its first partner
user (an empty one by its name), is named for it as it is now, and
has change on its partner page and no other; a partner user in a group that is
not her organisation's leaves it for her own, and someone whose partner
account was deleted leaves her old group.
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
    Membership = Group.user_set.through

    groups = list(Group.objects.using(using).filter(name__startswith=PARTNER_GROUP_PREFIX))
    accounts = {a.user_id: a for a in PartnerAccount.objects.using(using).order_by("pk")}
    memberships = list(Membership.objects.using(using).filter(group__in=groups))
    # Someone in a partner group with no partner account (her account was deleted,
    # which did not take her out of the group then) leaves it.
    Membership.objects.using(using).filter(
        pk__in=[m.pk for m in memberships if m.user_id not in accounts]
    ).delete()
    users_groups = defaultdict(set)
    for membership in memberships:
        if membership.user_id in accounts:
            users_groups[membership.user_id].add(membership.group_id)
    first_member = {}  # group -> the organisation of its earliest partner user
    member_organisations = defaultdict(set)
    for account in accounts.values():
        for group_id in users_groups[account.user_id]:
            first_member.setdefault(group_id, account.organisation_id)
            member_organisations[group_id].add(account.organisation_id)
    organisations = {o.pk: o for o in Organisation.objects.using(using).order_by("pk")}
    by_name = {}  # a group name -> the (first) organisation whose name gives it
    for organisation in organisations.values():
        by_name.setdefault(f"{PARTNER_GROUP_PREFIX}{organisation.name}"[:150], organisation.pk)
    linked = {}  # organisation -> group

    # A group stays with the organisation it is named for when her people are in
    # it; otherwise with the organisation of its earliest partner user (a renamed
    # organisation's, or one of two long names cut alike). An empty one goes by name.
    for group in sorted(groups, key=lambda g: (g.pk not in first_member, g.pk)):
        named = by_name.get(group.name)
        if group.pk not in first_member:
            owner = named
        elif named in member_organisations[group.pk]:
            owner = named
        else:
            owner = first_member[group.pk]
        if owner is not None and owner not in linked:
            linked[owner] = group

    # Each linked group is named for its organisation as it is now (in two steps,
    # since two groups may swap names), so staff read the right name.
    renamed = [
        (organisation_id, group)
        for organisation_id, group in linked.items()
        if group.name != f"{PARTNER_GROUP_PREFIX}{organisations[organisation_id].name}"[:150]
    ]
    for _, group in renamed:
        group.name = f"{PARTNER_GROUP_PREFIX}(renaming {group.pk})"
        group.save(update_fields=["name"])
    for organisation_id, group in renamed:
        group.name = partner_group_name(Group, organisations[organisation_id].name, using)
        group.save(update_fields=["name"])

    change = (
        Permission.objects.using(using)
        .filter(content_type__app_label="wagtailcore", codename="change_page")
        .first()
    )

    def own_page_only(organisation_id, group):
        """Change on its own organisation's partner page, and on no other."""
        pages = PartnerPage.objects.using(using)
        GroupPagePermission.objects.using(using).filter(
            group=group,
            page_id__in=pages.exclude(organisation_id=organisation_id).values("pk"),
        ).delete()
        page = pages.filter(organisation_id=organisation_id).first()
        if page is not None and change is not None:
            GroupPagePermission.objects.using(using).get_or_create(
                group=group, page_id=page.pk, permission=change
            )

    for organisation_id, group in linked.items():
        Organisation.objects.using(using).filter(pk=organisation_id).update(partner_group=group)
        own_page_only(organisation_id, group)

    for account in accounts.values():
        own = linked.get(account.organisation_id)
        wrong = users_groups[account.user_id] - {own.pk if own else None}
        if not wrong:  # in her own group, or in none (as staff left her)
            continue
        Membership.objects.using(using).filter(
            user_id=account.user_id, group_id__in=wrong
        ).delete()
        if own is None:
            organisation = organisations[account.organisation_id]
            own = Group.objects.using(using).create(
                name=partner_group_name(Group, organisation.name, using)
            )
            linked[organisation.pk] = own
            Organisation.objects.using(using).filter(pk=organisation.pk).update(partner_group=own)
            own_page_only(organisation.pk, own)
        Membership.objects.using(using).get_or_create(user_id=account.user_id, group_id=own.pk)
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
