"""A partner user reaches only their own organisation's codes, batches, page and turnout.

One test per view: by URL, by form tampering (posting another organisation's
id) and by search.
"""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from ballot.models import BallotCode, CodeBatch, KeyedPaper, PaperBatch, PaperKeying
from network.models import Organisation
from tests.factories import (
    MemberFactory,
    NetworkIndexPageFactory,
    OrganisationFactory,
    PartnerPageFactory,
    partner_user,
    promise,
)

pytestmark = pytest.mark.django_db


def refused(response):
    """Wagtail answers a refused admin request with 403 or a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] in ("/admin/", "/admin/login/")
    )


@pytest.fixture
def orgs(ballot):
    # "Ours" promised 10 votes: a quota of 12 codes without approval.
    ours = OrganisationFactory(name="Ours", slug="ours")
    promise(ours, ballot, 10)
    return ours, OrganisationFactory(name="Theirs", slug="theirs")


@pytest.fixture
def partner(orgs):
    client = Client()
    client.force_login(partner_user(orgs[0]))
    return client


@pytest.fixture
def batches(ballot, orgs):
    ours, theirs = orgs
    return {
        "our_codes": CodeBatch.objects.create(
            ballot=ballot, organisation=ours, reference="our cards", size=1
        ),
        "their_codes": CodeBatch.objects.create(
            ballot=ballot, organisation=theirs, reference="their cards", size=1
        ),
        "our_paper": PaperBatch.objects.create(
            ballot=ballot, organisation=ours, reference="our box"
        ),
        "their_paper": PaperBatch.objects.create(
            ballot=ballot, organisation=theirs, reference="their box"
        ),
    }


def test_code_batch_list_shows_only_their_own_even_by_search_or_filter(partner, batches, orgs):
    html = partner.get("/admin/ballot/codebatch/").content.decode()
    assert "our cards" in html and "their cards" not in html

    searched = partner.get("/admin/ballot/codebatch/", {"q": "their"}).content.decode()
    assert "their cards" not in searched

    filtered = partner.get(
        "/admin/ballot/codebatch/", {"organisation__id__exact": orgs[1].pk}
    ).content.decode()
    assert "their cards" not in filtered


def test_code_batch_create_refuses_another_organisations_id(partner, ballot, orgs):
    response = partner.post(
        "/admin/ballot/codebatch/create/",
        {"ballot": ballot.pk, "organisation": orgs[1].pk, "reference": "sneaky", "size": 5},
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not CodeBatch.objects.exists()
    assert not BallotCode.objects.exists()


def test_code_batch_create_for_their_own_organisation(partner, ballot, orgs):
    form = partner.get("/admin/ballot/codebatch/create/").content.decode()
    assert "Theirs" not in form

    response = partner.post(
        "/admin/ballot/codebatch/create/",
        {"ballot": ballot.pk, "organisation": orgs[0].pk, "reference": "cards", "size": 5},
    )

    assert response.status_code == 200
    assert CodeBatch.objects.get().organisation == orgs[0]
    assert BallotCode.objects.count() == 5


def test_code_batch_delete_of_another_organisation_is_refused(partner, batches):
    theirs = batches["their_codes"]
    response = partner.post(f"/admin/ballot/codebatch/delete/{theirs.pk}/")

    assert refused(response)
    assert CodeBatch.objects.filter(pk=theirs.pk).exists()


def test_paper_batch_list_shows_only_their_own_even_by_search(partner, batches):
    html = partner.get("/admin/ballot/paperbatch/").content.decode()
    assert "our box" in html and "their box" not in html
    searched = partner.get("/admin/ballot/paperbatch/", {"q": "their"})
    assert "their box" not in searched.content.decode()


def test_paper_batch_create_refuses_another_organisations_id(partner, ballot, orgs):
    response = partner.post(
        "/admin/ballot/paperbatch/create/",
        {"ballot": ballot.pk, "organisation": orgs[1].pk, "reference": "sneaky"},
    )

    assert response.status_code == 200
    assert not PaperBatch.objects.exists()


def test_paper_batch_edit_of_another_organisation_is_refused(partner, batches, orgs):
    theirs = batches["their_paper"]
    response = partner.post(
        f"/admin/ballot/paperbatch/edit/{theirs.pk}/",
        {"ballot": theirs.ballot_id, "organisation": orgs[0].pk, "reference": "mine now"},
    )

    assert refused(response)
    theirs.refresh_from_db()
    assert theirs.reference == "their box" and theirs.organisation == orgs[1]


def test_paper_entry_of_another_organisation_is_not_found(partner, batches):
    theirs = batches["their_paper"]
    url = f"/admin/ballot/paperbatch/enter/{theirs.pk}/"

    assert partner.get(url).status_code == 404
    assert partner.post(url, {"numbers": "1 2 3"}).status_code == 404
    assert not PaperKeying.objects.exists() and not KeyedPaper.objects.exists()


def test_paper_entry_of_their_own_batch_works(partner, batches):
    ours = batches["our_paper"]
    response = partner.post(f"/admin/ballot/paperbatch/enter/{ours.pk}/", {"numbers": "1 2 3"})

    assert response.status_code == 302
    assert KeyedPaper.objects.filter(keying__batch=ours).count() == 1


def test_settle_of_another_organisation_is_not_found(partner, batches):
    theirs = batches["their_paper"]
    assert partner.get(f"/admin/ballot/paperbatch/settle/{theirs.pk}/").status_code == 404


def test_turnout_of_another_organisation_is_refused(partner, orgs, ballot):
    assert refused(partner.get(f"/admin/ballot/turnout/{orgs[1].pk}/"))
    own = partner.get("/admin/ballot/turnout/")
    assert own["Location"] == f"/admin/ballot/turnout/{orgs[0].pk}/?ballot={ballot.pk}"
    assert partner.get(own["Location"]).status_code == 200


@pytest.mark.parametrize("action", ["results", "export"])
def test_whole_ballot_results_and_export_are_refused(partner, ballot, action):
    response = partner.get(f"/admin/ballot/ballotpage/{action}/{ballot.pk}/")
    assert refused(response)


def test_ballot_list_is_refused(partner, ballot):
    response = partner.get("/admin/ballot/ballotpage/")
    assert refused(response)
    assert ballot.title not in response.content.decode()


def test_member_data_is_refused_even_with_the_permission(orgs, home_page):
    user = partner_user(orgs[0])
    group = user.groups.get()
    group.permissions.add(Permission.objects.get(codename="view_member"))
    member = MemberFactory(name="Private Person")
    client = Client()
    client.force_login(user)

    listing = client.get("/admin/network/member/")
    inspect = client.get(f"/admin/network/member/inspect/{member.pk}/")

    assert refused(listing) and refused(inspect)
    assert "Private Person" not in listing.content.decode() + inspect.content.decode()


def test_making_partner_users_is_refused(partner, orgs):
    response = partner.post(
        "/admin/network/partner-users/new/",
        {"organisation": orgs[1].pk, "username": "x", "email": "x@example.org", "password": "p"},
    )
    assert refused(response)
    assert not Organisation.objects.get(pk=orgs[1].pk).partner_accounts.exists()


def test_partner_page_is_theirs_only_and_changes_go_to_moderation(home_page, orgs):
    index = NetworkIndexPageFactory(parent=home_page)
    ours = PartnerPageFactory(parent=index, organisation=orgs[0], title="Our page")
    theirs = PartnerPageFactory(parent=index, organisation=orgs[1], title="Their page")
    user = partner_user(Organisation.objects.get(pk=orgs[0].pk), username="p2")
    client = Client()
    client.force_login(user)

    assert client.get(f"/admin/pages/{ours.pk}/edit/").status_code == 200
    assert refused(client.get(f"/admin/pages/{theirs.pk}/edit/"))
    assert refused(client.get(f"/admin/pages/{home_page.pk}/edit/"))
    perms = ours.permissions_for_user(user)
    assert perms.can_edit() and not perms.can_publish()
    assert not theirs.permissions_for_user(user).can_edit()


def test_partner_submits_their_page_for_moderation_and_live_page_waits(home_page, orgs):
    from wagtail.test.utils.form_data import querydict_from_html

    index = NetworkIndexPageFactory(parent=home_page)
    ours = PartnerPageFactory(parent=index, organisation=orgs[0], title="Our page")
    ours.save_revision().publish()
    client = Client()
    client.force_login(partner_user(Organisation.objects.get(pk=orgs[0].pk), username="p3"))
    html = client.get(f"/admin/pages/{ours.pk}/edit/").content.decode()
    assert 'name="action-publish"' not in html
    data = querydict_from_html(html, form_id="page-edit-form")
    data["body-count"] = "0"  # the StreamField's inputs are drawn by JavaScript
    data["summary"] = "New words from the partner."
    data["action-submit"] = "Submit for moderation"

    response = client.post(f"/admin/pages/{ours.pk}/edit/", data)

    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.workflow_in_progress
    assert ours.summary != "New words from the partner."  # live page unchanged until approved
    assert ours.get_latest_revision_as_object().summary == "New words from the partner."
