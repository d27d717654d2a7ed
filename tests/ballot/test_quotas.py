"""Code quotas: a partner issues codes up to a quota per ballot, and a
consultation manager approves anything beyond it.

The attack (before quotas): a partner user made 2,000 codes a batch, as many
batches as she liked, and every one was issued at once.
"""

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.db.models import Sum
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry, Page, Site

from ballot.models import BallotCode, CodeBatch
from tests.ballot.conftest import page_errors, stored, vote_data
from tests.factories import (
    BallotPageFactory,
    HomePageFactory,
    OrganisationFactory,
    partner_user,
    promise,
)

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL concurrency (runs in CI on PG)"
)


@pytest.fixture
def org(ballot):
    org = OrganisationFactory(name="Ours", slug="ours")
    promise(org, ballot, 10)  # quota 12
    return org


@pytest.fixture
def partner(org):
    client = Client()
    client.force_login(partner_user(org))
    return client


def ask(client, ballot, org, size, reference="cards"):
    return client.post(
        "/admin/ballot/codebatch/create/",
        {"ballot": ballot.pk, "organisation": org.pk, "reference": reference, "size": size},
    )


def issued_codes():
    return BallotCode.objects.count()


def test_a_partner_cannot_mint_codes_beyond_the_quota(partner, ballot, org):
    assert ask(partner, ballot, org, 12).status_code == 200  # the codes, shown once
    for _ in range(3):
        response = ask(partner, ballot, org, 2000)
        assert response.status_code == 302

    assert issued_codes() == 12
    assert CodeBatch.objects.filter(status="pending").count() == 3
    messages = [str(m) for m in partner.get(response["Location"]).context["messages"]]
    assert any("waiting for a consultation manager" in m for m in messages)
    assert ModelLogEntry.objects.filter(action="ballot.codes.request").count() == 3


def test_default_quota_is_1_2_times_the_promise_for_this_ballot(partner, ballot, org):
    promise(org, ballot, 100)

    ask(partner, ballot, org, 120)
    ask(partner, ballot, org, 1)

    assert issued_codes() == 120
    assert CodeBatch.objects.get(status="pending").size == 1


def test_no_promise_means_every_batch_waits(ballot):
    org = OrganisationFactory()
    client = Client()
    client.force_login(partner_user(org))

    ask(client, ballot, org, 1)

    assert issued_codes() == 0
    assert CodeBatch.objects.get().status == "pending"


def test_staff_set_quota_wins(partner, ballot, org):
    promise(org, ballot, 10, quota=3)

    ask(partner, ballot, org, 4)

    assert issued_codes() == 0


def test_a_manager_approves_then_the_partner_makes_the_codes_once(
    partner, admin_client, admin_user, ballot, org
):
    ask(partner, ballot, org, 20)
    batch = CodeBatch.objects.get()
    own = partner.post(f"/admin/ballot/codebatch/decide/{batch.pk}/", {"decision": "approve"})
    assert own.status_code in (302, 403)  # Wagtail answers "permission denied" by redirect
    batch.refresh_from_db()
    assert batch.status == "pending"  # the partner cannot approve her own batch

    page = admin_client.get(f"/admin/ballot/codebatch/decide/{batch.pk}/")
    assert "Its quota for this ballot is 12 codes" in page.content.decode()
    admin_client.post(f"/admin/ballot/codebatch/decide/{batch.pk}/", {"decision": "approve"})
    batch.refresh_from_db()
    assert (batch.status, batch.decided_by) == ("approved", admin_user)
    assert issued_codes() == 0  # codes are made only by whoever will hand them out

    made = partner.post(f"/admin/ballot/codebatch/make/{batch.pk}/")
    again = partner.post(f"/admin/ballot/codebatch/make/{batch.pk}/")

    assert made.status_code == 200 and len(made.context["codes"]) == 20
    assert again.status_code == 302
    assert issued_codes() == 20
    actions = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {"ballot.codes.request", "ballot.codes.approve", "ballot.codes.issue"} <= actions


def test_a_refused_batch_makes_no_codes(partner, admin_client, ballot, org):
    ask(partner, ballot, org, 20)
    batch = CodeBatch.objects.get()

    admin_client.post(f"/admin/ballot/codebatch/decide/{batch.pk}/", {"decision": "refuse"})
    response = partner.post(f"/admin/ballot/codebatch/make/{batch.pk}/")

    batch.refresh_from_db()
    assert batch.status == "refused"
    assert response.status_code == 302
    assert issued_codes() == 0
    assert ModelLogEntry.objects.filter(action="ballot.codes.refuse").exists()


def test_staff_who_approve_need_no_approval(admin_client, ballot, org):
    response = admin_client.post(
        "/admin/ballot/codebatch/create/",
        {"ballot": ballot.pk, "organisation": org.pk, "reference": "big", "size": 500},
    )

    assert response.status_code == 200
    assert issued_codes() == 500


def test_a_partner_cannot_open_the_quota_list(partner):
    assert partner.get("/admin/ballot/codequota/").status_code in (302, 403)
    assert partner.get("/admin/ballot/codequota/create/").status_code in (302, 403)


def test_the_code_batch_list_shows_issued_used_and_quota(partner, ballot, org):
    ask(partner, ballot, org, 5)
    ask(partner, ballot, org, 50, reference="too many")

    html = partner.get("/admin/ballot/codebatch/").content.decode()

    assert "5 of 12 granted on this ballot" in html
    assert "Waiting for approval" in html and "none yet" in html


def test_codes_stop_working_when_the_ballot_closes(client, ballot, org):
    batch = CodeBatch.objects.create(ballot=ballot, organisation=org, size=1)
    (code,) = batch.issue()
    ballot.closes_at = timezone.now() - timedelta(minutes=1)
    ballot.opens_at = timezone.now() - timedelta(days=1)
    ballot.save()

    response = client.post("/have-your-say/", vote_data(ballot, code=code))

    assert any("This ballot closed" in e for e in page_errors(response))
    assert stored()["votes"] == stored()["code_uses"] == 0


def test_no_codes_are_made_for_a_closed_ballot(partner, ballot, org):
    ballot.opens_at = timezone.now() - timedelta(days=1)
    ballot.closes_at = timezone.now() - timedelta(minutes=1)
    ballot.save()

    response = ask(partner, ballot, org, 5)

    assert response.status_code == 200
    assert "This ballot has closed" in response.content.decode()
    assert not CodeBatch.objects.exists()


@pytest.fixture
def live_org(wagtail_roots):
    Page.objects.filter(depth=2, content_type__model="page").delete()
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="home", title="Home")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    ballot = BallotPageFactory(parent=home, slug="have-your-say")
    org = OrganisationFactory(name="Ours", slug="ours")
    promise(org, ballot, 10)
    return ballot, org, partner_user(org)


@on_postgres
@pytest.mark.postgres
def test_8_parallel_batches_stay_within_the_quota(live_org):
    ballot, org, user = live_org
    start = threading.Barrier(8)

    def post(_):
        try:
            client = Client(raise_request_exception=False)
            client.force_login(user)
            with contextlib.suppress(threading.BrokenBarrierError):
                start.wait(timeout=10)
            return ask(client, ballot, org, 5).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(post, range(8)))

    assert 500 not in statuses
    issued = CodeBatch.objects.filter(status="issued").aggregate(n=Sum("size"))["n"]
    assert issued == 10  # two batches of 5 fit in 12; the other six wait
    assert BallotCode.objects.count() == 10
    assert CodeBatch.objects.filter(status="pending").count() == 6


def test_the_code_batch_list_costs_the_same_at_any_number_of_batches(
    partner, ballot, org, django_assert_max_num_queries
):
    for i in range(3):
        ask(partner, ballot, org, 1, reference=f"few {i}")
    with django_assert_max_num_queries(60) as at_3:
        assert "few 2" in partner.get("/admin/ballot/codebatch/").content.decode()
    few = len(at_3)  # read at once: the next request empties Django's query log
    for i in range(12):
        ask(partner, ballot, org, 1, reference=f"more {i}")

    with django_assert_max_num_queries(few):
        assert "more 11" in partner.get("/admin/ballot/codebatch/").content.decode()


def test_an_approved_batch_prints_its_cards_in_the_language_it_was_asked_in(
    partner, admin_client, ballot, org
):
    """The bug: "Make the codes" printed the cards in the admin's language
    (English here), whatever language the partner had asked for."""
    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code="pl")
    response = partner.post(
        "/admin/ballot/codebatch/create/",
        {
            "ballot": ballot.pk,
            "organisation": org.pk,
            "reference": "Polish cards",
            "size": 20,
            "card_language": "pl",
        },
    )
    assert response.status_code == 302  # beyond the quota: waits for approval
    batch = CodeBatch.objects.get()
    admin_client.post(f"/admin/ballot/codebatch/decide/{batch.pk}/", {"decision": "approve"})

    made = partner.post(f"/admin/ballot/codebatch/make/{batch.pk}/")

    assert made.status_code == 200
    assert made.context["card_language"] == "pl"
    assert 'lang="pl"' in made.content.decode()


def test_a_batch_with_no_language_prints_in_its_ballots_language(
    partner, admin_client, ballot, org
):
    ask(partner, ballot, org, 20)
    batch = CodeBatch.objects.get()
    CodeBatch.objects.filter(pk=batch.pk).update(card_language="")
    admin_client.post(f"/admin/ballot/codebatch/decide/{batch.pk}/", {"decision": "approve"})
    # The partner's admin is in Polish; a batch asked for before cards had a
    # stored language prints in its ballot's language all the same.
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    user = get_user_model().objects.get(username=f"partner-{org.slug}")
    UserProfile.get_for_user(user).__class__.objects.filter(user=user).update(
        preferred_language="pl"
    )

    made = partner.post(f"/admin/ballot/codebatch/make/{batch.pk}/")

    assert made.status_code == 200
    assert made.context["card_language"] == ballot.locale.language_code
