"""Membership emails: content in text and HTML, unsubscribe headers, sent through a task."""

from unittest import mock

import pytest
from django.core import mail

from network.membership import emails
from network.models import Member
from tests.factories import MemberFactory

from .helpers import join, links_in

pytestmark = pytest.mark.django_db


def html_part(message):
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return content


def test_confirmation_email_has_text_and_html_with_all_three_links(client, join_page, join_data):
    join_data["name"] = "Ada <b>Example</b>"

    join(client, join_page, join_data)

    [message] = mail.outbox
    assert message.subject == "Confirm that you want to join the Women's Mental Health Network"
    assert message.to == ["ada@example.org"]
    assert message.from_email == "Women's Mental Health Network <hello@example.org>"
    assert "Hello Ada <b>Example</b>," in message.body
    assert "The link works for 7 days." in message.body
    links = links_in(message)
    assert set(links) == {"confirm", "unsubscribe", "leave"}
    html = html_part(message)
    assert "Hello Ada &lt;b&gt;Example&lt;/b&gt;," in html  # escaped in HTML
    for path in links.values():
        assert f"http://testserver{path}" in html
    assert "If you did not ask to join" in html


def test_every_email_has_one_click_unsubscribe_headers(client, join_page, join_data):
    MemberFactory(email="known@example.org")
    join(client, join_page, join_data)
    join_data["email"] = "known@example.org"
    join(client, join_page, join_data)

    assert len(mail.outbox) == 2
    for message in mail.outbox:
        unsubscribe = links_in(message)["unsubscribe"]
        assert message.extra_headers["List-Unsubscribe"] == f"<http://testserver{unsubscribe}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "Stop emails from us" in html_part(message)
        assert "Leave the network and delete your details" in message.body


def test_already_member_email_says_nothing_changed(client, join_page, join_data):
    MemberFactory(name="Known Person", email="known@example.org")
    join_data["email"] = "known@example.org"

    join(client, join_page, join_data)

    [message] = mail.outbox
    assert "You are already a member" in message.subject
    assert "Hello Known Person," in message.body
    assert "nothing has been changed" in message.body
    assert "nothing has been changed" in html_part(message)


def test_email_is_sent_through_the_task_with_only_the_row_id(client, join_page, join_data):
    from django_tasks.signals import task_enqueued

    enqueued = []

    def record(sender, task_result, **kwargs):
        # Wagtail queues its own tasks too (search and reference indexes).
        if task_result.task.func is emails.send_member_email.func:
            enqueued.append(task_result)

    task_enqueued.connect(record)
    try:
        join(client, join_page, join_data)
    finally:
        task_enqueued.disconnect(record)

    member = Member.objects.get()
    [result] = enqueued
    assert list(result.args) == [member.pk, "confirm", "http://testserver/"]
    assert "ada@example.org" not in repr(result.args) + repr(result.kwargs)
    assert len(mail.outbox) == 1


def test_task_sends_nothing_for_a_member_who_has_gone():
    member = MemberFactory()
    member_id = member.pk
    member.delete()

    result = emails.send_member_email.enqueue(member_id, "confirm", "http://testserver/")

    assert result.return_value is False
    assert mail.outbox == []


def test_a_failing_mail_server_does_not_break_the_form(client, join_page, join_data):
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=ConnectionRefusedError("SMTP down"),
    ):
        response = join(client, join_page, join_data)

    assert response.status_code == 302
    assert Member.objects.count() == 1  # they can fill in the form again for a new link
