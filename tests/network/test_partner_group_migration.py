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
    Organisation.objects.filter(pk=old.pk).update(name="Foo Renamed")
    new = OrganisationFactory(name="Foo", slug="foo-2", is_partner=True)
    # What the old code did for the new Foo: its user joined "Partner: Foo".
    newcomer = get_user_model().objects.create_user("newcomer", "n@example.org", "x-long-pass-1")
    PartnerAccount.objects.create(user=newcomer, organisation=new)
    newcomer.groups.add(shared)
    lonely = OrganisationFactory(name="Lonely", slug="lonely")
    empty = Group.objects.create(name="Partner: Lonely")
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
    assert old.partner_group == shared
    assert set(shared.user_set.all()) == {old_user}
    assert new.partner_group is not None and new.partner_group != shared
    assert set(newcomer.groups.all()) == {new.partner_group}
    assert new.partner_group.name == "Partner: Foo (2)"
    assert lonely.partner_group == empty
    newcomer = get_user_model().objects.get(pk=newcomer.pk)  # no cached permissions
    assert not old_page.permissions_for_user(newcomer).can_edit()
    assert old_page.permissions_for_user(old_user).can_edit()
    assert newcomer.has_perm("wagtailadmin.access_admin")  # still a partner user
