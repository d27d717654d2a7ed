"""The demo partner user for Women in Prison, as `make run` makes it."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from ballot.models import CodeQuota, Kiosk, PaperBatch
from network.models import Organisation, organisation_for

pytestmark = pytest.mark.django_db


def test_ensure_demo_partner_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with local development settings"):
        call_command("ensure_demo_partner")


def test_demo_partner_is_made_once_and_sees_only_women_in_prison(
    demo, demo_output, settings, monkeypatch
):
    again = io.StringIO()
    call_command("load_demo_content", stdout=again)
    settings.DEBUG = True
    monkeypatch.setenv("PARTNER_PASSWORD", "a-partner-password")
    first, second = io.StringIO(), io.StringIO()
    call_command("ensure_demo_partner", stdout=first)
    call_command("ensure_demo_partner", stdout=second)

    assert "a-partner-password" in first.getvalue()
    assert "a-partner-password" not in second.getvalue()
    wip = Organisation.objects.get(slug="women-in-prison")
    assert PaperBatch.objects.filter(organisation=wip).count() == 1
    quota = CodeQuota.objects.get(organisation=wip)
    assert (quota.promised_votes, quota.limit) == (250, 300)
    kiosk = Kiosk.objects.get(organisation=wip)
    assert kiosk.is_working
    assert "Demo kiosk link (shown only now)" in demo_output
    assert "Demo kiosk link" not in again.getvalue()
    client = Client()
    assert client.login(username="wip-partner", password="a-partner-password")
    user = get_user_model().objects.get(username="wip-partner")
    assert organisation_for(user) == wip
    listing = client.get("/admin/ballot/paperbatch/").content.decode()
    assert "Demo paper batch (Women in Prison)" in listing
    assert "Example Women" not in listing
    perms = wip.partner_page.permissions_for_user(user)
    assert perms.can_edit() and not perms.can_publish()
