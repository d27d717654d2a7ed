"""From the stored rows, nothing links a code to the vote it made, or orders
or times a vote more precisely than the hour.

The attack these close: five codes printed on cards are used one after
another; an attacker holding the cards (so the code rows) and a copy of the
database pairs the n-th code use with the n-th vote by id, or by a fine
timestamp, and reads each woman's choices. Run on SQLite by default and on
PostgreSQL with DATABASE_URL set.
"""

import contextlib
import uuid

import pytest
from django.db import models
from django.test import Client

from ballot.keying import add_paper, finish_keying, keying_for
from ballot.models import (
    BallotCode,
    CodeBatch,
    PaperBatch,
    SubmissionToken,
    Vote,
    VoteChoice,
)
from tests.ballot.conftest import option_ids, vote_data
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

VOTE_MODELS = ["Vote", "VoteChoice", "SubmissionToken", "CodeUse", "PaperEntry"]


def stored_models():
    """The vote-side models that exist (CodeUse and PaperEntry may be gone)."""
    from django.apps import apps

    found = []
    for name in VOTE_MODELS:
        with contextlib.suppress(LookupError):
            found.append(apps.get_model("ballot", name))
    return found


def vote_with_codes(ballot, count):
    """Vote with ``count`` codes in turn, each with different choices.

    Returns (code row values before, code row values after, chosen option ids
    per code in order of use)."""
    batch = CodeBatch.objects.create(ballot=ballot, organisation=OrganisationFactory(), size=count)
    codes = batch.issue()
    ids = option_ids(ballot)
    before = {row["code_hash"]: row for row in BallotCode.objects.values()}
    chosen_in_turn = []
    from ballot.models.codes import hash_code

    for n, code in enumerate(codes):
        chosen = [ids[n % len(ids)], ids[(n + 1) % len(ids)], ids[(n + 2) % len(ids)]]
        response = Client().post("/have-your-say/", vote_data(ballot, chosen=chosen, code=code))
        assert response.status_code == 303
        chosen_in_turn.append((hash_code(code), sorted(int(pk) for pk in chosen)))
    after = {row["code_hash"]: row for row in BallotCode.objects.values()}
    return before, after, chosen_in_turn


def test_vote_ids_are_random_uuids_not_insertion_order(ballot):
    _before, _after, used = vote_with_codes(ballot, 8)

    ids = list(Vote.objects.values_list("pk", flat=True))
    assert len(ids) == 8
    # Random (version 4) UUIDs: no counter, no clock inside.
    assert all(isinstance(pk, uuid.UUID) and pk.version == 4 for pk in ids)
    choice_ids = list(VoteChoice.objects.values_list("pk", flat=True))
    assert all(isinstance(pk, uuid.UUID) and pk.version == 4 for pk in choice_ids)
    # The attack: pair the n-th code used with the n-th vote by id. Sorted
    # random ids follow insertion order by chance only (1 in 8! = 40,320).
    by_id = [
        sorted(Vote.objects.get(pk=pk).choices.values_list("option_id", flat=True))
        for pk in sorted(ids)
    ]
    assert by_id != [chosen for _hash, chosen in used]


def test_a_used_code_row_differs_from_an_unused_one_only_by_used(ballot):
    before, after, _used = vote_with_codes(ballot, 5)

    for code_hash, row in after.items():
        changed = {k for k in row if row[k] != before[code_hash][k]}
        assert changed == {"used"}, changed
        assert row["used"] is True


def test_no_code_column_or_table_refers_to_a_vote():
    from django.apps import apps

    vote_side = {Vote, VoteChoice}
    for model in [BallotCode, *[m for m in stored_models() if m.__name__ == "CodeUse"]]:
        for field in model._meta.concrete_fields:
            assert not (field.is_relation and field.related_model in vote_side), field
    # No model anywhere points both at a code and at a vote.
    for model in apps.get_models():
        targets = {f.related_model for f in model._meta.concrete_fields if f.is_relation}
        assert not (targets & vote_side and targets & {BallotCode, CodeBatch}), model


@pytest.mark.parametrize("name", VOTE_MODELS)
def test_no_sequential_id_on_vote_side_rows(name):
    model = next((m for m in stored_models() if m.__name__ == name), None)
    if model is None:
        return  # the table was dropped: nothing left to number
    pk = model._meta.pk
    assert not isinstance(pk, models.AutoField | models.BigAutoField | models.SmallAutoField), (
        f"{name} has a counting id"
    )
    for field in model._meta.concrete_fields:
        assert not isinstance(field, models.AutoField | models.BigAutoField), field


def keyed_and_settled(ballot, staff):
    batch = PaperBatch.objects.create(
        ballot=ballot, organisation=OrganisationFactory(), reference="Box 1"
    )
    from ballot.staff_forms import PaperEntryForm

    options = list(ballot.options.all())
    for user in staff:
        keying = keying_for(batch, user)
        for numbers in ("1 2 3", "2 3 4"):
            form = PaperEntryForm({"numbers": numbers}, ballot=ballot, options=options)
            assert form.is_valid(), form.errors
            add_paper(keying, form, user)
        finish_keying(keying, user)
    batch.refresh_from_db()
    assert batch.settled_at is not None
    return batch


def test_no_timestamp_finer_than_the_hour_on_any_vote_side_row(ballot, django_user_model):
    vote_with_codes(ballot, 3)
    Client().post("/have-your-say/", vote_data(ballot))
    staff = [django_user_model.objects.create_user(f"keyer{n}") for n in (1, 2)]
    keyed_and_settled(ballot, staff)
    assert Vote.objects.filter(route="paper").count() == 2
    assert SubmissionToken.objects.count() == 4

    checked = 0
    for model in stored_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateTimeField | models.TimeField):
                for value in model.objects.values_list(field.name, flat=True):
                    assert (value.minute, value.second, value.microsecond) == (0, 0, 0), (
                        f"{model.__name__}.{field.name} = {value}"
                    )
                    checked += 1
    assert checked >= Vote.objects.count()


def test_vote_text_shows_no_number():
    vote = Vote(route="online")
    assert str(vote) == "Vote (Online)"
    assert "None" not in str(VoteChoice(vote=vote, option_id=1))
