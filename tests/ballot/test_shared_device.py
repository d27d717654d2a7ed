"""A shared phone or kiosk remembers nothing of the last woman.

The attacks: the browser keeps the ballot or thank-you page and shows it
again (Back, or a cache), form state is restored into the page, and a
400-day cookie tells the next woman "This device has already been used to
vote" (shutting her out and telling her someone voted). The browser side
(Back, back-forward cache, idle reset) is in tests/browser/test_shared_device.py.
"""

import re

import pytest
from django.test import Client

from ballot.models import Vote
from tests.ballot.conftest import form_field, page_errors, vote_data
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

YEAR = 365 * 24 * 60 * 60
HINTS = ("already been used", "already voted", "has voted", "vote was sent", "someone voted")


def main_text(response):
    """The page's own content, without the site header."""
    html = response.content.decode().lower()
    return html[html.index("<main") : html.index("</main>")]


def no_store(response):
    return "no-store" in response.get("Cache-Control", "")


def test_ballot_and_thank_you_pages_are_never_stored(client, ballot):
    page = client.get("/have-your-say/")
    response = client.post("/have-your-say/", vote_data(ballot))
    thanks = client.get(response["Location"])

    assert no_store(page) and no_store(thanks) and no_store(response)
    assert "private" in thanks["Cache-Control"]


def test_the_page_cache_never_keeps_a_thank_you_page(ballot, settings):
    """Before: with results shown to everyone the thank-you page was cacheable."""
    settings.PAGE_CACHE_SECONDS = 60
    response = Client().post("/have-your-say/", vote_data(ballot))
    url = response["Location"]

    Client().get(url)
    again = Client().get(url)

    assert "X-Page-Cache" not in again
    assert no_store(again)


def test_an_embedded_ballot_form_page_is_never_stored(ballot, home_page):
    page = StandardPageFactory(
        parent=home_page,
        slug="campaign",
        body=[("ballot_form", {"ballot": ballot, "heading": ""})],
    )
    response = Client().get(page.url)
    assert "data-ballot-form" in response.content.decode()
    assert no_store(response)


def test_the_form_asks_the_browser_not_to_restore_or_fill_it(client, ballot):
    html = client.get("/have-your-say/").content.decode()

    form_tag = re.search(r"<form[^>]*data-ballot-form[^>]*>", html).group(0)
    assert 'autocomplete="off"' in form_tag


def test_no_long_lived_mark_is_left_after_a_vote(client, ballot, settings):
    response = client.post("/have-your-say/", vote_data(ballot))

    assert response.status_code == 303
    for name, morsel in response.cookies.items():
        assert not name.startswith("wmhn_voted"), name
        if morsel["max-age"]:
            assert int(morsel["max-age"]) <= settings.BALLOT_DEVICE_MARK_SECONDS <= 10 * 60
        assert morsel.value != str(Vote.objects.get().pk)


def test_a_second_woman_on_the_same_browser_can_vote_and_sees_no_hint(client, ballot):
    first = client.post("/have-your-say/", vote_data(ballot))
    assert first.status_code == 303
    # Ten minutes later: the browser has dropped every cookie that lived less.
    for name, morsel in list(client.cookies.items()):
        if morsel["max-age"] and int(morsel["max-age"]) <= 10 * 60:
            del client.cookies[name]

    page = client.get("/have-your-say/")
    html = main_text(page)
    assert not any(hint in html for hint in HINTS)
    assert form_field(page, "form_token")
    second = client.post("/have-your-say/", vote_data(ballot))

    assert second.status_code == 303
    assert Vote.objects.count() == 2


def test_the_ballot_page_says_nothing_while_the_mark_is_fresh(client, ballot):
    client.post("/have-your-say/", vote_data(ballot))

    html = main_text(client.get("/have-your-say/"))

    assert not any(hint in html for hint in HINTS)


def test_an_immediate_resend_asks_before_counting_again(client, ballot):
    """Back and send again a moment later: one question, nothing stored, no shut-out."""
    client.post("/have-your-say/", vote_data(ballot))

    again = client.post("/have-your-say/", vote_data(ballot))

    assert again.status_code == 200
    assert Vote.objects.count() == 1
    errors = " ".join(page_errors(again))
    assert "do not need to send it again" in errors
    html = again.content.decode()
    assert 'name="first_vote"' in html
    confirmed = client.post("/have-your-say/", vote_data(ballot, first_vote="on"))
    assert confirmed.status_code == 303
    assert Vote.objects.count() == 2


def test_a_double_click_is_still_one_vote(client, ballot):
    data = vote_data(ballot)
    client.post("/have-your-say/", data)
    again = client.post("/have-your-say/", data)

    assert again.status_code == 303
    assert Vote.objects.count() == 1


def test_results_for_voters_work_from_the_thank_you_link_alone(ballot):
    ballot.results_visibility = "voted"
    ballot.save_revision().publish()
    client = Client()

    response = client.post("/have-your-say/", vote_data(ballot))
    thanks = client.get(response["Location"])

    assert "Results so far" in thanks.content.decode()
    token = re.search(r"[?&]v=([^&#]+)", response["Location"]).group(1)
    assert client.get(f"/have-your-say/results.json?v={token}").status_code == 200
    # The next woman on this browser is not shown results for having "voted".
    assert client.get("/have-your-say/results.json").status_code == 403
