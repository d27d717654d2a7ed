"""Staff run the ballot from the admin: options, paper entry."""

import pytest
from django.test import Client
from wagtail.test.utils.form_data import querydict_from_html

from ballot.models import BallotOption, PaperBatch, Vote
from ballot.voting import record_vote
from tests.ballot.conftest import NOTHING, stored
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def edit_form(admin_client, ballot):
    response = admin_client.get(f"/admin/pages/{ballot.pk}/edit/")
    assert response.status_code == 200
    return querydict_from_html(response.content.decode(), form_id="page-edit-form")


def option_index(data, option):
    for key, value in data.items():
        if key.startswith("options-") and key.endswith("-id") and value == str(option.pk):
            return key.split("-")[1]
    raise AssertionError("option not in the form")


def test_staff_edit_an_option_title(admin_client, ballot):
    option = ballot.options.first()
    data = edit_form(admin_client, ballot)
    data[f"options-{option_index(data, option)}-title"] = "Prison and release"
    data["action-publish"] = "action-publish"

    response = admin_client.post(f"/admin/pages/{ballot.pk}/edit/", data)

    assert response.status_code == 302
    option.refresh_from_db()
    assert option.title == "Prison and release"


def test_an_option_with_votes_cannot_be_deleted_and_the_admin_says_why(admin_client, ballot):
    options = list(ballot.options.all())
    record_vote(ballot, options[:3], route="online")
    data = edit_form(admin_client, ballot)
    data[f"options-{option_index(data, options[0])}-DELETE"] = "1"
    data["action-publish"] = "action-publish"

    response = admin_client.post(f"/admin/pages/{ballot.pk}/edit/", data, follow=True)

    html = response.content.decode()
    assert "cannot be deleted because women have already chosen it" in html
    assert "Hidden" in html
    assert BallotOption.objects.filter(pk=options[0].pk).exists()


def test_an_option_with_votes_can_be_hidden_and_its_votes_stay(admin_client, ballot):
    options = list(ballot.options.all())
    record_vote(ballot, options[:3], route="online")
    data = edit_form(admin_client, ballot)
    data[f"options-{option_index(data, options[0])}-hidden"] = "on"
    data["action-publish"] = "action-publish"

    response = admin_client.post(f"/admin/pages/{ballot.pk}/edit/", data)

    assert response.status_code == 302
    options[0].refresh_from_db()
    assert options[0].hidden
    assert options[0].vote_choices.count() == 1


def test_an_option_without_votes_can_be_deleted(admin_client, ballot):
    option = ballot.options.last()
    data = edit_form(admin_client, ballot)
    data[f"options-{option_index(data, option)}-DELETE"] = "1"
    data["action-publish"] = "action-publish"

    response = admin_client.post(f"/admin/pages/{ballot.pk}/edit/", data)

    assert response.status_code == 302
    assert not BallotOption.objects.filter(pk=option.pk).exists()


def test_database_protects_chosen_options(ballot):
    from django.db.models import ProtectedError

    options = list(ballot.options.all())
    record_vote(ballot, options[:3], route="online")

    with pytest.raises(ProtectedError):
        options[0].delete()


def test_paper_entry_one_paper_after_another(admin_client, admin_user, ballot, django_user_model):
    """Changed for double keying (issue 7): papers count only once a second person
    has keyed the batch and both agree."""
    org = OrganisationFactory()
    created = admin_client.post(
        "/admin/ballot/paperbatch/create/",
        {"ballot": ballot.pk, "organisation": org.pk, "reference": "Leeds box 1"},
    )
    batch = PaperBatch.objects.get()
    enter_url = f"/admin/ballot/paperbatch/enter/{batch.pk}/"
    assert created["Location"] == enter_url
    assert batch.created_by == admin_user

    second = django_user_model.objects.create_superuser("second", "s@example.org", "pw")
    for client in (admin_client, Client()):
        if client is not admin_client:
            client.force_login(second)
        for numbers in ["1 4 7", "2,3,10", "5 6 9"]:
            response = client.post(enter_url, {"numbers": numbers, "age_band": ""})
            assert response.status_code == 302
            assert response["Location"] == enter_url
        page = client.get(enter_url).content.decode()
        assert "3 papers keyed so far" in page
        assert "autofocus" in page
        assert Vote.objects.count() == 0  # nothing counts before settling
        client.post(enter_url, {"finish": "1"})

    assert Vote.objects.filter(route="paper", channel=org).count() == 3
    # Changed for issue 10: the batch keeps a count, not a per-vote entry timed
    # to the second; who keyed it is on the keyings.
    batch.refresh_from_db()
    assert batch.votes_counted == 3
    assert {k.keyed_by for k in batch.keyings.all()} == {admin_user, second}
    papers = sorted(
        sorted(c.option.title for c in vote.choices.all())
        for vote in Vote.objects.prefetch_related("choices__option")
    )
    assert ["Issue 1", "Issue 4", "Issue 7"] in papers


@pytest.mark.parametrize(
    ("numbers", "message"),
    [
        ("1 4", "exactly 3 ticks"),
        ("1 4 4", "typed twice"),
        ("1 4 11", "is not a number on this paper"),
        ("one two three", "is not a number on this paper"),
    ],
)
def test_paper_entry_refuses_bad_papers(admin_client, ballot, numbers, message):
    batch = PaperBatch.objects.create(ballot=ballot, organisation=OrganisationFactory())

    response = admin_client.post(
        f"/admin/ballot/paperbatch/enter/{batch.pk}/", {"numbers": numbers}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert stored() == NOTHING


def test_paper_entry_is_staff_only(client, ballot):
    batch = PaperBatch.objects.create(ballot=ballot, organisation=OrganisationFactory())

    response = client.post(f"/admin/ballot/paperbatch/enter/{batch.pk}/", {"numbers": "1 2 3"})

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert stored() == NOTHING


def test_publishing_an_older_revision_keeps_voted_options_hidden(ballot):
    old = ballot.save_revision()
    ballot.options.add(BallotOption(title="Added later", sort_order=10))
    ballot.save_revision().publish()
    added = BallotOption.objects.get(title="Added later")
    record_vote(ballot, [added, *ballot.options.all()[:2]], route="online")

    old.publish()

    added.refresh_from_db()
    assert added.hidden
    assert added.vote_choices.count() == 1
