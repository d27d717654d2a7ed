"""One-time codes: made in batches, kept only as keyed hashes, accepted once."""

import re
from urllib.parse import unquote

import pytest
from django.test import Client, override_settings

from ballot.models import BallotCode, CodeBatch, Tally, Vote
from ballot.models.codes import ALPHABET, hash_code
from tests.ballot.conftest import page_errors, stored, vote_data
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def make_codes(admin_client, ballot, organisation, size=5):
    response = admin_client.post(
        "/admin/ballot/codebatch/create/",
        {"ballot": ballot.pk, "organisation": organisation.pk, "reference": "March", "size": size},
    )
    assert response.status_code == 200
    return response


def test_staff_make_a_batch_and_see_the_codes_once(admin_client, ballot):
    org = OrganisationFactory(name="Example Women's Centre, Leeds")

    response = make_codes(admin_client, ballot, org, size=12)

    html = response.content.decode()
    codes = response.context["codes"]
    assert len(codes) == 12 == len(set(codes))
    assert all(re.fullmatch(rf"[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}", c) for c in codes)
    assert all(c in html for c in codes)
    assert "no-store" in response["Cache-Control"]
    assert "@media print" in html
    csv_text = unquote(response.context["csv_href"].split(",", 1)[1])
    assert csv_text.splitlines()[0] == "code,ballot,organisation"
    assert all(c in csv_text for c in codes)
    # The database holds only keyed hashes; the plain codes appear nowhere.
    stored_hashes = set(BallotCode.objects.values_list("code_hash", flat=True))
    assert stored_hashes == {hash_code(c) for c in codes}
    assert not any(c.replace("-", "") in h for c in codes for h in stored_hashes)
    listing = admin_client.get("/admin/ballot/codebatch/").content.decode()
    assert all(c not in listing for c in codes)
    batch = CodeBatch.objects.get()
    assert admin_client.get(f"/admin/ballot/codebatch/edit/{batch.pk}/").status_code == 302


def test_hash_depends_on_the_key(settings):
    settings.BALLOT_CODE_KEY = "one"
    first = hash_code("ACDE-FGHJ")
    settings.BALLOT_CODE_KEY = "two"
    assert hash_code("ACDE-FGHJ") != first
    assert hash_code("acde fghj") == hash_code("ACDEFGHJ")


def test_a_code_votes_once_for_its_organisation(ballot):
    org = OrganisationFactory()
    batch = CodeBatch.objects.create(ballot=ballot, organisation=org, size=2)
    code, _other = batch.issue()

    response = Client().post("/have-your-say/", vote_data(ballot, code=code.lower()))

    assert response.status_code == 303
    vote = Vote.objects.get()
    assert (vote.route, vote.channel) == ("code", org)
    assert BallotCode.objects.filter(used=True).count() == 1
    assert Tally.objects.get(key="route:code").count == 1
    # The vote is not linked to the code it used.
    assert "code" not in {f.name for f in Vote._meta.get_fields()}


def test_code_works_on_a_device_that_already_voted_online(client, ballot):
    batch = CodeBatch.objects.create(ballot=ballot, organisation=OrganisationFactory(), size=1)
    (code,) = batch.issue()
    assert client.post("/have-your-say/", vote_data(ballot)).status_code == 303

    response = client.post("/have-your-say/", vote_data(ballot, code=code))

    assert response.status_code == 303
    assert Vote.objects.count() == 2


def test_database_refuses_a_second_use(ballot):
    """Changed for issue 10: a use is a conditional update of the code's own row
    (no CodeUse row to number), and the second update changes nothing."""
    batch = CodeBatch.objects.create(ballot=ballot, organisation=OrganisationFactory(), size=1)
    batch.issue()
    code = BallotCode.objects.get()
    stale = BallotCode.objects.get()  # what a racing request read before the first use

    assert code.mark_used() is True
    assert stale.mark_used() is False
    assert BallotCode.objects.get().used is True


def test_racing_use_is_caught_by_the_constraint(ballot):
    """A request that passed the form check but lost the race gets the plain message."""
    from ballot.voting import VoteRefused, record_vote

    batch = CodeBatch.objects.create(ballot=ballot, organisation=OrganisationFactory(), size=1)
    batch.issue()
    code = BallotCode.objects.get()
    options = list(ballot.options.all()[:3])
    record_vote(ballot, options, route="code", code=code)
    before = stored()

    with pytest.raises(VoteRefused) as refused:
        record_vote(ballot, options, route="code", code=code)

    assert "already been used" in refused.value.message
    assert stored() == before


@override_settings(BALLOT_WRONG_CODE_LIMIT="3/10m")
def test_repeated_wrong_codes_are_slowed_down(client, ballot):
    batch = CodeBatch.objects.create(ballot=ballot, organisation=OrganisationFactory(), size=1)
    (good,) = batch.issue()
    for wrong in ["ACDE-FGHJ", "ACDE-FGHK", "ACDE-FGHM"]:
        errors = page_errors(client.post("/have-your-say/", vote_data(ballot, code=wrong)))
        assert "We do not recognise that code. Please check it and try again." in errors

    errors = page_errors(client.post("/have-your-say/", vote_data(ballot, code=good)))

    assert any("Please wait a few minutes" in e for e in errors)
    assert stored()["votes"] == 0
    # Another session (another woman) is not held up.
    assert Client().post("/have-your-say/", vote_data(ballot, code=good)).status_code == 303


def test_code_batch_list_shows_used_codes_only_in_steps_of_k(admin_client, ballot, settings):
    """A partner watching the 'used' column tick from 3 to 4 would see one woman vote."""
    settings.BALLOT_RESULTS_THRESHOLD = 10
    batch = CodeBatch.objects.create(ballot=ballot, organisation=OrganisationFactory(), size=14)
    codes = batch.issue()
    for code in codes[:3]:
        BallotCode.objects.get(code_hash=hash_code(code)).mark_used()
    html = admin_client.get("/admin/ballot/codebatch/").content.decode()
    assert "fewer than 10" in html
    for code in codes[3:12]:
        BallotCode.objects.get(code_hash=hash_code(code)).mark_used()
    html = admin_client.get("/admin/ballot/codebatch/").content.decode()
    assert "10 or more" in html
    assert not re.search(r">\s*12\s*<", html)
