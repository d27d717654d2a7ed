"""Issue 13: a keying disagreement may be settled with a third reading.

The rule (ballot/forms.py SettleForm): the third person looks at the paper,
and her reading is final, as at a count: it need not match either keying, but
it is checked like any keyed paper, and it is kept as her own keying.
"""

import pytest
from wagtail.models import ModelLogEntry

from ballot.models import KeyedPaper, SpoiltPaper, Vote, VoteChoice
from tests.ballot.test_double_keying import batch, key, keyer, org  # noqa: F401

pytestmark = pytest.mark.django_db


def disagreement(batch, org):  # noqa: F811
    key(keyer(org, "a"), batch, ["1 2 3", "4 5 6"])
    key(keyer(org, "b"), batch, ["1 2 3", "4 5 7"])
    return keyer(org, "c"), f"/admin/ballot/paperbatch/settle/{batch.pk}/"


def chosen_numbers(batch):
    numbers = {o.pk: n for n, o in enumerate(batch.ballot.visible_options(), start=1)}
    return sorted(
        sorted(numbers[c.option_id] for c in VoteChoice.objects.filter(vote=v))
        for v in Vote.objects.all()
    )


def test_a_third_reading_that_matches_neither_keying_settles_the_paper(batch, org):  # noqa: F811
    third, url = disagreement(batch, org)
    form = third.get(url).content.decode()
    assert "Neither: I read it as below" in form

    response = third.post(url, {"paper_2": "third", "paper_2_numbers": "4 6 8"})

    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.settled_at is not None
    assert chosen_numbers(batch) == [[1, 2, 3], [4, 6, 8]]
    kept = KeyedPaper.objects.get(keying__keyed_by__username="c")
    assert kept.position == 2
    entry = ModelLogEntry.objects.get(action="ballot.paper_batch.settle")
    assert entry.data["third_readings"] == [2]


def test_a_third_reading_can_be_spoilt(batch, org):  # noqa: F811
    third, url = disagreement(batch, org)

    third.post(url, {"paper_2": "third", "paper_2_spoilt": "unreadable"})

    assert chosen_numbers(batch) == [[1, 2, 3]]
    assert list(SpoiltPaper.objects.values_list("reason", flat=True)) == ["unreadable"]


def test_a_third_reading_with_the_wrong_number_of_ticks_is_refused_in_plain_words(
    batch,  # noqa: F811
    org,  # noqa: F811
):
    third, url = disagreement(batch, org)

    response = third.post(url, {"paper_2": "third", "paper_2_numbers": "4 6"})

    assert response.status_code == 200
    assert "A valid paper has exactly 3 ticks" in response.content.decode()
    batch.refresh_from_db()
    assert batch.settled_at is None
    assert Vote.objects.count() == 0
    assert not KeyedPaper.objects.filter(keying__keyed_by__username="c").exists()


def test_choosing_a_keying_still_works(batch, org):  # noqa: F811
    third, url = disagreement(batch, org)

    third.post(url, {"paper_2": "second"})

    assert chosen_numbers(batch) == [[1, 2, 3], [4, 5, 7]]
    assert not KeyedPaper.objects.filter(keying__keyed_by__username="c").exists()
