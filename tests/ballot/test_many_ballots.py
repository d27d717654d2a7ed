"""Issue 13, item 1: more than one ballot.

Three ballots at once (open, draft, closed): turnout for a chosen ballot
(never a draft) for a partner and for staff, promises per ballot, the ballot
list's status and dates, "Close now" and "Reopen", deleting a ballot with
votes refused, settled paper batches kept, a new ballot starting empty.
"""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from ballot.models import BallotPage, PaperBatch
from ballot.voting import record_vote
from tests.factories import BallotPageFactory, OrganisationFactory, partner_user, promise, role_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def ballots(home_page):
    now = timezone.now()
    open_ = BallotPageFactory(parent=home_page, slug="open-ballot", title="Spring ballot")
    draft = BallotPageFactory(parent=home_page, slug="draft-ballot", title="Draft ballot")
    draft.unpublish()
    closed = BallotPageFactory(
        parent=home_page,
        slug="closed-ballot",
        title="Last year's ballot",
        opens_at=now - timedelta(days=400),
        closes_at=now - timedelta(days=300),
    )
    return {"open": open_, "draft": draft, "closed": closed}


@pytest.fixture
def orgs():
    return OrganisationFactory(name="Ours", slug="ours"), OrganisationFactory(name="Theirs")


def votes(ballot, org, n, route="online"):
    options = list(ballot.options.all()[:3])
    for _ in range(n):
        record_vote(ballot, options, route=route, channel=org)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def selector_options(html):
    select = re.search(r'<select name="ballot".*?</select>', html, re.S)
    found = re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0)) if select else []
    return [unescape(text) for text in found]


# --- turnout -------------------------------------------------------------------


def test_partner_turnout_defaults_to_the_open_ballot_and_never_shows_a_draft(ballots, orgs):
    ours, _ = orgs
    promise(ours, ballots["open"], 100)
    promise(ours, ballots["closed"], 40)
    votes(ballots["open"], ours, 12)
    votes(ballots["closed"], ours, 15, route="paper")
    partner = client_for(partner_user(ours))

    html = partner.get(f"/admin/ballot/turnout/{ours.pk}/").content.decode()
    assert "Spring ballot: votes brought in by Ours" in html
    assert "<strong>12 votes</strong> of the 100 promised" in html
    assert selector_options(html) == ["Spring ballot (open)", "Last year's ballot (closed)"]
    assert "Draft ballot" not in html
    assert "/draft-ballot/" not in html  # no referral link to an unpublished page

    asked_for_draft = partner.get(
        f"/admin/ballot/turnout/{ours.pk}/?ballot={ballots['draft'].pk}"
    ).content.decode()
    assert "Draft ballot" not in asked_for_draft
    assert "Spring ballot: votes brought in by Ours" in asked_for_draft

    closed = partner.get(
        f"/admin/ballot/turnout/{ours.pk}/?ballot={ballots['closed'].pk}"
    ).content.decode()
    assert "Last year&#x27;s ballot: votes brought in by Ours" in closed
    assert "Final count" in closed
    assert "<strong>15 votes</strong> of the 40 promised" in closed
    assert "its link no longer takes votes" in closed


def test_partner_on_the_index_goes_to_their_own_page_for_the_chosen_ballot(ballots, orgs):
    ours, _ = orgs
    partner = client_for(partner_user(ours))

    response = partner.get(f"/admin/ballot/turnout/?ballot={ballots['closed'].pk}")

    assert response.status_code == 302
    assert response["Location"] == f"/admin/ballot/turnout/{ours.pk}/?ballot={ballots['closed'].pk}"


def index_rows(html):
    found = re.findall(
        r'<th scope="row"><a [^>]*>([^<]+)</a></th>\s*<td>([^<]*)</td>\s*<td>([^<]+)</td>', html
    )
    return {name: (promised, votes) for name, promised, votes in found}


def test_staff_turnout_index_has_figures_per_organisation_and_a_total(ballots, orgs):
    ours, theirs = orgs
    promise(ours, ballots["open"], 100)
    promise(theirs, ballots["open"], 50)
    votes(ballots["open"], ours, 12)
    votes(ballots["open"], theirs, 15)
    manager = client_for(role_user("Consultation manager", "manager"))

    html = manager.get("/admin/ballot/turnout/").content.decode()

    rows = index_rows(html)
    assert rows["Ours"] == ("100", "12")
    assert rows["Theirs"] == ("50", "15")
    assert "<strong>27</strong> women have voted, against a target of 5,000" in html
    assert "promised 150 votes in all" in html
    assert selector_options(html) == ["Spring ballot (open)", "Last year's ballot (closed)"]

    closed = manager.get(f"/admin/ballot/turnout/?ballot={ballots['closed'].pk}").content.decode()
    assert "Figures appear once at least 10 women have voted" in closed
    assert ">12<" not in closed


def test_index_withholds_what_an_organisations_own_page_withholds(ballots, orgs):
    ours, theirs = orgs
    few = OrganisationFactory(name="Small Unit")
    votes(ballots["open"], ours, 12)
    votes(ballots["open"], theirs, 15)
    votes(ballots["open"], few, 3)
    manager = client_for(role_user("Consultation manager", "manager"))

    rows = index_rows(manager.get("/admin/ballot/turnout/").content.decode())

    assert rows["Small Unit"][1].startswith("fewer than 10")  # never "3"
    for org in (ours, theirs):
        page = manager.get(f"/admin/ballot/turnout/{org.pk}/").content.decode()
        shown = rows[org.name][1]
        if shown == "withheld":
            assert "Votes: withheld" in page
        else:
            assert f"<strong>{shown} votes</strong>" in page


def test_turnout_with_only_a_draft_says_there_is_no_published_ballot(home_page, orgs):
    draft = BallotPageFactory(parent=home_page, slug="draft-only", title="Draft only")
    draft.unpublish()
    manager = client_for(role_user("Consultation manager", "manager"))

    html = manager.get("/admin/ballot/turnout/").content.decode()

    assert "There is no published ballot yet" in html
    assert "Draft only" not in html


# --- the ballot list, close now, reopen -------------------------------------------


def test_ballot_list_shows_status_opening_and_closing(ballots, home_page):
    BallotPageFactory(
        parent=home_page,
        slug="next",
        title="Next year's ballot",
        opens_at=timezone.now() + timedelta(days=30),
        closes_at=None,
    )
    manager = client_for(role_user("Consultation manager", "manager"))

    html = manager.get("/admin/ballot/ballotpage/").content.decode()

    assert "Opens at" in html or "opens at" in html.lower()
    assert "closes at" in html.lower()
    cells = re.sub(r"\s+", " ", html)
    for title, status in (
        ("Spring ballot", "Open"),
        ("Draft ballot", "Draft"),
        ("Last year&#x27;s ballot", "Closed"),
        ("Next year&#x27;s ballot", "Scheduled"),
    ):
        assert re.search(rf'{title}</a>.*?field-state[^"]*">\s*{status}\s*<', cells), title


def test_close_now_and_reopen_are_audited(ballots):
    user = role_user("Consultation manager", "manager")
    manager = client_for(user)
    ballot = ballots["open"]
    listing = manager.get("/admin/ballot/ballotpage/").content.decode()
    assert f"/admin/ballot/ballotpage/close/{ballot.pk}/" in listing
    assert f"/admin/ballot/ballotpage/reopen/{ballots['closed'].pk}/" in listing

    assert manager.get(f"/admin/ballot/ballotpage/close/{ballot.pk}/").status_code == 200
    response = manager.post(f"/admin/ballot/ballotpage/close/{ballot.pk}/")

    assert response.status_code == 302
    ballot.refresh_from_db()
    assert ballot.has_closed()
    assert ballot.get_latest_revision_as_object().has_closed()  # a later publish keeps it
    entry = PageLogEntry.objects.get(action="ballot.close", page=ballot)
    assert entry.user == user
    assert "Final results" in Client().get(f"{ballot.url}results/").content.decode()
    thanks = Client().get(f"{ballot.url}thanks/").content.decode()
    assert "Final results" in thanks and "Results so far" not in thanks
    assert "See the final results" in Client().get(ballot.url).content.decode()

    manager.post(f"/admin/ballot/ballotpage/reopen/{ballot.pk}/")
    ballot.refresh_from_db()
    assert ballot.is_open() and ballot.closes_at is None
    assert PageLogEntry.objects.filter(action="ballot.reopen", page=ballot, user=user).exists()


@pytest.mark.parametrize("role", ["Communications", None])
def test_close_now_is_refused_to_other_roles(ballots, role):
    other = client_for(role_user(role, "other") if role else partner_user(OrganisationFactory()))
    ballot = ballots["open"]

    response = other.post(f"/admin/ballot/ballotpage/close/{ballot.pk}/")

    assert response.status_code in (302, 403)
    ballot.refresh_from_db()
    assert ballot.is_open()
    assert not PageLogEntry.objects.filter(action="ballot.close").exists()


# --- deleting ------------------------------------------------------------------


def test_deleting_a_ballot_with_votes_is_refused_in_plain_words(ballots, orgs):
    admin = client_for(role_user(None, "root", superuser=True))
    ballot = ballots["open"]
    votes(ballot, orgs[0], 1)

    response = admin.post(f"/admin/pages/{ballot.pk}/delete/", follow=True)

    assert response.status_code == 200
    assert BallotPage.objects.filter(pk=ballot.pk).exists()
    text = response.content.decode()
    assert "cannot be deleted" in text
    assert "Unpublish it instead" in text
    # Deleting the page above it would delete the ballot too.
    parent_delete = admin.post(f"/admin/pages/{ballot.get_parent().pk}/delete/", follow=True)
    assert parent_delete.status_code == 200
    assert BallotPage.objects.filter(pk=ballot.pk).exists()


def test_a_ballot_without_votes_can_still_be_deleted(ballots):
    admin = client_for(role_user(None, "root", superuser=True))
    draft = ballots["draft"]

    admin.post(f"/admin/pages/{draft.pk}/delete/")

    assert not Page.objects.filter(pk=draft.pk).exists()


def test_a_settled_paper_batch_cannot_be_deleted(ballots, orgs):
    manager = client_for(role_user("Consultation manager", "manager"))
    settled = PaperBatch.objects.create(
        ballot=ballots["open"], organisation=orgs[0], reference="settled box"
    )
    PaperBatch.objects.filter(pk=settled.pk).update(settled_at=timezone.now(), votes_counted=3)
    open_batch = PaperBatch.objects.create(
        ballot=ballots["open"], organisation=orgs[0], reference="open box"
    )

    listing = manager.get("/admin/ballot/paperbatch/").content.decode()
    assert f"/admin/ballot/paperbatch/delete/{settled.pk}/" not in listing
    assert f"/admin/ballot/paperbatch/delete/{open_batch.pk}/" in listing

    response = manager.post(f"/admin/ballot/paperbatch/delete/{settled.pk}/", follow=True)
    assert PaperBatch.objects.filter(pk=settled.pk).exists()
    assert "is settled and its votes are counted" in response.content.decode()
    assert not ModelLogEntry.objects.filter(action="wagtail.delete").exists()


# --- a new ballot -------------------------------------------------------------------


def test_a_new_ballot_starts_empty_and_its_times_can_be_picked_by_the_quarter_hour(
    ballots, home_page
):
    admin = client_for(role_user(None, "root", superuser=True))

    html = admin.get(f"/admin/pages/add/ballot/ballotpage/{home_page.pk}/").content.decode()

    question = re.search(r'<input[^>]*name="question"[^>]*>', html).group(0)
    assert 'value="' not in question
    assert "&quot;step&quot;: 15" in html or '"step": 15' in html
