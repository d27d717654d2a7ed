"""network/access_groups.py: a partner group's own image collection and the page
approvers, as sync_roles keeps them (the cases beyond tests/network/test_partner_images.py:
a lost collection, a long organisation name, a group whose organisation is gone,
no root collection, a migration's historical models)."""

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Collection, GroupApprovalTask, GroupCollectionPermission

from network.access_groups import organisation_collection, sync_roles
from network.access_roles import PARTNER_GROUP_PREFIX, ROLES
from network.models import Organisation
from tests.factories import OrganisationFactory, partner_user

pytestmark = pytest.mark.django_db


def own_collections(group):
    return set(
        GroupCollectionPermission.objects.filter(group=group)
        .exclude(collection__depth=1)
        .values_list("collection__name", flat=True)
    )


def test_the_collection_is_made_once_and_made_again_if_deleted():
    org = OrganisationFactory(name="Women in Prison")
    first = organisation_collection(org)
    assert first.name == "Partner pictures: Women in Prison"
    assert first.get_parent() == Collection.get_first_root_node()
    assert organisation_collection(org) == first  # found, not made twice
    first.delete()
    again = organisation_collection(org)
    assert again.pk != first.pk
    assert Organisation.objects.get(pk=org.pk).collection_id == again.pk


def test_no_root_collection_means_no_collection():
    org = OrganisationFactory()
    Collection.objects.all().delete()
    assert organisation_collection(org) is None
    assert Organisation.objects.get(pk=org.pk).collection_id is None


def test_historical_models_make_no_collection():
    """In a migration the models have no treebeard methods: nothing is made there
    (the post_migrate sync makes it with the real models)."""
    historical = MigrationExecutor(connection).loader.project_state().apps
    org = historical.get_model("network", "Organisation").objects.create(
        name="Historical", slug="historical"
    )
    assert organisation_collection(org, apps=historical) is None
    assert Organisation.objects.get(pk=org.pk).collection_id is None


def test_a_long_organisation_name_cut_to_the_group_name_still_finds_its_collection():
    org = OrganisationFactory(name="The " + "Very " * 35 + "Long Women's Centre")  # 198 of 200
    user = partner_user(org)
    group = user.groups.get()
    assert len(group.name) == 150 and group.name.startswith(PARTNER_GROUP_PREFIX)
    GroupCollectionPermission.objects.filter(group=group).delete()
    sync_roles()
    org.refresh_from_db()
    assert own_collections(group) == {org.collection.name}


def test_a_renamed_organisation_keeps_its_group_and_its_collection():
    org = OrganisationFactory(name="Renamed later")
    user = partner_user(org)
    group = user.groups.get()
    assert own_collections(group) == {"Partner pictures: Renamed later"}
    org.refresh_from_db()  # as the admin's edit form reads it
    org.name = "A new name"
    org.save()
    sync_roles()  # the group is linked, not found by its name
    assert own_collections(group) == {"Partner pictures: Renamed later"}
    assert Organisation.objects.get(pk=org.pk).partner_group == group


def test_a_group_whose_organisation_is_gone_keeps_no_own_collection_and_breaks_nothing():
    org = OrganisationFactory(name="Gone later")
    group = partner_user(org).groups.get()
    Organisation.objects.filter(pk=org.pk).update(partner_group=None)
    GroupCollectionPermission.objects.filter(group=group).delete()
    sync_roles()  # no organisation links the group: it is given no collection
    assert own_collections(group) == set()


def test_moderating_roles_approve_every_active_group_approval_task():
    task = GroupApprovalTask.objects.create(name="Second approval", active=True)
    idle = GroupApprovalTask.objects.create(name="Idle", active=False)
    sync_roles(apps=global_apps)
    moderators = {
        group.name for group in Group.objects.all() if task.groups.filter(pk=group.pk).exists()
    }
    assert moderators == {role.name for role in ROLES if role.moderates and not role.group_prefix}
    assert not idle.groups.exists()
