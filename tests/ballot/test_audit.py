"""Every action on codes, paper batches and partner accounts is in Wagtail's audit log."""

import pytest
from django.test import Client
from wagtail.models import ModelLogEntry

from ballot.models import PaperBatch
from network.models import PartnerAccount
from tests.factories import OrganisationFactory, partner_user, promise

pytestmark = pytest.mark.django_db


def actions():
    return list(ModelLogEntry.objects.order_by("pk").values_list("action", flat=True))


def test_staff_make_a_partner_user_and_it_is_logged(admin_client, admin_user, home_page):
    org = OrganisationFactory(name="Women in Example")

    response = admin_client.post(
        "/admin/network/partner-users/new/",
        {
            "organisation": org.pk,
            "username": "keyer",
            "email": "keyer@example.org",
            "password": "a-long-partner-password",
        },
    )

    assert response.status_code == 302
    account = PartnerAccount.objects.get(user__username="keyer")
    assert account.organisation == org
    entry = ModelLogEntry.objects.get(action="ballot.partner_account.create")
    assert entry.user == admin_user and entry.data["organisation"] == "Women in Example"


def test_codes_and_paper_batches_are_logged_with_who(ballot):
    org = OrganisationFactory()
    promise(org, ballot, 10)  # a quota of 12 codes: 3 need no approval
    users = [partner_user(org, username=name) for name in ("a", "b")]
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    a, b = clients

    a.post(
        "/admin/ballot/codebatch/create/",
        {"ballot": ballot.pk, "organisation": org.pk, "reference": "cards", "size": 3},
    )
    a.post(
        "/admin/ballot/paperbatch/create/",
        {"ballot": ballot.pk, "organisation": org.pk, "reference": "box"},
    )
    batch = PaperBatch.objects.get()
    for client in (a, b):
        client.post(f"/admin/ballot/paperbatch/enter/{batch.pk}/", {"numbers": "1 2 3"})
        client.post(f"/admin/ballot/paperbatch/enter/{batch.pk}/", {"finish": "1"})

    logged = actions()
    for action in [
        "ballot.partner_account.create",
        "ballot.codes.issue",
        "ballot.paper_batch.create",
        "ballot.paper.key",
        "ballot.paper_batch.finish_keying",
        "ballot.paper_batch.settle",
    ]:
        assert action in logged
    settle = ModelLogEntry.objects.get(action="ballot.paper_batch.settle")
    assert settle.user == users[1] and settle.data == {"votes": 1, "spoilt": 0}
    assert ModelLogEntry.objects.filter(action="ballot.paper.key").count() == 2


def test_staff_see_and_export_the_log(admin_client, ballot):
    org = OrganisationFactory()
    partner_user(org, username="someone")

    history = admin_client.get("/admin/reports/site-history/").content.decode()
    export = admin_client.get("/admin/reports/site-history/", {"export": "csv"})

    assert "Partner user created" in history
    assert export.status_code == 200
    body = b"".join(export.streaming_content) if export.streaming else export.content
    assert b"Partner account,Create a partner use" in body and b"someone (" in body


def test_partners_do_not_see_the_site_history_of_batches(ballot):
    ours, theirs = OrganisationFactory(name="Ours"), OrganisationFactory(name="Theirs")
    staff_batch = PaperBatch.objects.create(
        ballot=ballot, organisation=theirs, reference="their secret box"
    )
    from wagtail.log_actions import log

    log(staff_batch, "ballot.paper_batch.create")
    client = Client()
    client.force_login(partner_user(ours))

    response = client.get("/admin/reports/site-history/")

    assert "their secret box" not in response.content.decode()
