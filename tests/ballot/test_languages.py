"""One ballot, one tally, in seven languages (issue 12).

A woman voting on the Urdu translation of a ballot adds to the same counts
as one voting in English; results read the same in every language; a
translation's options come only from its source ballot.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import TestCase
from wagtail_localize.models import Translation, TranslationSource

from ballot.models import BallotOption, Tally, Vote, VoteChoice
from ballot.models.admin_form import TRANSLATION_OPTIONS_FIXED
from tests.ballot.conftest import new_token
from tests.factories import role_user, translate_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def urdu(ballot):
    return translate_page(ballot, ["ur", "pl"])["ur"]


def option_counts(ballot):
    return {
        key: count
        for key, count in Tally.objects.filter(ballot=ballot).values_list("key", "count")
        if key.startswith("option:") or key == "voters"
    }


def vote(client, page, positions):
    options = list(page.options.filter(hidden=False).order_by("sort_order"))
    data = {"options": [str(options[i].pk) for i in positions], "form_token": new_token()}
    client.cookies.clear()
    response = client.post(page.url, data)
    assert response.status_code == 303, response.content.decode()[:2000]
    return response


def test_the_translation_is_served_under_its_language_prefix(client, urdu):
    assert urdu.url.startswith("/ur/")
    html = client.get(urdu.url).content.decode()
    assert '<html lang="ur" dir="rtl">' in html


def test_translated_options_share_the_source_options_keys(ballot, urdu):
    source = list(ballot.options.order_by("sort_order").values_list("translation_key", flat=True))
    translated = list(urdu.options.order_by("sort_order").values_list("translation_key", flat=True))
    assert source == translated
    assert set(ballot.options.values_list("pk", flat=True)).isdisjoint(
        urdu.options.values_list("pk", flat=True)
    )
    assert urdu.counting_ballot().pk == ballot.pk
    assert urdu.counting_option_ids(urdu.options.order_by("sort_order")) == list(
        ballot.options.order_by("sort_order").values_list("pk", flat=True)
    )


def test_an_urdu_vote_and_an_english_vote_change_the_same_counts(client, ballot, urdu):
    english_ids = list(ballot.options.order_by("sort_order").values_list("pk", flat=True))
    vote(client, urdu, [0, 1, 2])
    vote(client, ballot, [0, 1, 3])

    assert option_counts(urdu) == {}
    assert option_counts(ballot) == {
        "voters": 2,
        f"option:{english_ids[0]}": 2,
        f"option:{english_ids[1]}": 2,
        f"option:{english_ids[2]}": 1,
        f"option:{english_ids[3]}": 1,
    }
    assert set(Vote.objects.values_list("ballot_id", flat=True)) == {ballot.pk}
    assert set(VoteChoice.objects.values_list("option__page_id", flat=True)) == {ballot.pk}


def test_results_read_the_same_in_every_language(client, ballot, urdu, settings):
    settings.BALLOT_RESULTS_CACHE_SECONDS = 0
    settings.BALLOT_RESULTS_THRESHOLD = 2  # the two votes below are one release
    vote(client, urdu, [0, 1, 2])
    vote(client, ballot, [0, 4, 5])
    english = ballot.results()
    translated = urdu.results()
    assert [(o.id, o.votes, o.rank) for o in english.options] == [
        (o.id, o.votes, o.rank) for o in translated.options
    ]
    assert translated.total_voters == english.total_voters == 2

    from_english = client.get(ballot.results_json_url).json()
    from_urdu = client.get(urdu.results_json_url).json()
    assert urdu.results_json_url.startswith("/ur/")
    assert from_urdu["total_voters"] == from_english["total_voters"] == 2
    assert [(o["id"], o["votes"]) for o in from_urdu["options"]] == [
        (o["id"], o["votes"]) for o in from_english["options"]
    ]


def test_translated_results_show_the_translations_titles(client, ballot, urdu, settings):
    settings.BALLOT_RESULTS_CACHE_SECONDS = 0
    first = urdu.options.order_by("sort_order").first()
    first.title = "پولیس کا زبردستی پکڑنا"
    first.save()
    cache.clear()
    titles = [o.title for o in urdu.results().options]
    assert "پولیس کا زبردستی پکڑنا" in titles
    assert "پولیس کا زبردستی پکڑنا" not in [o.title for o in ballot.results().options]


def test_a_resend_in_english_after_an_urdu_vote_asks_first(client, ballot, urdu):
    """The just-voted mark is the counting ballot's: a second send in another
    language a moment later is asked about, as in one language."""
    vote(client, urdu, [0, 1, 2])
    options = list(ballot.options.filter(hidden=False).order_by("sort_order"))
    again = client.post(
        ballot.url, {"options": [str(o.pk) for o in options[:3]], "form_token": new_token()}
    )
    assert again.status_code == 200
    assert "do not need to send it again" in again.content.decode()
    assert Vote.objects.count() == 1


def test_an_option_added_to_the_source_reaches_the_translation_when_synced(ballot, urdu):
    BallotOption.objects.create(page=ballot, title="Issue 11", sort_order=10)
    ballot.save_revision().publish()
    source, _ = TranslationSource.update_or_create_from_instance(ballot)
    with TestCase.captureOnCommitCallbacks(execute=True):
        for translation in source.translations.all():
            translation.save_target(publish=True)
    urdu.refresh_from_db()
    assert urdu.options.count() == 11
    assert set(urdu.options.values_list("translation_key", flat=True)) == set(
        ballot.options.values_list("translation_key", flat=True)
    )


# --- staff cannot change one language's option set ---------------------------


def edit_form_data(client, page):
    """The admin edit form of ``page`` as the browser would send it back."""
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    form = next(
        f for f in soup.find_all("form") if f.get("action", "").endswith(f"/pages/{page.pk}/edit/")
    )
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = field.find("option", selected=True)
            data[name] = chosen.get("value", "") if chosen else ""
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    data["action-publish"] = "1"
    return data


@pytest.fixture
def editor(admin_client):
    return admin_client


@pytest.fixture
def hand_edited(urdu):
    """The Urdu ballot taken out of wagtail-localize's sync ("Edit manually"
    in the admin), so the ordinary page editor, with its options, edits it.
    While synced, wagtail-localize's editor shows its words only."""
    Translation.objects.filter(target_locale=urdu.locale).update(enabled=False)
    return urdu


def test_a_synced_translation_offers_no_option_editing(editor, urdu):
    html = editor.get(f"/admin/pages/{urdu.pk}/edit/").content.decode()
    assert "options-TOTAL_FORMS" not in html


def add_option(data, title):
    total = int(data["options-TOTAL_FORMS"])
    data.update(
        {
            "options-TOTAL_FORMS": str(total + 1),
            f"options-{total}-title": title,
            f"options-{total}-short_text": "",
            f"options-{total}-easy_read_text": "",
            f"options-{total}-ORDER": str(total + 1),
            f"options-{total}-id": "",
        }
    )
    return data


def test_adding_an_option_to_one_translation_only_is_refused(editor, ballot, hand_edited):
    urdu = hand_edited
    data = add_option(edit_form_data(editor, urdu), "Only in Urdu")
    response = editor.post(f"/admin/pages/{urdu.pk}/edit/", data)
    assert response.status_code == 200
    assert TRANSLATION_OPTIONS_FIXED in response.content.decode()
    assert urdu.options.count() == ballot.options.count() == 10
    assert not BallotOption.objects.filter(title="Only in Urdu").exists()


def test_removing_an_option_from_one_translation_only_is_refused(editor, ballot, hand_edited):
    urdu = hand_edited
    data = edit_form_data(editor, urdu)
    data["options-0-DELETE"] = "1"
    response = editor.post(f"/admin/pages/{urdu.pk}/edit/", data)
    assert response.status_code == 200
    assert TRANSLATION_OPTIONS_FIXED in response.content.decode()
    assert urdu.options.count() == 10


def test_the_source_ballot_may_still_gain_an_option(editor, ballot, urdu):
    data = add_option(edit_form_data(editor, ballot), "A new issue")
    response = editor.post(f"/admin/pages/{ballot.pk}/edit/", data)
    assert response.status_code == 302, re.findall(r"error[^<]{0,200}", response.content.decode())
    assert ballot.options.filter(title="A new issue").exists()


def test_an_oversized_post_to_the_urdu_ballot_is_refused(client, urdu, settings):
    settings.BALLOT_MAX_BODY_SIZE = 1024
    response = client.post(urdu.url, {"options": ["1"], "padding": "x" * 4096})
    assert response.status_code == 413
    assert not Vote.objects.exists()


def test_lists_of_ballots_show_each_ballot_once_not_once_per_language(ballot, urdu):
    """Turnout, the dashboard and the kiosk form choose among ballots: the Urdu
    page counts on the English one, so it is not a second ballot to choose."""
    from ballot.dashboard import open_ballots
    from ballot.kiosk_admin import KioskForm
    from ballot.turnout import ballot_choices

    assert urdu.live and urdu.pk != ballot.pk
    assert [b.pk for b in ballot_choices()] == [ballot.pk]
    assert [b.pk for b in open_ballots()] == [ballot.pk]
    staff = role_user(None, "boss", superuser=True)
    assert list(KioskForm(user=staff).fields["ballot"].queryset) == [ballot]
