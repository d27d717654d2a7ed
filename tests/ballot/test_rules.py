"""ballot/rules.py: each kiosk, quota and late-paper question answered by the one
permission policy, plus what the policy cannot know (an inactive organisation
opens no kiosk). Asked for staff, for a partner of an active and of an inactive
organisation, and for a role with no ballot rights."""

import pytest

from ballot import rules
from ballot.models import CodeBatch, Kiosk, PaperBatch
from tests.factories import BallotPageFactory, OrganisationFactory, partner_user, role_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(home_page):
    ballot = BallotPageFactory(parent=home_page, options=3)
    ours = OrganisationFactory(name="Ours")
    theirs = OrganisationFactory(name="Theirs")
    closed = OrganisationFactory(name="Closed down", active=False)
    return {
        "ballot": ballot,
        "ours": ours,
        "theirs": theirs,
        "closed": closed,
        "manager": role_user("Consultation manager", "manager"),
        "comms": role_user("Communications", "comms"),
        "partner": partner_user(ours),
        "closed_partner": partner_user(closed),
    }


def test_a_consultation_manager_may_do_everything_for_any_active_organisation(world):
    user, ours, ballot = world["manager"], world["ours"], world["ballot"]
    kiosk = Kiosk(ballot=ballot, organisation=ours)
    batch = CodeBatch(ballot=ballot, organisation=ours, size=5)
    paper = PaperBatch(ballot=ballot, organisation=ours)
    assert rules.may_see_kiosks(user)
    assert rules.may_make_kiosks(user)
    assert rules.may_manage_kiosk(user, None)  # a kiosk run by Wish staff
    assert rules.may_manage_kiosk(user, world["theirs"])
    assert not rules.may_manage_kiosk(user, world["closed"])  # inactive: no new kiosk
    assert rules.may_revoke_kiosk(user, kiosk)
    assert rules.may_issue_codes(user, ours)
    assert rules.may_approve_code_batch(user)
    assert rules.may_approve_code_batch(user, batch)
    assert rules.may_set_code_quota(user)
    assert rules.may_record_paper_received(user)
    assert rules.may_record_paper_received(user, paper)


def test_a_partner_acts_for_its_own_organisation_only_and_approves_nothing(world):
    user, ours, theirs, ballot = world["partner"], world["ours"], world["theirs"], world["ballot"]
    assert rules.may_see_kiosks(user)
    assert rules.may_make_kiosks(user)
    assert rules.may_manage_kiosk(user, ours)
    assert not rules.may_manage_kiosk(user, theirs)
    assert not rules.may_manage_kiosk(user, None)
    assert rules.may_revoke_kiosk(user, Kiosk(ballot=ballot, organisation=ours))
    assert not rules.may_revoke_kiosk(user, Kiosk(ballot=ballot, organisation=theirs))
    assert rules.may_issue_codes(user, ours)
    assert not rules.may_issue_codes(user, theirs)
    assert not rules.may_approve_code_batch(user)
    assert not rules.may_approve_code_batch(user, CodeBatch(ballot=ballot, organisation=ours))
    assert not rules.may_set_code_quota(user)
    assert not rules.may_record_paper_received(user)
    assert not rules.may_record_paper_received(user, PaperBatch(ballot=ballot, organisation=ours))


def test_a_partner_of_an_inactive_organisation_is_offered_no_new_kiosk(world):
    user, closed = world["closed_partner"], world["closed"]
    assert rules.may_see_kiosks(user)
    assert not rules.may_make_kiosks(user)
    assert not rules.may_manage_kiosk(user, closed)


def test_a_role_without_ballot_rights_gets_no_for_every_question(world):
    user, ours, ballot = world["comms"], world["ours"], world["ballot"]
    assert not rules.may_see_kiosks(user)
    assert not rules.may_make_kiosks(user)
    assert not rules.may_manage_kiosk(user, ours)
    assert not rules.may_revoke_kiosk(user, Kiosk(ballot=ballot, organisation=ours))
    assert not rules.may_issue_codes(user, ours)
    assert not rules.may_approve_code_batch(user)
    assert not rules.may_set_code_quota(user)
    assert not rules.may_record_paper_received(user)
