"""The daily command that deletes sign-ups nobody confirmed."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from network.models import LeaverTally, Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def run(*args):
    out = io.StringIO()
    call_command("purge_unconfirmed_members", *args, stdout=out)
    return out.getvalue()


def test_purge_deletes_only_old_unconfirmed_sign_ups():
    old_pending = MemberFactory(pending=True, signed_up_at=days_ago(31))
    new_pending = MemberFactory(pending=True, signed_up_at=days_ago(29))
    old_member = MemberFactory(signed_up_at=days_ago(400))

    output = run()

    assert output.strip() == "Deleted 1 unconfirmed sign-up."
    remaining = set(Member.objects.values_list("pk", flat=True))
    assert remaining == {new_pending.pk, old_member.pk}
    assert old_pending.pk not in remaining
    assert LeaverTally.objects.get(reason="purged").count == 1


def test_purge_age_comes_from_setting_or_option(settings):
    settings.MEMBERSHIP_PURGE_DAYS = 5
    MemberFactory(pending=True, signed_up_at=days_ago(6))
    MemberFactory(pending=True, signed_up_at=days_ago(3))

    assert run().strip() == "Deleted 1 unconfirmed sign-up."
    assert run("--days", "2").strip() == "Deleted 1 unconfirmed sign-up."
    assert Member.objects.count() == 0


def test_purge_with_nothing_to_do_is_harmless():
    MemberFactory()

    assert run().strip() == "Deleted 0 unconfirmed sign-ups."
    assert Member.objects.count() == 1
    assert not LeaverTally.objects.exists()


def test_purge_refuses_nonsense_days():
    MemberFactory(pending=True, signed_up_at=days_ago(1))

    with pytest.raises(CommandError):
        run("--days", "0")
    assert Member.objects.count() == 1


def test_signing_up_again_restarts_the_clock(client, join_page, join_data):
    MemberFactory(pending=True, email="ada@example.org", signed_up_at=days_ago(31))

    client.post(join_page.url, join_data)
    run()

    assert Member.objects.filter(email="ada@example.org").exists()
