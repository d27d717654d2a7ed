"""A campaign page shows how its ballot option is doing and invites a vote."""

import pytest

from ballot.models import Tally
from tests.factories import CampaignIndexPageFactory, CampaignPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(home_page):
    index = CampaignIndexPageFactory(parent=home_page)
    return CampaignPageFactory(parent=index, title="Housing", slug="housing")


def link(ballot, campaign, position=0):
    option = ballot.options.order_by("sort_order")[position]
    option.campaign = campaign
    option.save()
    return option


def test_campaign_page_shows_its_option_results_and_a_vote_button(client, ballot, campaign):
    option = link(ballot, campaign)
    Tally.objects.create(ballot=ballot, key="voters", count=40)
    Tally.objects.create(ballot=ballot, key=f"option:{option.pk}", count=30)

    html = client.get(campaign.url).content.decode()

    assert "This issue is in our consultation" in html
    assert "So far 30 of the women who voted chose it (75%)" in html
    assert f'href="{ballot.url}">Have your say</a>' in html


def test_results_are_left_out_when_not_public(client, ballot, campaign):
    link(ballot, campaign)
    ballot.results_visibility = "closed"
    ballot.save_revision().publish()

    html = client.get(campaign.url).content.decode()

    assert "This issue is in our consultation" in html
    assert "So far" not in html


def test_campaign_without_an_option_shows_no_ballot_section(client, ballot, campaign):
    html = client.get(campaign.url).content.decode()

    assert "This issue is in our consultation" not in html


def test_deleting_the_campaign_keeps_the_option(ballot, campaign):
    option = link(ballot, campaign)

    campaign.delete()
    option.refresh_from_db()

    assert option.campaign is None


def test_demo_links_each_issue_to_its_campaign(client, demo):
    from ballot.models import BallotPage

    ballot = BallotPage.objects.get(slug="have-your-say", locale__language_code="en-gb")

    linked = ballot.options.exclude(campaign=None)
    assert linked.count() == 10
    assert all(option.campaign.title == option.title for option in linked)
    assert "This issue is in our consultation" in client.get("/campaigns/housing/").content.decode()
