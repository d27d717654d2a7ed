"""The voting form and live results as blocks in any StreamField page."""

import re

import pytest

from ballot.models import Vote
from ballot.voting import record_vote
from tests.ballot.conftest import form_field, option_ids, stored, vote_data
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign_page(home_page, ballot):
    return StandardPageFactory(
        parent=home_page,
        slug="campaign",
        title="A campaign",
        body=[
            ("ballot_form", {"ballot": ballot, "heading": "Vote here"}),
            (
                "ballot_results",
                {
                    "ballot": ballot,
                    "heading": "Results",
                    "show_bars": True,
                    "show_counts": True,
                    "show_progress": True,
                },
            ),
        ],
    )


def test_form_block_posts_to_the_ballot_and_returns_to_the_page(client, ballot, campaign_page):
    page = client.get("/campaign/")
    html = page.content.decode()
    assert 'action="/have-your-say/"' in html
    assert form_field(page, "next") == "/campaign/"

    token = form_field(page, "form_token")
    data = vote_data(ballot, next="/campaign/", form_token=token)
    response = client.post("/have-your-say/", data)

    assert response.status_code == 303
    assert response["Location"].startswith("/campaign/?v=")
    assert response["Location"].endswith(f"&ballot_thanks={ballot.pk}#ballot-{ballot.pk}")
    assert Vote.objects.count() == 1
    back = client.get(response["Location"]).content.decode()
    assert ballot.thank_you_text in back
    assert 'name="options"' not in back


def test_form_block_refuses_an_outside_return_address(client, ballot, campaign_page):
    response = client.post("/have-your-say/", vote_data(ballot, next="https://evil.example/steal"))

    assert response.status_code == 303
    assert response["Location"].startswith("/have-your-say/thanks/")


def test_form_block_errors_show_on_the_ballot_page(client, ballot, campaign_page):
    response = client.post(
        "/have-your-say/", vote_data(ballot, option_ids(ballot)[:1], next="/campaign/")
    )

    assert response.status_code == 200
    assert form_field(response, "next") == "/campaign/"
    assert stored()["votes"] == 0


def test_thanks_flag_without_a_valid_token_shows_the_form(client, ballot, campaign_page):
    html = client.get(f"/campaign/?ballot_thanks={ballot.pk}&v=forged").content.decode()

    assert 'name="options"' in html


def test_results_block_renders_on_the_server(client, ballot, campaign_page):
    for _ in range(10):  # K votes: the first release of the results
        record_vote(ballot, list(ballot.options.all()[:3]), route="online")

    html = client.get("/campaign/").content.decode()

    assert 'data-results-url="/have-your-say/results.json"' in html
    assert "10 of a target of 5000 women have voted" in html
    assert "10 votes, 100% of voters" in html
    assert "Updated after every 10 votes" in html
    assert 'aria-live="polite"' in html


def test_results_block_waits_for_k_votes(client, ballot, campaign_page):
    for _ in range(9):
        record_vote(ballot, list(ballot.options.all()[:3]), route="online")

    html = client.get("/campaign/").content.decode()

    assert "Results will appear once at least 10 women have voted." in html
    assert "9 of a target" not in html and "9 votes" not in html


def test_results_block_honours_visibility(client, ballot, campaign_page):
    ballot.results_visibility = "closed"
    ballot.save_revision().publish()

    html = client.get("/campaign/").content.decode()

    assert "data-results-url" not in html
    assert "The results will be shown when the ballot closes." in html


def test_blocks_cost_the_same_however_many_votes(
    client, ballot, campaign_page, django_assert_max_num_queries, django_assert_num_queries
):
    options = list(ballot.options.all())
    record_vote(ballot, options[:3], route="online")
    client.get("/campaign/")
    with django_assert_max_num_queries(30) as one_vote:
        assert client.get("/campaign/").status_code == 200
    few = len(one_vote)  # read at once: the next request empties Django's query log

    for i in range(40):
        record_vote(ballot, options[i % 7 : i % 7 + 3], route="paper")
    client.get("/campaign/")
    with django_assert_num_queries(few):
        assert client.get("/campaign/").status_code == 200


def test_block_module_does_not_import_ballot_models():
    import ast
    from pathlib import Path

    import ballot.blocks

    tree = ast.parse(Path(ballot.blocks.__file__).read_text())
    top_level = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    assert not any("ballot" in (getattr(n, "module", "") or "") for n in top_level)


def test_form_block_on_the_home_page_uses_its_own_ids(client, ballot, campaign_page):
    html = client.get("/campaign/").content.decode()

    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_ballot_chooser_is_written_as_the_plain_page_chooser_it_replaced():
    """So StreamField migrations and stored data see no change."""
    from wagtail import blocks

    from ballot.blocks import BallotChooserBlock

    plain = blocks.PageChooserBlock(page_type="ballot.BallotPage", required=False)
    assert BallotChooserBlock(required=False).deconstruct() == plain.deconstruct()
    assert BallotChooserBlock().deconstruct()[0] == "wagtail.blocks.PageChooserBlock"


def test_ballot_chooser_reads_its_ballots_and_their_privacy_in_one_query(
    ballot, home_page, django_assert_num_queries
):
    from wagtail.models import PageViewRestriction

    from ballot.blocks import BallotChooserBlock

    block = BallotChooserBlock()
    with django_assert_num_queries(1):
        first, empty, again, missing = block.bulk_to_python([ballot.pk, None, ballot.pk, 10**6])
    assert (first.pk, empty, again.pk, missing) == (ballot.pk, None, ballot.pk, None)
    assert first is not again  # chosen twice: two objects, as Wagtail's blocks give
    assert first.known_unrestricted and again.known_unrestricted

    PageViewRestriction.objects.create(page=home_page, restriction_type="login")
    (private,) = block.bulk_to_python([ballot.pk])
    assert not private.known_unrestricted
    assert private.get_view_restrictions().exists()
