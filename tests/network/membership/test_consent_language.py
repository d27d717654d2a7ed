"""The consent wording in the join form's language (issue 12): staff add a
version per language, the form in a language shows that language's newest
wording (English when it has none), and the member's record points at the
exact version, and so the language, she was shown."""

import pytest
from bs4 import BeautifulSoup

from network.membership import services
from network.models import ConsentText, Member
from tests.factories import translate_page

from .helpers import join

pytestmark = pytest.mark.django_db

POLISH_MEMBERSHIP = "Chcę dołączyć do sieci. Zgadzam się na przechowywanie moich danych."
POLISH_UPDATES = "Wysyłajcie mi czasem wiadomości e-mail o kampaniach sieci."


def hidden_versions(html):
    form = BeautifulSoup(html, "html.parser")
    return {
        name: form.find("input", attrs={"name": name})["value"]
        for name in ("membership_version", "updates_version")
    }


def test_joining_in_polish_shows_and_records_the_polish_wording(
    client, admin_client, join_page, join_data
):
    english = ConsentText.current("membership")
    polish_membership = ConsentText.objects.create(
        kind="membership", language="pl", wording=POLISH_MEMBERSHIP
    )
    polish_updates = ConsentText.objects.create(
        kind="updates", language="pl", wording=POLISH_UPDATES
    )
    polish_page = translate_page(join_page, ["pl"])["pl"]
    assert polish_page.url.startswith("/pl/")

    html = client.get(polish_page.url).content.decode()

    assert POLISH_MEMBERSHIP in html and POLISH_UPDATES in html
    assert english.wording.replace("'", "&#x27;") not in html
    join_data.update(hidden_versions(html))
    join_data["involvement"] = [str(polish_page.involvement_options.first().pk)]
    response = join(client, polish_page, join_data)

    assert response.status_code == 302
    member = Member.objects.get(email="ada@example.org")
    assert member.membership_consent == polish_membership
    assert member.updates_consent == polish_updates
    assert member.membership_consent.language == "pl"
    # Her subject-access download names the language of the wording she agreed to.
    agreed = services.member_data(member)["consents"]["membership"]
    assert agreed["language"] == "pl" and agreed["wording"] == POLISH_MEMBERSHIP
    inspect = admin_client.get(f"/admin/network/member/inspect/{member.pk}/").content.decode()
    assert f"version {polish_membership.version}, Polski" in inspect
    # The English form still shows, and records, the English wording.
    assert POLISH_MEMBERSHIP not in client.get(join_page.url).content.decode()
    assert ConsentText.current("membership", "en-gb") == english


def test_a_language_without_a_version_falls_back_to_english(client, join_page, join_data):
    english = ConsentText.current("membership")
    ConsentText.objects.create(kind="membership", language="pl", wording=POLISH_MEMBERSHIP)
    welsh_page = translate_page(join_page, ["cy"])["cy"]

    html = client.get(welsh_page.url).content.decode()

    assert english.wording.replace("'", "&#x27;") in html
    assert POLISH_MEMBERSHIP not in html
    assert ConsentText.current("membership", "cy") == english
    join_data.update(hidden_versions(html))
    join_data["involvement"] = [str(welsh_page.involvement_options.first().pk)]
    assert join(client, welsh_page, join_data).status_code == 302
    assert Member.objects.get(email="ada@example.org").membership_consent == english


def test_a_newer_english_version_does_not_replace_a_language_of_its_own(join_page):
    polish = ConsentText.objects.create(kind="membership", language="pl", wording=POLISH_MEMBERSHIP)
    ConsentText.objects.create(kind="membership", wording="English, a newer version.")

    assert ConsentText.current("membership", "pl") == polish
    assert ConsentText.current("membership").wording == "English, a newer version."


def test_staff_add_a_version_in_a_language_and_the_list_shows_it(admin_client):
    response = admin_client.post(
        "/admin/network/consenttext/create/",
        {"kind": "membership", "language": "ur", "wording": "اردو میں رکنیت کی رضامندی۔"},
    )

    assert response.status_code == 302
    urdu = ConsentText.current("membership", "ur")
    assert urdu.language == "ur" and urdu.wording == "اردو میں رکنیت کی رضامندی۔"
    html = admin_client.get("/admin/network/consenttext/").content.decode()
    assert "اردو" in html  # the language's name in the list
    form = admin_client.get("/admin/network/consenttext/create/").content.decode()
    assert 'name="language"' in form


DEMO_LANGUAGES = ("cy", "pl", "ro", "ur", "bn", "ar")


def test_the_demo_writes_draft_consent_translations(client, demo, admin_client):
    for kind in ("membership", "updates"):
        english = ConsentText.current(kind)
        for language in DEMO_LANGUAGES:
            text = ConsentText.current(kind, language)
            assert text.language == language
            assert text.draft_translation
            assert text.wording != english.wording
        assert not english.draft_translation

    polish = ConsentText.current("membership", "pl")
    html = client.get("/pl/join/").content.decode()
    assert polish.wording in html
    listing = admin_client.get("/admin/network/consenttext/").content.decode()
    assert "Draft translation: to be checked by a native speaker" in listing
