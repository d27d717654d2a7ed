"""Wish staff make partner users from the organisation's admin screen and see who they are."""

import pytest
from django.test import Client

from network.models import organisation_for
from tests.factories import OrganisationFactory, partner_user

pytestmark = pytest.mark.django_db


def test_organisation_list_links_to_making_a_partner_user(admin_client):
    org = OrganisationFactory()

    html = admin_client.get("/admin/network/organisation/").content.decode()

    assert f"/admin/network/partner-users/new/?organisation={org.pk}" in html
    form = admin_client.get(f"/admin/network/partner-users/new/?organisation={org.pk}")
    assert f'<option value="{org.pk}" selected>' in form.content.decode()


def test_a_weak_password_or_taken_username_stores_nothing(admin_client, admin_user):
    org = OrganisationFactory()
    data = {"organisation": org.pk, "username": "admin", "email": "a@example.org"}

    response = admin_client.post("/admin/network/partner-users/new/", {**data, "password": "1"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "already has that username" in html
    assert not org.partner_accounts.exists()


def test_staff_list_partner_users_and_partners_cannot(admin_client):
    org = OrganisationFactory(name="Listed Org")
    user = partner_user(org, username="listed")

    assert "listed" in admin_client.get("/admin/network/partneraccount/").content.decode()
    client = Client()
    client.force_login(user)
    response = client.get("/admin/network/partneraccount/")
    assert response.status_code in (302, 403) and "listed" not in response.content.decode()


def test_organisation_for(admin_user):
    org = OrganisationFactory()
    assert organisation_for(partner_user(org)) == org
    assert organisation_for(admin_user) is None


def namesakes(home_page):
    """Foo, renamed once it has a partner user, and a new organisation called Foo."""
    from tests.factories import PartnerPageFactory

    old = OrganisationFactory(name="Foo", slug="foo", is_partner=True)
    old_page = PartnerPageFactory(parent=home_page, organisation=old, slug="foo-page")
    old_user = partner_user(old, username="old-partner")
    old.name = "Foo Renamed"
    old.save()
    new = OrganisationFactory(name="Foo", slug="foo-2", is_partner=True)
    return old, old_page, old_user, new


def test_a_namesake_organisations_partner_user_gets_none_of_the_others_rights(home_page):
    """A partner group belongs to its organisation, not to its name: after Foo is
    renamed and a new Foo is made, the new Foo's partner user may not edit the
    first Foo's partner page or add to its pictures, and the first Foo's user
    keeps its own rights and gets none of the new one's."""
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    from network.access_groups import sync_roles
    from tests.factories import role_user

    permission_policy = policy_registry.get_by_type(get_image_model())
    old, old_page, old_user, new = namesakes(home_page)
    manager = Client()
    manager.force_login(role_user("Consultation manager", "manager"))
    response = manager.post(
        "/admin/network/partner-users/new/",
        {
            "organisation": new.pk,
            "username": "newfoo",
            "email": "n@example.org",
            "password": "a-long-Passphrase-42",
        },
    )
    assert response.status_code == 302
    sync_roles()  # as after every migrate
    old.refresh_from_db()
    new.refresh_from_db()
    intruder = new.partner_accounts.get().user

    assert not set(intruder.groups.all()) & set(old_user.groups.all())
    # Its name is only a label, kept free of the first Foo's.
    assert new.partner_group.name == "Partner: Foo (2)"
    assert not old_page.permissions_for_user(intruder).can_edit()
    assert old_page.permissions_for_user(old_user).can_edit()
    client = Client()
    client.force_login(intruder)
    assert client.get(f"/admin/pages/{old_page.pk}/edit/").status_code != 200
    assert set(permission_policy.collections_user_has_permission_for(intruder, "add")) == {
        new.collection
    }
    assert set(permission_policy.collections_user_has_permission_for(old_user, "add")) == {
        old.collection
    }


def test_an_inactive_organisation_offers_no_partner_user_button(admin_client):
    """The form lists active organisations only, so the row offers no dead link."""
    active = OrganisationFactory(name="Open charity")
    gone = OrganisationFactory(name="Closed charity", active=False)

    html = admin_client.get("/admin/network/organisation/").content.decode()

    assert f"/admin/network/partner-users/new/?organisation={active.pk}" in html
    assert f"/admin/network/partner-users/new/?organisation={gone.pk}" not in html


def test_deleting_a_partner_account_takes_away_the_groups_rights(home_page, admin_client):
    """Staff delete someone's partner account when she leaves: her sign-in may stay
    (a user can be more than a partner), but her organisation's group, with its
    partner page and pictures, goes with the account."""
    from tests.factories import PartnerPageFactory

    org = OrganisationFactory(name="Leaving", slug="leaving", is_partner=True)
    page = PartnerPageFactory(parent=home_page, organisation=org, slug="leaving-page")
    user = partner_user(org, username="leaver")
    assert page.permissions_for_user(user).can_edit()
    account = user.partner_account

    response = admin_client.post(f"/admin/network/partneraccount/delete/{account.pk}/")

    assert response.status_code == 302
    org.refresh_from_db()
    user = type(user).objects.get(pk=user.pk)
    assert not hasattr(user, "partner_account") or user.partner_account is None
    assert not user.groups.filter(pk=org.partner_group_id).exists()
    assert not page.permissions_for_user(user).can_edit()
    assert not user.has_perm("wagtailadmin.access_admin")


def test_an_organisation_saved_from_an_earlier_read_keeps_its_group(home_page):
    """An admin edit form read the organisation before its first partner user was
    made; saving it keeps the group link (and the picture collection), and
    deleting an account later still takes its user out of the group."""
    from network.models import Organisation, PartnerAccount
    from tests.factories import PartnerPageFactory

    org = OrganisationFactory(name="Org", slug="org", is_partner=True)
    page = PartnerPageFactory(parent=home_page, organisation=org, slug="org-page")
    stale = Organisation.objects.get(pk=org.pk)
    first = partner_user(org, username="u1")
    stale.name = "Org renamed"
    stale.save()

    org.refresh_from_db()
    assert org.name == "Org renamed"
    assert org.partner_group == first.groups.get() and org.collection is not None
    second = partner_user(org, username="u2")
    assert set(second.groups.all()) == set(first.groups.all())
    PartnerAccount.objects.get(user=first).delete()
    first = type(first).objects.get(pk=first.pk)
    assert not first.groups.exists()
    assert not page.permissions_for_user(first).can_edit()
