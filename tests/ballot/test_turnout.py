"""A partner's turnout: votes by route and week against the votes promised, small groups hidden."""

import pytest
from django.test import Client, override_settings

from ballot.voting import record_vote
from tests.factories import OrganisationFactory, partner_user

pytestmark = pytest.mark.django_db


def turnout(org, ballot):
    client = Client()
    client.force_login(partner_user(org))
    response = client.get(f"/admin/ballot/turnout/{org.pk}/")
    assert response.status_code == 200
    return response.content.decode()


@override_settings(BALLOT_RESULTS_THRESHOLD=5)
def test_small_groups_are_hidden(ballot):
    org = OrganisationFactory(promised_votes=100)
    options = list(ballot.options.all()[:3])
    for _ in range(3):
        record_vote(ballot, options, route="paper", channel=org)

    html = turnout(org, ballot)

    assert "fewer than 5" in html
    assert "<strong>3 votes" not in html
    assert "Paper: 3" not in html


@override_settings(BALLOT_RESULTS_THRESHOLD=5)
def test_turnout_moves_with_votes_against_the_promise(ballot):
    org = OrganisationFactory(promised_votes=20)
    other = OrganisationFactory()
    options = list(ballot.options.all()[:3])
    for _ in range(6):
        record_vote(ballot, options, route="code", channel=org)
    for _ in range(7):
        record_vote(ballot, options, route="online", channel=other)

    html = turnout(org, ballot)

    assert "<strong>6 votes</strong> of the 20 promised" in html
    assert "30% of the promise" in html
    assert "One-time code: 6" in html
    assert "Online: 0" in html  # the other organisation's votes are not theirs


def test_partner_gets_a_printable_ballot_and_their_referral_link(ballot):
    org = OrganisationFactory(slug="example-womens-centre-york")

    html = turnout(org, ballot)

    assert f'href="{ballot.url}?via=example-womens-centre-york"' in html
    assert "Open the ballot to print paper copies" in html
    assert f"{ballot.url}?via=example-womens-centre-york</code>" in html
