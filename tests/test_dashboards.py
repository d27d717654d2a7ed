"""Each role's admin dashboard shows the panels for its job, and no one else's
(issue 13, item 4)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Workflow

from ballot.models import PaperBatch, PaperKeying
from ballot.release import release
from tests.factories import (
    BallotPageFactory,
    MemberFactory,
    OrganisationFactory,
    StandardPageFactory,
    partner_user,
    role_user,
)

pytestmark = pytest.mark.django_db

PROGRESS = 'data-panel="consultation-progress"'
KEYING = 'data-panel="paper-keying"'
MODERATION = 'data-panel="moderation"'
MEMBERS = 'data-panel="members-joined"'
TURNOUT = 'data-panel="partner-turnout"'
HOW_TO = 'data-panel="how-to"'
ALL = {PROGRESS, KEYING, MODERATION, MEMBERS, TURNOUT}


@pytest.fixture
def ballot(home_page):
    return BallotPageFactory(parent=home_page, slug="have-your-say", title="Have your say")


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Women in Prison", slug="wip")


def dashboard(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def shown(html):
    return {marker for marker in ALL if marker in html}


def test_consultation_manager_sees_progress_and_keying(client, ballot, org):
    html = dashboard(client, role_user("Consultation manager", "cm"))
    assert shown(html) == {PROGRESS, KEYING}
    assert HOW_TO in html
    assert "Have your say" in html


def test_communications_sees_moderation_only(client, ballot):
    assert shown(dashboard(client, role_user("Communications", "comms"))) == {MODERATION}


def test_membership_officer_sees_members_joined_only(client, ballot):
    assert shown(dashboard(client, role_user("Membership officer", "mo"))) == {MEMBERS}


def test_partner_sees_their_turnout_link_and_their_keying(client, ballot, org):
    html = dashboard(client, partner_user(org))
    assert shown(html) == {TURNOUT, KEYING}
    assert f"/admin/ballot/turnout/{org.pk}/" in html


def test_superuser_sees_every_staff_panel(client, ballot, org):
    # The turnout link is a partner's own; staff reach every organisation's from progress.
    assert shown(dashboard(client, role_user(None, "root", superuser=True))) == ALL - {TURNOUT}


def test_progress_is_the_published_count_in_steps_of_k(client, ballot, settings):
    from ballot.models import Tally

    settings.BALLOT_RESULTS_THRESHOLD = 10
    Tally.objects.update_or_create(ballot=ballot, key="voters", defaults={"count": 27})
    release(ballot)
    Tally.objects.filter(ballot=ballot, key="voters").update(count=36)  # 9 more: not released
    html = dashboard(client, role_user("Consultation manager", "cm"))
    assert "20 or more" in html
    # The panel's words and figures, not its links: a page id in a results link
    # can be 27 or 36 on PostgreSQL, whose sequences do not restart per test.
    panel = html.split(PROGRESS, 1)[1].split("</section>", 1)[0]
    words = re.sub(r"<[^>]*>", " ", panel)
    assert "27" not in words
    assert "36" not in words


def test_progress_says_fewer_than_k(client, ballot, settings):
    settings.BALLOT_RESULTS_THRESHOLD = 10
    html = dashboard(client, role_user("Consultation manager", "cm"))
    assert "fewer than 10" in html


def test_keying_panel_lists_batches_waiting_for_a_second_keying(client, ballot, org):
    other = OrganisationFactory(name="Other org", slug="other")
    keyer = get_user_model().objects.create_user("keyer", "k@example.org", "pw-123456")
    waiting = PaperBatch.objects.create(ballot=ballot, organisation=org, reference="Leeds 1")
    PaperKeying.objects.create(batch=waiting, keyed_by=keyer, finished_at=timezone.now())
    theirs = PaperBatch.objects.create(ballot=ballot, organisation=other, reference="York 9")
    PaperKeying.objects.create(batch=theirs, keyed_by=keyer, finished_at=timezone.now())
    untouched = PaperBatch.objects.create(ballot=ballot, organisation=org, reference="Hull 3")

    staff = dashboard(client, role_user("Consultation manager", "cm"))
    assert "Leeds 1" in staff and "York 9" in staff
    assert "Hull 3" not in staff
    assert f"/admin/ballot/paperbatch/enter/{waiting.pk}/" in staff

    client.logout()
    partner = dashboard(client, partner_user(org))
    assert "Leeds 1" in partner
    assert "York 9" not in partner  # another organisation's batch
    assert untouched.reference not in partner


def test_moderation_panel_lists_pages_submitted_for_moderation(client, home_page):
    page = StandardPageFactory(parent=home_page, slug="about", title="About the network")
    submitter = role_user("Communications", "writer")
    workflow = Workflow.objects.filter(active=True).first()
    assert workflow is not None
    page.save_revision(user=submitter)
    workflow.start(page, submitter)
    html = dashboard(client, role_user("Communications", "comms"))
    assert "About the network" in html
    assert f"/admin/pages/{page.pk}/edit/" in html


def test_members_joined_this_month(client, home_page):
    for n in range(3):
        MemberFactory(email=f"m{n}@example.org", confirmed_at=timezone.now())
    html = dashboard(client, role_user("Membership officer", "mo"))
    section = html.split(MEMBERS, 1)[1].split("</section>", 1)[0]
    assert ">3<" in section


def test_dashboard_queries_are_bounded(client, ballot, org, django_assert_max_num_queries):
    user = role_user(None, "root", superuser=True)
    client.force_login(user)
    client.get("/admin/")
    with django_assert_max_num_queries(60):
        client.get("/admin/")


def test_communications_can_approve_what_is_waiting(client, home_page):
    page = StandardPageFactory(parent=home_page, slug="about", title="About the network")
    submitter = role_user(None, "partner-like")
    page.save_revision(user=submitter)
    workflow = Workflow.objects.filter(active=True).first()
    state = workflow.start(page, submitter)
    comms = role_user("Communications", "comms")
    task = state.current_task_state.task.specific
    actions = [name for name, *_ in task.get_actions(page, comms)]
    assert "approve" in actions
    assert [
        name for name, *_ in task.get_actions(page, role_user("Membership officer", "mo"))
    ] == []
