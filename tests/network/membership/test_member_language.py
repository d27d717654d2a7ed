"""A member's emails are in the language she joined in (issue 12): the form's
site language is stored with her details, and each email (subject, text and
HTML, and the pages its links open) is written in it."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.utils import translation

from home.languages import site_language
from network.membership import emails, services
from network.models import Member
from tests.factories import MemberFactory, translate_page

from .helpers import join, links_in

pytestmark = pytest.mark.django_db


def polish(text):
    with translation.override("pl"):
        return translation.gettext(text)


def test_a_member_joining_in_polish_gets_the_polish_confirmation_email(
    client, join_page, join_data
):
    polish_page = translate_page(join_page, ["pl"])["pl"]
    assert polish_page.url.startswith("/pl/")
    join_data["involvement"] = [str(polish_page.involvement_options.first().pk)]

    response = join(client, polish_page, join_data)

    assert response.status_code == 302
    member = Member.objects.get(email="ada@example.org")
    assert member.language == "pl"
    [message] = mail.outbox
    subject = "Confirm that you want to join the Women's Mental Health Network"
    assert polish(subject) != subject
    assert message.subject == polish(subject)
    assert polish("Stop emails from us:") in message.body
    [(html, _mimetype)] = message.alternatives
    document = BeautifulSoup(html, "html.parser")
    assert document.html["lang"] == "pl"
    assert polish("Confirm and join") in document.get_text()
    # The link opens the confirmation page in Polish too.
    confirm = links_in(message)["confirm"]
    assert confirm.startswith("/pl/membership/confirm/")
    page = BeautifulSoup(client.get(confirm).content, "html.parser")
    assert page.html["lang"] == "pl"


def test_an_english_member_gets_english_whatever_language_is_active(join_page):
    member = MemberFactory(language="")
    with translation.override("ur"):
        message = emails.build_member_email(member, emails.CONFIRM, "http://testserver/")
    assert message.subject == "Confirm that you want to join the Women's Mental Health Network"
    assert "/membership/confirm/" in message.body and "/ur/" not in message.body


def test_an_urdu_member_gets_urdu_right_to_left(join_page):
    member = MemberFactory(language="ur")
    message = emails.build_member_email(member, emails.ALREADY_MEMBER, "http://testserver/")
    with translation.override("ur"):
        subject = translation.gettext(
            "You are already a member of the Women's Mental Health Network"
        )
    assert message.subject == subject
    [(html, _mimetype)] = message.alternatives
    root = BeautifulSoup(html, "html.parser").html
    assert (root["lang"], root["dir"]) == ("ur", "rtl")


def test_the_language_is_part_of_her_data_and_only_a_site_language_is_kept():
    member = MemberFactory(language="cy")
    assert services.member_data(member)["language"] == "cy"
    assert site_language("pl") == "pl"
    assert site_language("xx-evil") == ""
    assert site_language("") == ""
