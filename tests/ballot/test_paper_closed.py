"""Paper after closing: a batch counts only if its papers were received before
the ballot closed, and only staff can record when that was (audit-logged).

The attack (before): a batch made after closing was keyed twice, settled and
counted into the closed ballot's results.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry

from ballot.models import PaperBatch, Vote
from tests.factories import OrganisationFactory, partner_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Ours", slug="ours")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def close(ballot, days_ago=2):
    ballot.opens_at = timezone.now() - timedelta(days=30)
    ballot.closes_at = timezone.now() - timedelta(days=days_ago)
    ballot.save()
    return timezone.localdate(ballot.closes_at)


def new_batch(client, ballot, org, **extra):
    return client.post(
        "/admin/ballot/paperbatch/create/",
        {"ballot": ballot.pk, "organisation": org.pk, "reference": "late box", **extra},
    )


def key_twice(batch, org):
    url = f"/admin/ballot/paperbatch/enter/{batch.pk}/"
    replies = []
    for name in ("a", "b"):
        client = signed_in(partner_user(org, username=name))
        replies.append(client.post(url, {"numbers": "1 2 3"}))
        replies.append(client.post(url, {"finish": "1"}))
    return replies


def test_a_partner_cannot_start_a_batch_for_a_closed_ballot(ballot, org):
    close(ballot)
    partner = signed_in(partner_user(org))

    response = new_batch(partner, ballot, org)

    assert response.status_code == 200
    assert "ask the Wish consultation team" in response.content.decode()
    assert not PaperBatch.objects.exists()


def test_staff_must_give_a_received_date_not_after_closing(ballot, org, admin_client):
    closed_on = close(ballot)

    missing = new_batch(admin_client, ballot, org)
    late = new_batch(admin_client, ballot, org, received_on=closed_on + timedelta(days=1))

    assert "Give the date these papers were received" in missing.content.decode()
    assert "received after that cannot be counted" in late.content.decode()
    assert not PaperBatch.objects.exists()


def test_papers_received_before_closing_are_accepted_keyed_and_logged(
    ballot, org, admin_client, admin_user
):
    closed_on = close(ballot)

    response = new_batch(admin_client, ballot, org, received_on=closed_on)

    assert response.status_code == 302
    batch = PaperBatch.objects.get()
    assert batch.received_on == closed_on
    entry = ModelLogEntry.objects.get(action="ballot.paper_batch.received")
    assert entry.user == admin_user and entry.data["received_on"] == closed_on.isoformat()
    key_twice(batch, org)
    batch.refresh_from_db()
    assert batch.settled_at is not None
    assert Vote.objects.filter(route="paper").count() == 1


def test_a_batch_received_after_closing_cannot_be_keyed_or_settled(ballot, org):
    closed_on = close(ballot)
    batch = PaperBatch.objects.create(
        ballot=ballot,
        organisation=org,
        reference="late",
        received_on=closed_on + timedelta(days=1),
    )

    replies = key_twice(batch, org)

    assert replies[0].status_code == 409
    assert "cannot be counted" in replies[0].content.decode()
    batch.refresh_from_db()
    assert batch.settled_at is None
    assert not Vote.objects.exists()


def test_a_batch_made_while_open_is_received_that_day_and_counts_after_closing(ballot, org):
    partner = signed_in(partner_user(org))
    new_batch(partner, ballot, org)
    batch = PaperBatch.objects.get()
    assert batch.received_on == timezone.localdate()
    close(ballot, days_ago=0)  # it closes today, after the batch was made

    key_twice(batch, org)

    batch.refresh_from_db()
    assert batch.settled_at is not None


def test_a_partner_cannot_give_a_received_date(ballot, org):
    partner = signed_in(partner_user(org))
    form = partner.get("/admin/ballot/paperbatch/create/").content.decode()
    assert 'name="received_on"' not in form

    new_batch(partner, ballot, org, received_on="2000-01-01")

    assert PaperBatch.objects.get().received_on == timezone.localdate()


def test_staff_recording_the_date_later_is_logged(ballot, org, admin_client):
    closed_on = close(ballot)
    batch = PaperBatch.objects.create(ballot=ballot, organisation=org, reference="box")

    response = admin_client.post(
        f"/admin/ballot/paperbatch/edit/{batch.pk}/",
        {
            "ballot": ballot.pk,
            "organisation": org.pk,
            "reference": "box",
            "received_on": closed_on - timedelta(days=1),
        },
    )

    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.received_on == closed_on - timedelta(days=1)
    assert ModelLogEntry.objects.filter(action="ballot.paper_batch.received").count() == 1
