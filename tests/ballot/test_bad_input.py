"""Every kind of bad input gets a plain-words message, stores nothing, and is never a 500."""

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from ballot.models import CodeBatch
from tests.ballot.conftest import NOTHING, option_ids, page_errors, stored, vote_data
from tests.factories import BallotPageFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def post(client, data):
    response = client.post("/have-your-say/", data)
    assert response.status_code == 200, response.status_code
    return page_errors(response)


@pytest.mark.parametrize(
    ("count", "message"),
    [
        (0, "Please choose 3 issues, no more and no less. You have not chosen any."),
        (1, "Please choose 3 issues, no more and no less. You chose 1."),
        (2, "Please choose 3 issues, no more and no less. You chose 2."),
        (4, "Please choose 3 issues, no more and no less. You chose 4."),
        (10, "Please choose 3 issues, no more and no less. You chose 10."),
    ],
)
def test_wrong_number_of_choices(client, ballot, count, message):
    errors = post(client, vote_data(ballot, option_ids(ballot)[:count]))

    assert message in errors
    assert stored() == NOTHING


def test_the_hint_is_linked_to_the_choices_after_a_mistake(client, ballot):
    response = client.post("/have-your-say/", vote_data(ballot, option_ids(ballot)[:1]))

    html = response.content.decode()
    assert f'aria-describedby="ballot{ballot.pk}-hint ballot{ballot.pk}-options-error"' in html
    assert "Choose exactly 3." in html
    assert 'class="error-summary"' in html


def test_repeated_option(client, ballot):
    first, second = option_ids(ballot)[:2]

    errors = post(client, vote_data(ballot, [first, first, second]))

    assert any("same issue more than once" in e for e in errors)
    assert stored() == NOTHING


def test_option_of_another_ballot(client, ballot, home_page):
    other = BallotPageFactory(parent=home_page, slug="other")
    foreign = option_ids(other)[0]

    errors = post(client, vote_data(ballot, [*option_ids(ballot)[:2], foreign]))

    assert any("not on this ballot" in e for e in errors)
    assert stored() == NOTHING


@pytest.mark.parametrize("value", ["999999", "abc", "-1", "1.5", "", "1e3", "0x10", "💥"])
def test_unknown_or_non_numeric_option(client, ballot, value):
    errors = post(client, vote_data(ballot, [*option_ids(ballot)[:2], value]))

    assert errors
    assert stored() == NOTHING


def test_hidden_option_is_refused(client, ballot):
    hidden = ballot.options.first()
    hidden.hidden = True
    hidden.save()

    errors = post(client, vote_data(ballot, [str(hidden.pk), *option_ids(ballot)[:2]]))

    assert any("not on this ballot" in e for e in errors)
    assert stored() == NOTHING


def test_ballot_not_open_yet(client, ballot):
    ballot.opens_at = timezone.now() + timedelta(days=2)
    ballot.save_revision().publish()

    errors = post(client, vote_data(ballot))

    assert any(e.startswith("This ballot is not open yet. It opens on") for e in errors)
    assert stored() == NOTHING


def test_ballot_closed(client, ballot):
    ballot.opens_at = timezone.now() - timedelta(days=10)
    ballot.closes_at = timezone.now() - timedelta(days=1)
    ballot.save_revision().publish()

    errors = post(client, vote_data(ballot))

    assert any(e.startswith("This ballot closed on") for e in errors)
    assert stored() == NOTHING
    assert "This ballot closed" in client.get("/have-your-say/").content.decode()


def test_online_route_switched_off_needs_a_code(client, ballot):
    ballot.online_route = False
    ballot.save_revision().publish()

    errors = post(client, vote_data(ballot))

    assert "Please enter the code from your ballot card." in errors
    assert stored() == NOTHING


def test_unknown_code(client, ballot):
    errors = post(client, vote_data(ballot, code="ACDE-FGHJ"))

    assert "We do not recognise that code. Please check it and try again." in errors
    assert stored() == NOTHING


@pytest.mark.parametrize("code", ["0000-0000", "ABC", "ACDE-FGHJ-KMNP", "ACDE FGH1", "x" * 21])
def test_malformed_code(client, ballot, code):
    errors = post(client, vote_data(ballot, code=code))

    assert any("does not look like a ballot code" in e for e in errors)
    assert stored() == NOTHING


def test_used_code(ballot):
    batch = CodeBatch.objects.create(ballot=ballot, organisation=OrganisationFactory(), size=1)
    (code,) = batch.issue()
    assert Client().post("/have-your-say/", vote_data(ballot, code=code)).status_code == 303
    before = stored()

    errors = post(Client(), vote_data(ballot, code=code))

    assert "This code has already been used. Each code can be used once." in errors
    assert stored() == before


def test_code_of_an_inactive_organisation(ballot):
    batch = CodeBatch.objects.create(
        ballot=ballot, organisation=OrganisationFactory(active=False), size=1
    )
    (code,) = batch.issue()

    errors = post(Client(), vote_data(ballot, code=code))

    assert any("can no longer be used" in e for e in errors)
    assert stored() == NOTHING


def test_code_from_another_ballot(ballot, home_page):
    other = BallotPageFactory(parent=home_page, slug="other")
    batch = CodeBatch.objects.create(ballot=other, organisation=OrganisationFactory(), size=1)
    (code,) = batch.issue()

    errors = post(Client(), vote_data(ballot, code=code))

    assert "We do not recognise that code. Please check it and try again." in errors
    assert stored() == NOTHING


def test_missing_csrf_token_gets_a_plain_page(ballot):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/have-your-say/", vote_data(ballot))

    assert response.status_code == 403
    html = response.content.decode()
    assert "Please try again" in html
    assert "Nothing was saved" in html
    assert "CSRF" not in html
    assert stored() == NOTHING


def test_wrong_csrf_token_gets_a_plain_page(ballot):
    client = Client(enforce_csrf_checks=True)
    client.get("/have-your-say/")

    response = client.post("/have-your-say/", vote_data(ballot, csrfmiddlewaretoken="x" * 64))

    assert response.status_code == 403
    assert "Nothing was saved" in response.content.decode()
    assert stored() == NOTHING


@override_settings(BALLOT_MAX_BODY_SIZE=4096)
def test_oversized_body_is_refused_before_it_is_read(client, ballot):
    body = "website=" + "x" * 10_000

    response = client.post(
        "/have-your-say/", body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 413
    assert "Too much was sent" in response.content.decode()
    assert stored() == NOTHING


def test_oversized_body_is_refused_by_default_far_below_django_limit(client, ballot):
    from django.conf import settings

    body = "options=" + "1" * (settings.BALLOT_MAX_BODY_SIZE + 1)

    response = client.post(
        "/have-your-say/", body, content_type="application/x-www-form-urlencoded"
    )

    assert settings.BALLOT_MAX_BODY_SIZE <= 64 * 1024
    assert response.status_code == 413
    assert stored() == NOTHING


def test_oversized_multipart_body_is_refused_on_the_results_path_too(client, ballot):
    response = client.post("/have-your-say/thanks/", {"big": "x" * 100_000})

    assert response.status_code == 413
    assert stored() == NOTHING


def test_large_posts_elsewhere_are_not_limited(admin_client, home_page):
    # The admin's long page edits are not ballot posts: the limit does not apply.
    response = admin_client.post("/admin/pages/search/", {"q": "x" * 50_000})

    assert response.status_code != 413


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("via", "forged-value"),
        ("via", "example:abc:def"),
        ("form_token", "short"),
        ("form_token", "<script>alert(1)</script>xxxxxxxxxxxxxxxxx"),
        ("age_band", "ninety"),
        ("region", "atlantis"),
        ("services", "spying"),
    ],
)
def test_forged_fields(client, ballot, field, value):
    errors = post(client, vote_data(ballot, **{field: value}))

    assert errors
    assert all("Traceback" not in e for e in errors)
    assert stored() == NOTHING


def test_missing_form_token(client, ballot):
    data = vote_data(ballot)
    del data["form_token"]

    errors = post(client, data)

    assert any("Please reload the page" in e for e in errors)
    assert stored() == NOTHING


@pytest.mark.parametrize("value", ["not-a-kiosk-token", "x" * 300, "a\x00b"])
def test_forged_kiosk_field_gets_the_plain_stopped_page(client, ballot, value):
    # Was a form error; since kiosks became records, any kiosk value that names
    # no working kiosk gets the plain "not taking votes" page and no form.
    response = client.post("/have-your-say/", vote_data(ballot, kiosk=value))

    assert response.status_code == 403
    assert "This kiosk is not taking votes" in response.content.decode()
    assert stored() == NOTHING


def test_kiosk_token_for_another_ballot_is_refused(client, ballot, home_page):
    from ballot.kiosks import create_kiosk

    other = BallotPageFactory(parent=home_page, slug="other")
    _kiosk, token = create_kiosk(
        label="Elsewhere", ballot=other, organisation=None, days=7, user=None
    )

    response = client.post("/have-your-say/", vote_data(ballot, kiosk=token))

    assert response.status_code == 403
    assert stored() == NOTHING
