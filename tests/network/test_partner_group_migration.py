"""network 0016 links each organisation to its partner group by who is in it.

Before it, a group was found by its name, so a new organisation given a
renamed one's old name had its partner users put in the old group. The
migration must undo that: the old group stays with the organisation whose
people are in it, and the newcomer leaves it for a group of her own.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from network.access_groups import sync_roles
from network.models import Organisation, PartnerAccount
from tests.factories import OrganisationFactory, PartnerPageFactory, partner_user

BEFORE = [("network", "0015_drop_page_alt_fields")]


@pytest.mark.django_db(transaction=True)
def test_groups_go_to_the_organisation_of_the_people_in_them(wagtail_roots, home_page):
    old = OrganisationFactory(name="Foo", slug="foo", is_partner=True)
    old_page = PartnerPageFactory(parent=home_page, organisation=old, slug="foo-page")
    old_user = partner_user(old, username="old-partner")
    shared = old_user.groups.get()
    old_user = get_user_model().objects.get(pk=old_user.pk)
    Organisation.objects.filter(pk=old.pk).update(name="Foo Renamed")
    new = OrganisationFactory(name="Foo", slug="foo-2", is_partner=True)
    # What the old code did for the new Foo: its user joined "Partner: Foo".
    newcomer = get_user_model().objects.create_user("newcomer", "n@example.org", "x-long-pass-1")
    PartnerAccount.objects.create(user=newcomer, organisation=new)
    newcomer.groups.add(shared)
    lonely = OrganisationFactory(name="Lonely", slug="lonely")
    empty = Group.objects.create(name="Partner: Lonely")
    # Someone whose partner account was deleted, which left her in the group then.
    leaver = partner_user(old, username="leaver")
    PartnerAccount.objects.filter(user=leaver).delete()
    leaver.groups.add(shared)
    assert old_page.permissions_for_user(newcomer).can_edit()  # the hole, before

    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        MigrationExecutor(connection).migrate(BEFORE)
    finally:
        MigrationExecutor(connection).migrate(leaves)
    sync_roles()  # as after every migrate

    old.refresh_from_db()
    new.refresh_from_db()
    lonely.refresh_from_db()
    shared.refresh_from_db()
    assert old.partner_group and new.partner_group and old.partner_group != new.partner_group
    assert shared in (old.partner_group, new.partner_group)
    assert set(old_user.groups.all()) == {old.partner_group}
    assert set(newcomer.groups.all()) == {new.partner_group}
    # Each group is named for its organisation as it is now.
    assert (old.partner_group.name, new.partner_group.name) == (
        "Partner: Foo Renamed",
        "Partner: Foo",
    )
    assert lonely.partner_group == empty
    assert not get_user_model().objects.get(pk=leaver.pk).groups.exists()
    newcomer = get_user_model().objects.get(pk=newcomer.pk)  # no cached permissions
    assert not old_page.permissions_for_user(newcomer).can_edit()
    assert old_page.permissions_for_user(old_user).can_edit()
    assert newcomer.has_perm("wagtailadmin.access_admin")  # still a partner user


@pytest.mark.django_db(transaction=True)
def test_a_partner_user_put_in_another_groups_by_mistake_costs_nobody_her_page(
    wagtail_roots, home_page
):
    """Y's group is older; X's earliest partner user was also added to it by hand.
    Whichever group each organisation ends with, each group has change on its own
    organisation's partner page only, and each partner user is in her own group."""
    from network.accounts import partner_group

    y = OrganisationFactory(name="Yorg", slug="yorg", is_partner=True)
    x = OrganisationFactory(name="Xorg", slug="xorg", is_partner=True)
    y_page = PartnerPageFactory(parent=home_page, organisation=y, slug="y-page")
    x_page = PartnerPageFactory(parent=home_page, organisation=x, slug="x-page")
    y_group = partner_group(y)
    x0 = partner_user(x, username="x0")
    x0.groups.add(y_group)
    y1 = partner_user(y, username="y1")
    x1 = partner_user(x, username="x1")

    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        MigrationExecutor(connection).migrate(BEFORE)
    finally:
        MigrationExecutor(connection).migrate(leaves)
    sync_roles()

    x.refresh_from_db()
    y.refresh_from_db()
    users = get_user_model().objects
    for user, own, theirs, org in (
        (x0, x_page, y_page, x),
        (x1, x_page, y_page, x),
        (y1, y_page, x_page, y),
    ):
        user = users.get(pk=user.pk)
        assert set(user.groups.all()) == {org.partner_group}
        assert own.permissions_for_user(user).can_edit()
        assert not theirs.permissions_for_user(user).can_edit()
    assert x.partner_group.name == "Partner: Xorg" and y.partner_group.name == "Partner: Yorg"
