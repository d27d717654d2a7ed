"""The demo ballot at /have-your-say/: ten issues, public results, votes by every route."""

import io
import re

import pytest
from django.core.management import call_command

from ballot.demo import DEMO_TARGET, DEMO_VOTES
from ballot.models import BallotPage, PaperBatch, Tally, Vote
from home.models import HomePage
from tests.ballot.conftest import option_ids

pytestmark = pytest.mark.django_db

TITLES = [
    "Prison",
    "Police",
    "Hospitals",
    "Domestic violence",
    "PTSD and complex needs",
    "Housing",
    "Children",
    "Counselling, advocacy and support",
    "Staff attitudes and behaviour",
    "Male staff and support workers",
]


def test_demo_ballot(client, demo, demo_output):
    call_command("load_demo_content", stdout=io.StringIO())  # safe to run again

    ballot = BallotPage.objects.get(slug="have-your-say", locale__language_code="en-gb")
    assert ballot.url == "/have-your-say/"
    assert ballot.show_in_menus and ballot.is_open()
    assert [o.title for o in ballot.options.all()] == TITLES
    assert all(o.easy_read_text and o.image and o.image.description for o in ballot.options.all())
    assert ballot.results_visibility == "always"
    assert (ballot.target, ballot.choices_required) == (DEMO_TARGET, 3)
    assert ballot.online_route and ballot.code_route and ballot.paper_route
    assert Vote.objects.count() == DEMO_VOTES
    assert set(Vote.objects.values_list("route", flat=True)) == {"online", "code", "paper"}
    assert Tally.objects.get(key="voters").count == DEMO_VOTES
    home = HomePage.objects.get(locale__language_code="en-gb")
    assert home.have_your_say_page.specific == ballot
    assert [b.block_type for b in home.body].count("ballot_results") == 1
    html = client.get("/").content.decode()
    assert f"{DEMO_VOTES} of a target of {DEMO_TARGET} women have voted" in html
    assert client.get("/have-your-say/").status_code == 200
    # The code route works with the codes printed once by the loader.
    code = re.search(r"shown only now\): ([A-Z0-9-]+)", demo_output).group(1)
    body = {"options": option_ids(ballot)[:3], "form_token": "t" * 24, "code": code}
    assert client.post("/have-your-say/", body).status_code == 303
    assert Vote.objects.filter(route="code").count() > 0
    # One for the example organisation, one for Women in Prison (demo partner, issue 7).
    assert PaperBatch.objects.filter(ballot=ballot).count() == 2


def test_the_demo_shows_a_draft_beside_the_open_ballot_and_chooses_the_open_one(client, demo):
    from django.test import RequestFactory

    from ballot import turnout
    from ballot.dashboard import open_ballots
    from tests.factories import role_user

    call_command("load_demo_content", stdout=io.StringIO())  # again: the draft is made once

    drafts = BallotPage.objects.filter(slug="next-consultation")
    assert drafts.count() == 1
    draft = drafts.get()
    assert not draft.live and draft.status().label == "Draft"
    assert draft.options.count() == 5 and not Vote.objects.filter(ballot=draft).exists()
    assert client.get("/next-consultation/").status_code == 404

    manager = client
    manager.force_login(role_user("Consultation manager", "manager"))
    listing = manager.get("/admin/ballot/ballotpage/").content.decode()
    assert "Next year&#x27;s consultation (draft)" in listing and "Have your say" in listing

    ballot = BallotPage.objects.get(slug="have-your-say", locale__language_code="en-gb")
    chosen, choices = turnout.chosen_ballot(RequestFactory().get("/"))
    assert chosen.pk == ballot.pk and draft.pk not in {b.pk for b in choices}
    assert [b.pk for b in open_ballots()] == [ballot.pk]  # the dashboard's progress panel
