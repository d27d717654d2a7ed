"""Kiosks: a shared device that takes votes for a limited time.

Each attack below was first run against the code before kiosks were records
(signed links with no expiry, made on the results page) and succeeded there.
"""

import contextlib
import hashlib
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import Permission
from django.core import signing
from django.db import connection, connections
from django.test import Client, override_settings
from django.utils import timezone
from wagtail.models import ModelLogEntry, Page, Site

from ballot.models import Kiosk, Vote
from tests.ballot.conftest import NOTHING, form_field, page_errors, stored, vote_data
from tests.factories import (
    BallotPageFactory,
    HomePageFactory,
    OrganisationFactory,
    kiosk_with_token,
    partner_user,
)

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL concurrency (runs in CI on PG)"
)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def make_in_admin(client, ballot, organisation=None, days=7, label="HMP Styal library"):
    return client.post(
        "/admin/ballot/kiosk/create/",
        {
            "label": label,
            "ballot": ballot.pk,
            "organisation": organisation.pk if organisation else "",
            "days": days,
        },
    )


def token_of(response):
    return unquote(response.context["url"].split("?kiosk=")[1])


def assert_stopped(client, ballot, token, words):
    page = client.get("/have-your-say/", {"kiosk": token})
    assert page.status_code == 403
    html = page.content.decode()
    assert words in html
    assert 'name="options"' not in html  # no form to fill in
    vote = client.post("/have-your-say/", vote_data(ballot, kiosk=token))
    assert vote.status_code == 403
    assert stored() == NOTHING


# --- old links ----------------------------------------------------------------
def test_old_signed_kiosk_links_stop_working(client, ballot):
    org = OrganisationFactory()
    old = signing.dumps({"b": ballot.pk, "o": org.pk}, salt="ballot.kiosk")

    assert_stopped(client, ballot, old, "not a working kiosk link")


# --- making one -----------------------------------------------------------------
def test_kiosk_made_in_the_admin_takes_votes_for_its_organisation(client, ballot, admin_client):
    org = OrganisationFactory()
    token = token_of(make_in_admin(admin_client, ballot, org))

    for _ in range(2):
        page = client.get("/have-your-say/", {"kiosk": token})
        assert form_field(page, "kiosk") == token
        assert client.post("/have-your-say/", vote_data(ballot, kiosk=token)).status_code == 303

    assert Vote.objects.filter(channel=org).count() == 2
    assert Kiosk.objects.get().votes_total == 2


def test_the_token_is_stored_only_as_a_hash_and_shown_once(ballot, admin_client, admin_user):
    made = make_in_admin(admin_client, ballot)
    token = token_of(made)

    kiosk = Kiosk.objects.get()
    assert kiosk.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored_text = " ".join(str(v) for v in Kiosk.objects.values().get().values())
    assert token not in stored_text
    assert "no-store" in made["Cache-Control"]
    entry = ModelLogEntry.objects.get(action="ballot.kiosk.create")
    assert entry.user == admin_user and token not in str(entry.data)
    listing = admin_client.get("/admin/ballot/kiosk/").content.decode()
    assert "HMP Styal library" in listing and token not in listing


def test_a_vote_never_refers_to_a_kiosk():
    related = {f.related_model for f in Vote._meta.get_fields() if f.is_relation}
    assert Kiosk not in related


# --- expiry -----------------------------------------------------------------------
def test_default_expiry_is_7_days_and_at_most_30(ballot, admin_client):
    make_in_admin(admin_client, ballot, days=7)
    kiosk = Kiosk.objects.get()
    assert timedelta(days=6, hours=23) < kiosk.expires_at - timezone.now() <= timedelta(days=7)

    too_long = make_in_admin(admin_client, ballot, days=31, label="Too long")

    assert too_long.status_code == 200
    assert "less than or equal to 30" in too_long.content.decode()
    assert Kiosk.objects.count() == 1


def test_an_expired_kiosk_takes_no_vote(client, ballot):
    kiosk, token = kiosk_with_token(ballot)
    Kiosk.objects.filter(pk=kiosk.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    assert_stopped(client, ballot, token, "This kiosk link has expired.")


def test_a_kiosk_that_expires_between_page_and_vote_takes_no_vote(client, ballot):
    kiosk, token = kiosk_with_token(ballot)
    page = client.get("/have-your-say/", {"kiosk": token})
    assert form_field(page, "kiosk") == token
    Kiosk.objects.filter(pk=kiosk.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.post("/have-your-say/", vote_data(ballot, kiosk=token))

    assert response.status_code == 403
    assert stored() == NOTHING


# --- revocation -----------------------------------------------------------------
def test_a_partner_revokes_their_kiosk_and_it_takes_no_vote(client, ballot):
    org = OrganisationFactory(name="Ours")
    partner = partner_user(org)
    kiosk, token = kiosk_with_token(ballot, org)

    confirm = signed_in(partner).get(f"/admin/ballot/kiosk/revoke/{kiosk.pk}/")
    assert confirm.status_code == 200
    response = signed_in(partner).post(f"/admin/ballot/kiosk/revoke/{kiosk.pk}/")

    assert response.status_code == 302
    kiosk.refresh_from_db()
    assert kiosk.revoked_at is not None and kiosk.revoked_by == partner
    entry = ModelLogEntry.objects.get(action="ballot.kiosk.revoke")
    assert entry.user == partner
    assert_stopped(client, ballot, token, "This kiosk has been switched off.")


# --- inactive organisation -----------------------------------------------------------
def test_an_inactive_organisations_kiosk_stops(client, ballot):
    org = OrganisationFactory()
    _kiosk, token = kiosk_with_token(ballot, org)
    org.active = False
    org.save()

    assert_stopped(client, ballot, token, "This kiosk no longer takes votes.")


# --- per-hour limit -------------------------------------------------------------------
@override_settings(BALLOT_KIOSK_HOURLY_LIMIT=3, BALLOT_IP_LIMIT=0)
def test_a_kiosk_takes_at_most_its_hourly_limit(client, ballot):
    _kiosk, token = kiosk_with_token(ballot)
    for _ in range(3):
        assert client.post("/have-your-say/", vote_data(ballot, kiosk=token)).status_code == 303

    fourth = client.post("/have-your-say/", vote_data(ballot, kiosk=token))

    assert fourth.status_code == 200
    assert any("as many votes as it can this hour" in e for e in page_errors(fourth))
    assert Vote.objects.count() == 3


@pytest.fixture
def live_kiosk(wagtail_roots):
    Page.objects.filter(depth=2, content_type__model="page").delete()
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="home", title="Home")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    ballot = BallotPageFactory(parent=home, slug="have-your-say")
    return ballot, kiosk_with_token(ballot)[1]


@on_postgres
@pytest.mark.postgres
@override_settings(BALLOT_KIOSK_HOURLY_LIMIT=3, BALLOT_IP_LIMIT=0)
def test_12_parallel_kiosk_votes_accept_at_most_the_limit(live_kiosk):
    ballot, token = live_kiosk
    bodies = [vote_data(ballot, kiosk=token) for _ in range(12)]
    start = threading.Barrier(len(bodies))

    def post(body):
        try:
            with contextlib.suppress(threading.BrokenBarrierError):
                start.wait(timeout=10)
            return Client(raise_request_exception=False).post("/have-your-say/", body).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        statuses = list(pool.map(post, bodies))

    assert 500 not in statuses
    assert statuses.count(303) == 3
    assert Vote.objects.count() == 3


# --- who may make and see kiosks ---------------------------------------------------------
def test_a_partner_makes_kiosks_only_for_their_own_organisation(ballot):
    ours, theirs = OrganisationFactory(name="Ours"), OrganisationFactory(name="Theirs")
    partner = signed_in(partner_user(ours))

    forged = make_in_admin(partner, ballot, theirs)
    assert forged.status_code == 200 and not Kiosk.objects.exists()
    staff_run = make_in_admin(partner, ballot, None)
    assert staff_run.status_code == 200 and not Kiosk.objects.exists()

    assert make_in_admin(partner, ballot, ours).status_code == 200
    assert Kiosk.objects.get().organisation == ours


def test_a_partner_neither_sees_nor_revokes_another_organisations_kiosk(ballot):
    ours, theirs = OrganisationFactory(name="Ours"), OrganisationFactory(name="Theirs")
    kiosk, _ = kiosk_with_token(ballot, theirs, label="Their ward tablet")
    partner = signed_in(partner_user(ours))

    assert "Their ward tablet" not in partner.get("/admin/ballot/kiosk/").content.decode()
    assert partner.post(f"/admin/ballot/kiosk/revoke/{kiosk.pk}/").status_code == 404
    kiosk.refresh_from_db()
    assert kiosk.revoked_at is None


def test_an_admin_user_without_kiosk_permission_cannot_make_one(ballot, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = signed_in(editor)

    assert client.get("/admin/ballot/kiosk/create/").status_code in (302, 403)
    make_in_admin(client, ballot)

    assert not Kiosk.objects.exists()


def test_kiosk_counts_are_shown_only_in_steps_of_k(ballot, admin_client):
    a, _ = kiosk_with_token(ballot, label="Kiosk A")
    b, _ = kiosk_with_token(ballot, label="Kiosk B")
    Kiosk.objects.filter(pk=a.pk).update(votes_total=9)
    Kiosk.objects.filter(pk=b.pk).update(votes_total=23)

    listing = admin_client.get("/admin/ballot/kiosk/").content.decode()

    assert "fewer than 10" in listing and "20 or more" in listing
    assert ">9<" not in listing and ">23<" not in listing


def test_the_kiosk_list_costs_the_same_at_any_number_of_kiosks(
    ballot, admin_client, django_assert_max_num_queries
):
    for i in range(3):
        kiosk_with_token(ballot, OrganisationFactory(), label=f"Kiosk {i}")
    with django_assert_max_num_queries(60) as at_3:
        assert "Kiosk 2" in admin_client.get("/admin/ballot/kiosk/").content.decode()
    few = len(at_3)  # read at once: the next request empties Django's query log
    for i in range(12):
        kiosk_with_token(ballot, OrganisationFactory(), label=f"More {i}")

    with django_assert_max_num_queries(few):
        assert "More 11" in admin_client.get("/admin/ballot/kiosk/").content.decode()
