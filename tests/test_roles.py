"""The role groups, the permission policy's answers, and what each role sees in menus,
buttons, the Roles page and Wagtail's site history. The URL-by-URL answers are in
test_access_matrix.py."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from wagtail.log_actions import log

from ballot.models import BallotPage, CodeBatch, PaperBatch
from network import access, access_groups, access_roles
from network.models import Member, Organisation
from tests.factories import (
    BallotPageFactory,
    MemberFactory,
    OrganisationFactory,
    admin_only_user,
    partner_user,
    role_user,
)

pytestmark = pytest.mark.django_db


def perms(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{app}.{code}"
        for app, code in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_migrations_make_the_role_groups_with_their_permissions():
    comms = perms("Communications")
    assert {"wagtailadmin.access_admin", "blog.add_author", "blog.change_category"} <= comms
    assert not {p for p in comms if p.startswith("ballot.") or "member" in p}

    consultation = perms("Consultation manager")
    assert {"ballot.view_results", "ballot.export_votes", "ballot.view_turnout"} <= consultation
    assert {"ballot.add_codebatch", "network.change_organisation"} <= consultation
    assert not {p for p in consultation if "member" in p or "consent" in p}
    assert "network.delete_organisation" not in consultation

    membership = perms("Membership officer")
    assert {"network.view_member", "network.export_member", "network.erase_member"} <= membership
    assert not {p for p in membership if p.startswith("ballot.")}


def test_communications_may_edit_pages_and_media_from_the_root():
    group = Group.objects.get(name="Communications")
    page_codes = set(group.page_permissions.values_list("permission__codename", flat=True))
    assert {"add_page", "change_page", "publish_page"} <= page_codes
    media = set(group.collection_permissions.values_list("permission__codename", flat=True))
    assert {"add_image", "choose_image", "add_document", "choose_document"} <= media


def test_a_permission_added_later_joins_its_role_and_a_stray_one_is_removed():
    """What post_migrate does after a new model's migration (e.g. the Kiosk model)."""
    ballot_type = ContentType.objects.get_for_model(CodeBatch)
    Permission.objects.create(
        content_type=ballot_type, codename="revoke_kiosk", name="Can revoke a kiosk"
    )
    stray = Permission.objects.get(content_type__app_label="network", codename="view_member")
    Group.objects.get(name="Communications").permissions.add(stray)

    access_groups.sync_roles()

    assert "ballot.revoke_kiosk" in perms("Consultation manager")
    assert "ballot.revoke_kiosk" not in perms("Communications")
    assert "network.view_member" not in perms("Communications")


def test_consultation_manager_may_edit_every_ballot_page_even_new_ones(home_page):
    group = Group.objects.get(name="Consultation manager")
    ballot = BallotPageFactory(parent=home_page, slug="vote", title="Vote")
    granted = set(group.page_permissions.values_list("page_id", "permission__codename"))
    assert granted == {
        (ballot.pk, "add_page"),
        (ballot.pk, "change_page"),
        (ballot.pk, "publish_page"),
        (home_page.pk, "add_page"),  # she starts new ballots under the home page
    }
    user = role_user("Consultation manager", "consultation")
    assert ballot.permissions_for_user(user).can_edit()
    assert not home_page.permissions_for_user(user).can_edit()
    assert home_page.permissions_for_user(user).can_add_subpage()
    access_groups.sync_roles()
    assert set(group.page_permissions.values_list("page_id", "permission__codename")) == granted


def test_partner_groups_get_the_partner_role_only():
    org = OrganisationFactory()
    user = partner_user(org)
    group = user.groups.get()
    assert group.name.startswith(access_roles.PARTNER_GROUP_PREFIX)
    assert perms(group.name) == {"wagtailadmin.access_admin"}
    access_groups.sync_roles()
    assert perms(group.name) == {"wagtailadmin.access_admin"}


# --- the policy's answers -----------------------------------------------------


@pytest.fixture
def two_orgs(home_page):
    ballot = BallotPageFactory(parent=home_page, slug="vote", title="Vote")
    ours, theirs = OrganisationFactory(slug="ours"), OrganisationFactory(slug="theirs")
    batches = {
        org.slug: PaperBatch.objects.create(ballot=ballot, organisation=org, reference=org.slug)
        for org in (ours, theirs)
    }
    return ballot, ours, theirs, batches


def test_a_partner_may_act_on_their_own_organisations_rows_only(two_orgs):
    ballot, ours, theirs, batches = two_orgs
    partner = partner_user(ours)

    assert access.can(partner, "key", batches["ours"])
    assert not access.can(partner, "key", batches["theirs"])
    assert not access.can(partner, "delete", batches["ours"])
    assert access.can(partner, "turnout", ours) and not access.can(partner, "turnout", theirs)
    assert not access.can(partner, "results", ballot)
    assert not access.can(partner, "view", Member)
    assert list(access.scope(partner, PaperBatch.objects.all())) == [batches["ours"]]
    assert list(access.scope(partner, Organisation.objects.all(), "turnout")) == [ours]


def test_staff_roles_see_every_organisation_and_nothing_outside_their_role(two_orgs):
    ballot, ours, _, batches = two_orgs
    consultation = role_user("Consultation manager", "consultation")
    comms = role_user("Communications", "comms")

    assert access.scope(consultation, PaperBatch.objects.all()).count() == 2
    assert access.can(consultation, "export", ballot)
    assert not access.can(consultation, "export", MemberFactory())
    assert access.scope(comms, PaperBatch.objects.all()).count() == 0
    assert not access.can(comms, "results", ballot)


def test_unknown_actions_and_never_actions_are_refused_even_to_superusers(
    two_orgs, django_user_model
):
    superuser = django_user_model.objects.create_superuser("root", "r@example.org", "pw")
    assert access.can(superuser, "erase", Member)
    assert not access.can(superuser, "delete", Member)  # erasure instead
    assert not access.can(superuser, "fly", BallotPage)
    assert not access.can(superuser, "view", Group)  # not a model this policy covers
    with pytest.raises(access.PermissionDenied):
        access.require(superuser, "change", CodeBatch)


# --- what each role sees --------------------------------------------------------


def menu_of(user):
    client = Client()
    client.force_login(user)
    return client, client.get("/admin/").content.decode()


def test_menus_show_each_role_only_its_own_areas(home_page):
    _, editors = menu_of(role_user("Editors", "editor"))
    _, consultation = menu_of(role_user("Consultation manager", "consultation"))
    _, membership = menu_of(role_user("Membership officer", "membership"))

    assert "Ballots and results" not in editors and "Turnout" not in editors
    assert "Ballots and results" in consultation and "Turnout" in consultation
    assert "Members" not in consultation
    assert "Members" in membership and "Ballots and results" not in membership


def test_results_and_export_buttons_only_for_those_who_may(home_page):
    BallotPageFactory(parent=home_page, slug="vote", title="Vote")
    consultation = Client()
    consultation.force_login(role_user("Consultation manager", "consultation"))
    html = consultation.get("/admin/ballot/ballotpage/").content.decode()
    assert "Export CSV" in html and "Results" in html


def test_roles_page_shows_each_roles_description():
    client = Client()
    client.force_login(admin_only_user())
    html = client.get("/admin/roles/").content.decode()
    for role in access_roles.ROLES:
        assert role.description.split(":")[0] in html


def test_site_history_does_not_show_member_or_batch_logs_outside_the_role(two_orgs):
    _, ours, _, batches = two_orgs
    member = MemberFactory(name="Alice Secretname")
    log(member, "wagtail.edit")
    log(batches["theirs"], "ballot.paper_batch.create", data={"reference": "theirs"})

    def history(user):
        client = Client()
        client.force_login(user)
        return client.get("/admin/reports/site-history/").content.decode()

    for user in (
        role_user("Editors", "editor"),
        role_user("Communications", "comms"),
        admin_only_user(),
        partner_user(ours),
    ):
        html = history(user)
        assert "Alice Secretname" not in html and "theirs" not in html, user.username
    assert "Alice Secretname" in history(role_user("Membership officer", "membership"))
    assert "theirs" in history(role_user("Consultation manager", "consultation"))


# --- the demo's users -----------------------------------------------------------


def test_ensure_demo_roles_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with local development settings"):
        call_command("ensure_demo_roles")


def test_demo_users_one_per_role_made_once(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("COMMS_PASSWORD", "a-comms-password")
    first, second = io.StringIO(), io.StringIO()
    call_command("ensure_demo_roles", stdout=first)
    call_command("ensure_demo_roles", stdout=second)

    assert "a-comms-password" in first.getvalue()
    assert "changeme-consultation" in first.getvalue()
    assert "a-comms-password" not in second.getvalue()
    client = Client()
    assert client.login(username="comms", password="a-comms-password")
    assert (
        Group.objects.get(name="Membership officer").user_set.filter(username="membership").exists()
    )
