"""The signed links in emails: confirm, unsubscribe, leave; expired, forged and reused links."""

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.utils import timezone

from network.membership import tokens
from network.models import LeaverTally, Member
from tests.factories import MemberFactory

from .helpers import join, links_in

pytestmark = pytest.mark.django_db


def link(member, purpose):
    return f"/membership/{purpose}/{tokens.make_token(member, purpose)}/"


@pytest.fixture
def pending(join_page, client, join_data):
    join(client, join_page, join_data)
    return Member.objects.get()


def test_confirm_link_shows_a_button_and_the_post_confirms(client, pending):
    path = links_in(mail.outbox[0])["confirm"]

    shown = client.get(path)
    pending.refresh_from_db()
    assert shown.status_code == 200
    assert "Yes, I want to join" in shown.content.decode()
    assert pending.status == Member.Status.PENDING  # a scanner opening the link confirms nothing

    done = client.post(path)
    assert done.status_code == 302
    assert done["Location"] == "/membership/confirmed/"
    pending.refresh_from_db()
    assert pending.status == Member.Status.CONFIRMED
    assert pending.confirmed_at is not None
    welcome = client.get(done["Location"]).content.decode()
    assert "Welcome to the network" in welcome
    assert "Welcome aboard: next, have your say." in welcome  # the join page's text


def test_only_confirmed_members_count(client, pending):
    assert Member.objects.confirmed().count() == 0
    assert Member.objects.mailing_list().count() == 0

    client.post(links_in(mail.outbox[0])["confirm"])

    assert Member.objects.confirmed().count() == 1
    assert Member.objects.mailing_list().count() == 1


def test_reused_confirm_link_changes_nothing_and_says_so(client, pending):
    path = links_in(mail.outbox[0])["confirm"]
    client.post(path)
    pending.refresh_from_db()
    confirmed_at = pending.confirmed_at

    again_get = client.get(path)
    again_post = client.post(path)

    pending.refresh_from_db()
    assert pending.confirmed_at == confirmed_at
    for response in (again_get, again_post):
        assert response.status_code == 200
        assert "You are already a member" in response.content.decode()


def test_expired_confirm_link_is_refused_and_changes_nothing(client, pending, settings):
    token = tokens.make_token(pending, tokens.CONFIRM)
    settings.MEMBERSHIP_CONFIRM_MAX_AGE = 60
    path = f"/membership/confirm/{token}/"

    later = timezone.now() + timedelta(seconds=61)
    from unittest import mock

    with mock.patch("time.time", return_value=later.timestamp()):
        response = client.post(path)

    pending.refresh_from_db()
    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    assert pending.status == Member.Status.PENDING


@pytest.mark.parametrize("purpose", ["confirm", "unsubscribe", "leave"])
@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # altered signature
        lambda t: "0" * 32 + t[32:],  # someone else's key, same signature
        lambda t: t.split(":")[0],  # signature removed
        lambda t: "x" * 500,  # oversized
    ],
)
def test_tampered_links_are_refused_and_change_nothing(client, purpose, mangle):
    member = MemberFactory(with_updates=True, pending=True)
    path = f"/membership/{purpose}/{mangle(tokens.make_token(member, purpose))}/"

    get = client.get(path)
    post = client.post(path)

    member.refresh_from_db()
    for response in (get, post):
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    assert member.status == Member.Status.PENDING
    assert member.wants_updates is True


def test_link_for_one_purpose_does_not_work_for_another(client):
    member = MemberFactory(with_updates=True)
    unsubscribe_token = tokens.make_token(member, tokens.UNSUBSCRIBE)

    response = client.post(f"/membership/leave/{unsubscribe_token}/")

    assert response.status_code == 400
    assert Member.objects.filter(pk=member.pk).exists()


def test_link_forged_with_another_key_is_refused(client):
    member = MemberFactory()
    forged = signing.Signer(key="not-our-secret", salt="network.membership.leave").sign(
        member.key.hex
    )

    assert client.post(f"/membership/leave/{forged}/").status_code == 400
    assert Member.objects.filter(pk=member.pk).exists()


def test_unsubscribe_link_stops_updates_in_one_click(client):
    member = MemberFactory(with_updates=True)

    response = client.get(link(member, "unsubscribe"))

    member.refresh_from_db()
    assert response.status_code == 200
    assert "You will not get email updates" in response.content.decode()
    assert member.wants_updates is False
    assert member.updates_withdrawn_at is not None
    assert member.status == Member.Status.CONFIRMED  # still a member
    assert Member.objects.mailing_list().count() == 0


def test_one_click_unsubscribe_post_from_mail_program_without_csrf():
    from django.test import Client

    member = MemberFactory(with_updates=True)
    mail_program = Client(enforce_csrf_checks=True)

    response = mail_program.post(link(member, "unsubscribe"), {"List-Unsubscribe": "One-Click"})

    member.refresh_from_db()
    assert response.status_code == 200
    assert member.wants_updates is False


def test_unsubscribing_twice_keeps_first_withdrawal_time(client):
    member = MemberFactory(with_updates=True)
    client.get(link(member, "unsubscribe"))
    member.refresh_from_db()
    first = member.updates_withdrawn_at

    response = client.get(link(member, "unsubscribe"))

    member.refresh_from_db()
    assert response.status_code == 200
    assert member.updates_withdrawn_at == first


def test_leave_asks_first_then_erases(client):
    member = MemberFactory(with_updates=True)
    path = link(member, "leave")

    asked = client.get(path)
    assert asked.status_code == 200
    assert "Leave and delete my details" in asked.content.decode()
    assert Member.objects.filter(pk=member.pk).exists()

    done = client.post(path)

    assert done.status_code == 302
    assert done["Location"] == "/membership/left/"
    assert not Member.objects.filter(pk=member.pk).exists()
    assert LeaverTally.objects.get(reason="left").count == 1
    assert "You have left the network" in client.get("/membership/left/").content.decode()


def test_links_of_someone_who_left_no_longer_work(client):
    member = MemberFactory(with_updates=True)
    leave_path, unsubscribe_path = link(member, "leave"), link(member, "unsubscribe")
    client.post(leave_path)

    assert client.post(leave_path).status_code == 400
    assert client.get(unsubscribe_path).status_code == 400
    assert LeaverTally.objects.get(reason="left").count == 1


def test_pending_sign_up_can_leave_too(client, pending):
    path = links_in(mail.outbox[0])["leave"]

    client.post(path)

    assert Member.objects.count() == 0
