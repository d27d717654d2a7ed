"""The contact form stores and emails submissions, and refuses spam and floods."""

from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from wagtail.contrib.forms.models import FormSubmission

from tests.factories import ContactPageFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "your_name": "Amira",
    "your_email_address": "amira@example.org",
    "your_message": "I would like to share my experience of a ward.",
}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def contact(home_page):
    return ContactPageFactory(parent=home_page)


def test_form_renders_with_visible_labels(client, contact):
    response = client.get("/contact/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_your_name">Your name</label>' in html
    assert '<label for="id_your_email_address">Your email address</label>' in html
    assert 'name="homepage"' in html  # the honeypot is always there
    assert "g-recaptcha" not in html  # no keys in tests: no reCAPTCHA


def test_submission_is_stored_and_emailed_to_staff(client, contact):
    response = client.post("/contact/", GOOD)

    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    submission = FormSubmission.objects.get(page=contact)
    assert submission.get_data()["your_name"] == "Amira"
    assert "homepage" not in submission.form_data
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["staff@example.org"]
    assert message.subject == "New message"
    assert "Your message: I would like to share my experience of a ward." in message.body
    assert "Leave this empty" not in message.body


def test_filled_honeypot_is_rejected_and_nothing_stored(client, contact):
    response = client.post("/contact/", {**GOOD, "homepage": "http://spam.example"})

    assert response.status_code == 200
    assert "catch automated spam" in response.content.decode()
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


def test_missing_and_bad_fields_get_plain_errors_and_nothing_stored(client, contact):
    response = client.post(
        "/contact/", {"your_name": "", "your_email_address": "not-an-email", "your_message": ""}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "There are problems with your answers" in html
    assert '<a href="#id_your_name">Enter your name.</a>' in html
    assert "Enter an email address in the right format, like name@example.org." in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_your_name-error"' in html
    assert "<title>Error: " in html
    assert FormSubmission.objects.count() == 0


@override_settings(
    RECAPTCHA_ENABLED=True, RECAPTCHA_PUBLIC_KEY="public", RECAPTCHA_PRIVATE_KEY="private"
)
def test_recaptcha_guards_the_form_when_keys_are_set(client, contact):
    html = client.get("/contact/").content.decode()
    assert "g-recaptcha" in html

    with mock.patch("django_recaptcha.fields.client.submit") as submit:
        submit.return_value = mock.Mock(is_valid=False, error_codes=["invalid-input-response"])
        refused = client.post("/contact/", {**GOOD, "g-recaptcha-response": "forged"})
    assert refused.status_code == 200
    assert "We could not check you are a person" in refused.content.decode()
    assert FormSubmission.objects.count() == 0

    with mock.patch("django_recaptcha.fields.client.submit") as submit:
        submit.return_value = mock.Mock(is_valid=True, extra_data={})
        accepted = client.post("/contact/", {**GOOD, "g-recaptcha-response": "token"})
    assert "Thank you" in accepted.content.decode()
    assert submit.call_args.kwargs["private_key"] == "private"
    assert FormSubmission.objects.count() == 1
    assert "captcha" not in FormSubmission.objects.get().form_data


@override_settings(
    RECAPTCHA_ENABLED=True, RECAPTCHA_PUBLIC_KEY="public", RECAPTCHA_PRIVATE_KEY="private"
)
def test_missing_recaptcha_answer_is_explained(client, contact):
    with mock.patch("django_recaptcha.fields.client.submit") as submit:
        response = client.post("/contact/", GOOD)

    assert "Tick “I&#x27;m not a robot” before sending." in response.content.decode()
    submit.assert_not_called()
    assert FormSubmission.objects.count() == 0


@override_settings(CONTACT_FORM_RATE="3/h")
def test_rate_limit_per_address_keeps_the_words_and_stores_nothing_more(client, contact):
    for _ in range(3):
        assert client.post("/contact/", GOOD, REMOTE_ADDR="203.0.113.5").status_code == 200

    limited = client.post("/contact/", GOOD, REMOTE_ADDR="203.0.113.5")
    other_visitor = client.post("/contact/", GOOD, REMOTE_ADDR="203.0.113.99")

    assert limited.status_code == 429
    html = limited.content.decode()
    assert "Please wait before sending again" in html
    assert "I would like to share my experience of a ward." in html
    assert other_visitor.status_code == 200
    assert FormSubmission.objects.count() == 4


@override_settings(CONTACT_FORM_RATE="1/h", FORWARDED_ALLOW_IPS=["127.0.0.1"])
def test_rate_limit_uses_the_address_our_proxy_saw(client, contact):
    # A visitor cannot dodge the limit by inventing X-Forwarded-For entries.
    client.post("/contact/", GOOD, HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7")
    second = client.post("/contact/", GOOD, HTTP_X_FORWARDED_FOR="2.2.2.2, 198.51.100.7")

    assert second.status_code == 429
