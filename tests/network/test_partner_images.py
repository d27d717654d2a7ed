"""Partners manage the pictures in their own organisation's collection, and no
other (issue 13, item 4): the Partner role's collection permissions, set by
sync_roles from network/access.py ROLES, decide."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.permissions import policy_registry

from network.access_groups import organisation_collection, sync_roles
from tests.factories import ImageFactory, OrganisationFactory, partner_user, role_user

pytestmark = pytest.mark.django_db

permission_policy = policy_registry.get_by_type(get_image_model())

# A 1x1 GIF.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
    b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


@pytest.fixture
def orgs(db):
    return (
        OrganisationFactory(name="Women in Prison", slug="wip"),
        OrganisationFactory(name="AVA", slug="ava"),
    )


def test_each_partner_gets_its_own_collection(orgs):
    wip, ava = orgs
    partner_user(wip)
    partner_user(ava)
    wip.refresh_from_db()
    ava.refresh_from_db()
    assert wip.collection and ava.collection and wip.collection != ava.collection
    assert wip.collection.get_parent() == Collection.get_first_root_node()


def test_a_partner_may_add_to_its_own_collection_only(orgs):
    wip, ava = orgs
    user = partner_user(wip)
    partner_user(ava)
    wip.refresh_from_db()
    ava.refresh_from_db()
    allowed = set(permission_policy.collections_user_has_permission_for(user, "add"))
    assert allowed == {wip.collection}
    theirs = ImageFactory(collection=ava.collection)
    ours = ImageFactory(collection=wip.collection)
    assert permission_policy.user_has_permission_for_instance(user, "change", ours)
    assert not permission_policy.user_has_permission_for_instance(user, "change", theirs)
    root_image = ImageFactory()
    assert not permission_policy.user_has_permission_for_instance(user, "change", root_image)


def test_uploading_into_another_partners_collection_is_refused(client, orgs):
    wip, ava = orgs
    user = partner_user(wip)
    partner_user(ava)
    wip.refresh_from_db()
    ava.refresh_from_db()
    client.force_login(user)

    def upload(collection):
        return client.post(
            "/admin/images/add/",
            {
                "title": "Our logo",
                "file": SimpleUploadedFile("logo.gif", GIF, content_type="image/gif"),
                "collection": collection.pk,
                "description": "Women in Prison logo",
            },
        )

    upload(ava.collection)
    Image = get_image_model()
    # With one permitted collection Wagtail offers no choice: the picture lands in
    # the partner's own collection, never in the one asked for.
    assert not Image.objects.filter(collection=ava.collection).exists()
    response = upload(wip.collection)
    assert response.status_code == 302
    assert set(Image.objects.values_list("collection", flat=True)) == {wip.collection.pk}


def test_sync_roles_puts_back_exactly_the_policy(orgs):
    from wagtail.models import GroupCollectionPermission

    wip, _ = orgs
    user = partner_user(wip)
    group = user.groups.get()
    GroupCollectionPermission.objects.filter(group=group).delete()
    sync_roles()
    wip.refresh_from_db()
    assert set(
        GroupCollectionPermission.objects.filter(group=group).values_list(
            "collection_id", "permission__codename"
        )
    ) == {
        (wip.collection_id, codename)
        for codename in ("add_image", "change_image", "delete_image", "choose_image")
    }


def test_staff_without_image_rights_cannot_upload(client, orgs):
    client.force_login(role_user("Membership officer", "mo"))
    response = client.get("/admin/images/add/")
    assert response.status_code in (302, 403)


def test_collection_is_made_once(orgs):
    wip, _ = orgs
    first = organisation_collection(wip)
    assert organisation_collection(wip) == first
