"""Share your experience: anonymous and named paths, consent recorded with its
version, spam guards, retention and purge, and staff counts that hide small groups."""

import datetime
import io
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from ballot.suppression import WITHHELD
from experiences.counts import counts_table
from experiences.models import Experience
from network.models import ConsentText
from tests.factories import ExperienceFactory, ExperiencePageFactory, role_user

pytestmark = pytest.mark.django_db
URL = "/share-your-experience/"


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def form_page(home_page):
    return ExperiencePageFactory(parent=home_page)


def answers(**extra):
    consent = ConsentText.current(ConsentText.Kind.EXPERIENCE_QUOTE)
    return {
        "who": "woman",
        "setting": "hospital",
        "issue": "staff-attitudes-and-behaviour",
        "story": "The night staff would not let me call my sister.",
        "contact": "anonymous",
        "quote_version": str(consent.version),
        "website": "",
        **extra,
    }


def test_page_says_who_reads_it_and_how_long_it_is_kept(client, form_page, settings):
    settings.EXPERIENCE_RETENTION_DAYS = 180

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Who reads it, and how long we keep it" in html
    assert "We keep it for 180 days" in html
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_anonymous_experience_keeps_no_details(client, form_page):
    response = client.post(
        URL, answers(name="Amira", email="amira@example.org", phone="020 7946 0000")
    )

    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    experience = Experience.objects.get()
    assert experience.anonymous
    assert (experience.name, experience.email, experience.phone) == ("", "", "")
    assert experience.setting == "hospital" and experience.status == "new"
    assert not experience.may_quote and experience.quote_consent is None


def test_named_experience_keeps_contact_details(client, form_page):
    client.post(URL, answers(contact="contact", name="Amira", email="amira@example.org"))

    experience = Experience.objects.get()
    assert not experience.anonymous
    assert (experience.name, experience.email) == ("Amira", "amira@example.org")


def test_named_path_needs_a_way_to_reply(client, form_page):
    response = client.post(URL, answers(contact="contact", name="Amira"))

    assert response.status_code == 400
    assert "Give an email address or a phone number" in response.content.decode()
    assert Experience.objects.count() == 0


def test_quote_consent_is_recorded_with_its_wording_version(client, form_page):
    ConsentText.objects.create(kind=ConsentText.Kind.EXPERIENCE_QUOTE, wording="Version two.")
    current = ConsentText.current(ConsentText.Kind.EXPERIENCE_QUOTE)

    client.post(URL, answers(may_quote="on", quote_version=str(current.version)))

    experience = Experience.objects.get()
    assert experience.may_quote
    assert experience.quote_consent == current
    assert experience.quote_consent.wording == "Version two."


def test_consent_to_wording_that_changed_is_asked_again(client, form_page):
    old = ConsentText.current(ConsentText.Kind.EXPERIENCE_QUOTE)
    ConsentText.objects.create(kind=ConsentText.Kind.EXPERIENCE_QUOTE, wording="Newer wording.")

    response = client.post(URL, answers(may_quote="on", quote_version=str(old.version)))

    assert response.status_code == 400
    assert "The wording of this box changed" in response.content.decode()
    assert Experience.objects.count() == 0


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"story": "   "}, "Tell us what happened."),
        ({"setting": "spaceship"}, "Choose one of the services listed."),
        ({"who": ""}, "Choose who you are writing as."),
        ({"website": "https://spam.example/"}, "Leave this field empty"),
        ({"story": "x" * 5001}, "5000 characters or fewer"),
    ],
)
def test_bad_input_is_refused_in_plain_words(client, form_page, bad, message):
    response = client.post(URL, answers(**bad))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Experience.objects.count() == 0


def test_rate_limit_counts_first_and_stores_nothing_past_it(client, form_page, settings):
    settings.EXPERIENCE_FORM_RATE = "2/h"

    codes = [client.post(URL, answers()).status_code for _ in range(3)]

    assert codes == [200, 200, 429]
    assert Experience.objects.count() == 2


def test_recaptcha_is_required_when_keys_are_set(client, form_page, settings):
    settings.RECAPTCHA_ENABLED = True
    settings.RECAPTCHA_PUBLIC_KEY, settings.RECAPTCHA_PRIVATE_KEY = "public", "private"
    assert "g-recaptcha" in client.get(URL).content.decode()

    with mock.patch("django_recaptcha.fields.client.submit") as submit:
        missing = client.post(URL, answers())
        submit.return_value = mock.Mock(is_valid=False, error_codes=["invalid-input-response"])
        forged = client.post(URL, answers(**{"g-recaptcha-response": "forged"}))
    assert (missing.status_code, forged.status_code) == (400, 400)
    assert Experience.objects.count() == 0

    with mock.patch("django_recaptcha.fields.client.submit") as submit:
        submit.return_value = mock.Mock(is_valid=True, extra_data={})
        sent = client.post(URL, answers(**{"g-recaptcha-response": "token"}))
    assert sent.status_code == 200
    assert Experience.objects.count() == 1


def test_purge_deletes_only_experiences_past_retention(settings):
    settings.EXPERIENCE_RETENTION_DAYS = 30
    old = ExperienceFactory(status="quoted")
    recent = ExperienceFactory()
    Experience.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )

    call_command("purge_experiences", stdout=io.StringIO())

    assert list(Experience.objects.values_list("pk", flat=True)) == [recent.pk]


def test_counts_hide_small_groups_and_what_would_give_them_away():
    for _ in range(12):
        ExperienceFactory(setting="hospital", issue="hospitals")
    for _ in range(3):
        ExperienceFactory(setting="prison", issue="male-staff-and-support-workers")

    table = counts_table(k=10)

    rows = {label: (cells, total) for label, cells, total in table.rows}
    hospital_col = table.columns.index("Hospital")
    prison_col = table.columns.index("Prison")
    assert rows["Male staff and support workers"][0][prison_col] == WITHHELD
    assert rows["Male staff and support workers"][1] == WITHHELD  # the row total would say 3
    # The grand total minus the shown cells must not give the 3 back.
    assert not (
        table.grand_total == "15"
        and rows["Hospitals"][0][hospital_col] == "12"
        and table.total_row[prison_col] != WITHHELD
    )
    shown = [c for cells, total in rows.values() for c in [*cells, total] if c != WITHHELD]
    assert all(int(c.replace(",", "")) == 0 or int(c.replace(",", "")) >= 10 for c in shown)


def test_counts_page_is_for_consultation_managers(client, form_page):
    for _ in range(3):
        ExperienceFactory(setting="police", issue="police")
    manager = role_user("Consultation manager", "cm")
    comms = role_user("Communications", "comms")

    client.force_login(comms)
    assert client.get("/admin/experiences/counts/").status_code in (302, 403)
    client.force_login(manager)
    html = client.get("/admin/experiences/counts/").content.decode()
    assert "withheld" in html
    assert ">3<" not in html


def test_staff_triage_changes_status_only(client, form_page):
    experience = ExperienceFactory(story="As she wrote it.")
    client.force_login(role_user("Consultation manager", "cm"))
    url = f"/admin/experiences/experience/edit/{experience.pk}/"

    response = client.post(url, {"status": "read", "staff_note": "Follow up", "story": "Edited"})

    assert response.status_code == 302
    experience.refresh_from_db()
    assert (experience.status, experience.staff_note) == ("read", "Follow up")
    assert experience.story == "As she wrote it."
