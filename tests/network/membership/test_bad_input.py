"""Bad input to the join form: a clear message, nothing stored or sent, never a 500."""

import pytest
from django.core import mail
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from network.models import ConsentText, Member

from .helpers import join

pytestmark = pytest.mark.django_db


def assert_refused(response, message):
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem with the form" in html
    assert message in html
    assert Member.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-address", "Enter an email address in the right form"),
        ("email", "", "Enter your email address."),
        ("email", "a" * 250 + "@example.org", "An email address must be 254 characters or fewer."),
        ("name", "", "Enter your name."),
        ("name", "   ", "Enter your name."),
        ("name", "x" * 10_000, "Your name must be 150 characters or fewer."),
        (
            "organisation",
            "o" * 201,
            "The organisation&#x27;s name must be 200 characters or fewer.",
        ),
        ("region", "atlantis", "Choose a region from the list."),
        ("involvement", ["999999"], "Choose only from the ways listed."),
    ],
)
def test_bad_field_gets_a_plain_message(client, join_page, join_data, field, value, message):
    join_data[field] = value

    assert_refused(join(client, join_page, join_data), message)


def test_missing_membership_consent_is_refused(client, join_page, join_data):
    del join_data["consent_membership"]

    response = join(client, join_page, join_data)

    assert_refused(response, "Tick the box to agree to join. We cannot add you without it.")
    html = response.content.decode()
    # The summary links to the box, and the message sits by it.
    assert 'href="#id_consent_membership"' in html
    assert 'id="id_consent_membership_error"' in html


def test_error_is_tied_to_its_field_for_screen_readers(client, join_page, join_data):
    join_data["email"] = "nope"

    html = join(client, join_page, join_data).content.decode()

    assert 'aria-describedby="id_email_error id_email_helptext"' in html
    assert 'aria-invalid="true"' in html
    assert "<title>Error: " in html
    # What the visitor typed is kept, so they only fix the mistake.
    assert 'value="Ada Example"' in html


def test_consent_wording_changed_while_filling_in_asks_again(client, join_page, join_data):
    ConsentText.objects.create(kind="membership", wording="New wording of the agreement.")

    response = join(client, join_page, join_data)

    assert_refused(response, "The wording of this box changed while you were filling in the form")
    html = response.content.decode()
    assert "New wording of the agreement." in html
    current = ConsentText.current("membership").version
    assert f'name="membership_version" value="{current}"' in html


def test_post_without_csrf_token_is_refused(join_page, join_data):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(join_page.url, join_data)

    assert response.status_code == 403
    assert Member.objects.count() == 0


@hypothesis_settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.text(max_size=300),
    email=st.text(max_size=300),
    organisation=st.text(max_size=300),
    region=st.text(max_size=30),
)
def test_any_text_in_any_field_never_breaks_the_form(
    client, join_page, join_data, settings, name, email, organisation, region
):
    settings.MEMBERSHIP_JOIN_RATE = "1000/h"
    data = {**join_data, "name": name, "email": email, "organisation": organisation}
    data["region"] = region

    response = join(client, join_page, data)

    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert "There is a problem with the form" in response.content.decode()
