"""Joining: the form, what is stored, duplicates, and the reply that reveals nothing."""

from unittest import mock

import pytest
from django.core import mail

from network.models import ConsentText, Member
from tests.factories import MemberFactory

from .helpers import join, links_in

pytestmark = pytest.mark.django_db


def test_join_page_shows_form_with_unticked_consents_and_staff_choices(client, join_page):
    response = client.get(join_page.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_name">Your name</label>' in html
    assert "Share my experience" in html  # a staff-edited involvement choice
    membership = ConsentText.current("membership")
    assert membership.wording.replace("'", "&#x27;") in html
    assert 'name="consent_membership" required id="id_consent_membership"' in html
    assert "checked" not in html
    assert 'name="website"' in html  # the honeypot


def test_join_stores_pending_member_with_consents_and_sends_email(client, join_page, join_data):
    response = join(client, join_page, join_data)

    assert response.status_code == 302
    assert response["Location"] == "/join/check-your-email/"
    member = Member.objects.get()
    assert member.status == Member.Status.PENDING
    assert member.name == "Ada Example"
    assert member.email == "ada@example.org"
    assert member.region == "yorkshire"
    assert member.involvement == ["Have my say", "Help run a campaign"]
    assert member.membership_consent == ConsentText.current("membership")
    assert member.membership_consented_at is not None
    assert member.wants_updates is True
    assert member.updates_consent == ConsentText.current("updates")
    assert member.confirmed_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.org"]
    assert "confirm" in links_in(mail.outbox[0])


def test_check_email_page_tells_visitor_what_to_do(client, join_page):
    response = client.get("/join/check-your-email/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Check your email</h1>" in html
    assert "Membership starts only when you confirm." in html  # staff-edited text


def test_updates_consent_is_optional_and_separate(client, join_page, join_data):
    del join_data["consent_updates"]

    join(client, join_page, join_data)

    member = Member.objects.get()
    assert member.wants_updates is False
    assert member.updates_consent is None
    assert member.updates_consented_at is None


@pytest.mark.parametrize("variant", ["ada@example.org", "  ADA@Example.ORG  ", "Ada@example.org"])
def test_joining_again_with_any_case_or_spaces_never_makes_two_members(
    client, join_page, join_data, variant
):
    join(client, join_page, join_data)
    join_data["email"] = variant
    join_data["name"] = "Ada Second Try"

    response = join(client, join_page, join_data)

    assert response.status_code == 302
    assert Member.objects.count() == 1
    member = Member.objects.get()
    assert member.email == "ada@example.org"
    # Still pending: the latest form wins, and a fresh link is sent.
    assert member.name == "Ada Second Try"
    assert len(mail.outbox) == 2
    assert all(message.to == ["ada@example.org"] for message in mail.outbox)


def test_joining_again_as_confirmed_member_changes_nothing_and_says_so_by_email(
    client, join_page, join_data
):
    member = MemberFactory(name="Ada Original", email="ada@example.org", region="london")
    join_data["email"] = "ADA@example.org "

    join(client, join_page, join_data)

    member.refresh_from_db()
    assert Member.objects.count() == 1
    assert member.name == "Ada Original"
    assert member.region == "london"
    assert member.status == Member.Status.CONFIRMED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == (
        "You are already a member of the Women's Mental Health Network"
    )
    assert "confirm" not in links_in(mail.outbox[0])


def test_reply_is_identical_for_known_and_unknown_addresses(client, join_page, join_data):
    MemberFactory(email="known@example.org")

    join_data["email"] = "known@example.org"
    known = join(client, join_page, join_data)
    known_page = client.get(known["Location"])
    join_data["email"] = "stranger@example.org"
    unknown = join(client, join_page, join_data)
    unknown_page = client.get(unknown["Location"])

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert known.content == unknown.content
    assert known_page.status_code == unknown_page.status_code == 200
    assert known_page.content == unknown_page.content


def test_honeypot_gets_the_same_reply_and_stores_nothing(client, join_page, join_data):
    join_data["website"] = "http://spam.example"

    response = join(client, join_page, join_data)

    assert response.status_code == 302
    assert response["Location"] == "/join/check-your-email/"
    assert Member.objects.count() == 0
    assert mail.outbox == []


def test_rate_limit_per_client_address(client, join_page, join_data, settings):
    settings.MEMBERSHIP_JOIN_RATE = "2/h"
    for n in range(2):
        join_data["email"] = f"person{n}@example.org"
        assert join(client, join_page, join_data).status_code == 302

    join_data["email"] = "person9@example.org"
    blocked = join(client, join_page, join_data)
    other_client = client.post(join_page.url, join_data, REMOTE_ADDR="10.0.0.99")

    assert blocked.status_code == 429
    assert "Too many forms have been sent from your connection" in blocked.content.decode()
    assert other_client.status_code == 302
    assert set(Member.objects.values_list("email", flat=True)) == {
        "person0@example.org",
        "person1@example.org",
        "person9@example.org",
    }


def test_rate_limit_trusts_only_configured_proxies(client, join_page, join_data, settings):
    settings.MEMBERSHIP_JOIN_RATE = "1/h"
    settings.FORWARDED_ALLOW_IPS = ["127.0.0.1"]
    first = client.post(join_page.url, join_data, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5")
    join_data["email"] = "other@example.org"
    # A made-up address further left does not make the client someone new.
    second = client.post(join_page.url, join_data, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.5")

    assert first.status_code == 302
    assert second.status_code == 429


def test_one_email_per_address_within_resend_interval(client, join_page, join_data, settings):
    settings.MEMBERSHIP_RESEND_INTERVAL = 600
    for _ in range(3):
        assert join(client, join_page, join_data).status_code == 302

    assert len(mail.outbox) == 1
    assert Member.objects.count() == 1


def test_recaptcha_checked_when_enabled(client, join_page, join_data, settings):
    from django_recaptcha.client import RecaptchaResponse

    settings.RECAPTCHA_ENABLED = True
    settings.RECAPTCHA_PUBLIC_KEY = "public"
    settings.RECAPTCHA_PRIVATE_KEY = "private"
    join_data["g-recaptcha-response"] = "token-from-widget"

    with mock.patch(
        "django_recaptcha.client.submit", return_value=RecaptchaResponse(is_valid=False)
    ) as submit:
        refused = join(client, join_page, join_data)
    assert submit.call_count == 1
    assert refused.status_code == 400
    assert "We could not check that you are not a robot" in refused.content.decode()
    assert Member.objects.count() == 0

    with mock.patch(
        "django_recaptcha.client.submit", return_value=RecaptchaResponse(is_valid=True)
    ):
        accepted = join(client, join_page, join_data)
    assert accepted.status_code == 302
    assert Member.objects.count() == 1


def test_recaptcha_outage_is_a_form_message_not_an_error(client, join_page, join_data, settings):
    from urllib.error import URLError

    settings.RECAPTCHA_ENABLED = True
    settings.RECAPTCHA_PUBLIC_KEY = "public"
    settings.RECAPTCHA_PRIVATE_KEY = "private"
    join_data["g-recaptcha-response"] = "token-from-widget"

    with mock.patch("django_recaptcha.client.submit", side_effect=URLError("no route")):
        response = join(client, join_page, join_data)

    assert response.status_code == 400
    assert Member.objects.count() == 0


def test_no_recaptcha_field_without_keys(client, join_page):
    assert "g-recaptcha" not in client.get(join_page.url).content.decode()


def test_join_page_query_count_does_not_grow_with_choices(
    client, join_page, django_assert_max_num_queries, django_assert_num_queries
):
    from tests.factories import JoinInvolvementOptionFactory

    client.get(join_page.url)  # consent wording made on first use
    with django_assert_max_num_queries(30) as at_3:
        assert client.get(join_page.url).content.decode().count('name="involvement"') == 3
    few = len(at_3)  # read at once: the next request empties Django's query log
    JoinInvolvementOptionFactory.create_batch(10, page=join_page)
    with django_assert_num_queries(few):
        response = client.get(join_page.url)

    assert response.content.decode().count('name="involvement"') == 13
