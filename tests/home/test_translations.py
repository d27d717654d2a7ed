"""The site's own words in every language (issue 12): gettext catalogues that
are complete for the key ballot strings, compiled, and used on the pages."""

import shutil

import polib
import pytest
from bs4 import BeautifulSoup

from ballot.device_marks import thanks_token
from home.translation_check import LANGUAGE_CODES, problems
from tests.ballot.conftest import new_token
from tests.factories import BallotPageFactory, translate_page


def test_the_committed_catalogues_are_complete_and_compiled():
    assert problems() == []


@pytest.fixture
def locale_copy(tmp_path):
    shutil.copytree(problems.__globals__["BASE"] / "locale", tmp_path / "locale")
    return tmp_path


def po_of(base, code):
    return base / "locale" / code / "LC_MESSAGES" / "django.po"


def test_a_po_edited_but_not_compiled_is_caught(locale_copy):
    po = polib.pofile(str(po_of(locale_copy, "ur")))
    po.find("Leave this site").msgstr = "سائٹ چھوڑ دیں"
    po.save()
    assert any(".mo is older" in p for p in problems(locale_copy))


def test_a_fuzzy_or_missing_key_string_is_caught(locale_copy):
    po = polib.pofile(str(po_of(locale_copy, "pl")))
    po.find("Thank you for voting").flags.append("fuzzy")
    po.find("There is a problem").msgstr = ""
    po.save()
    po.save_as_mofile(str(po_of(locale_copy, "pl").with_suffix(".mo")))
    found = problems(locale_copy)
    assert any("fuzzy" in p and "Thank you" in p for p in found)
    assert any("not translated" in p and "There is a problem" in p for p in found)


def test_a_wrong_placeholder_is_caught(locale_copy):
    po = polib.pofile(str(po_of(locale_copy, "ar")))
    po.find("Send my %(n)s choices").msgstr = "أرسلي اختياراتي"
    po.save()
    po.save_as_mofile(str(po_of(locale_copy, "ar").with_suffix(".mo")))
    assert any("placeholders differ" in p for p in problems(locale_copy))


def test_every_language_but_english_has_a_catalogue(settings):
    assert sorted(LANGUAGE_CODES) == sorted(c for c, _ in settings.LANGUAGES if c != "en-gb")


@pytest.fixture
def ballots(db, home_page):
    ballot = BallotPageFactory(parent=home_page, slug="have-your-say", title="Have your say")
    return {"en-gb": ballot, **translate_page(ballot, ["ur", "pl"])}


def texts(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup, " ".join(soup.get_text(" ").split())


@pytest.mark.parametrize(
    ("code", "send", "leave"),
    [
        ("en-gb", "Send my 3 choices", "Leave this site"),
        ("ur", "میری 3 پسند بھیجیں", "یہ سائٹ چھوڑیں"),
        ("pl", "Wyślij moje 3 wybory", "Opuść tę stronę"),
    ],
)
def test_the_ballot_speaks_the_pages_language(client, ballots, code, send, leave):
    soup, text = texts(client.get(ballots[code].url))
    assert send in text
    assert soup.find("a", attrs={"data-quick-exit": True}).get_text(strip=True) == leave


def test_errors_come_in_the_ballots_language(client, ballots):
    urdu = ballots["ur"]
    first = urdu.options.order_by("sort_order").first()
    response = client.post(urdu.url, {"options": [str(first.pk)], "form_token": new_token()})
    assert response.status_code == 200
    _, text = texts(response)
    assert "براہ کرم 3 مسائل چنیں، نہ زیادہ نہ کم۔ آپ نے 1 چنے۔" in text
    assert "ایک مسئلہ ہے" in text  # "There is a problem"


def test_thank_you_and_results_in_urdu(client, ballots):
    urdu = ballots["ur"]
    token = thanks_token(urdu.counting_id)
    _, thanks = texts(client.get(f"{urdu.url}thanks/?v={token}"))
    assert "ووٹ دینے کا شکریہ" in thanks
    soup, results = texts(client.get(f"{urdu.url}results/"))
    assert soup.h1.get_text(strip=True).startswith("نتائج:")
    assert soup.html["dir"] == "rtl"
