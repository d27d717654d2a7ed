"""Paper batches count only when two people agree paper by paper (or a third settles)."""

import pytest
from django.test import Client
from wagtail.models import ModelLogEntry

from ballot import keying
from ballot.models import KeyedPaper, PaperBatch, SpoiltPaper, Tally, Vote, VoteChoice
from tests.factories import OrganisationFactory, partner_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Ours", slug="ours")


@pytest.fixture
def batch(ballot, org):
    return PaperBatch.objects.create(ballot=ballot, organisation=org, reference="box 1")


def keyer(org, name):
    client = Client()
    client.force_login(partner_user(org, username=name))
    return client


def key(client, batch, papers, finish=True):
    url = f"/admin/ballot/paperbatch/enter/{batch.pk}/"
    for paper in papers:
        data = (
            {"spoilt": paper}
            if paper in ("too_many", "too_few", "unreadable")
            else {"numbers": paper}
        )
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
    if finish:
        return client.post(url, {"finish": "1"})


def a_and_b_still_settle_it(batch, org):
    """The two people who key the batch still can: it settles, one paper vote."""
    key(keyer(org, "a"), batch, ["1 2 3"])
    key(keyer(org, "b"), batch, ["1 2 3"])
    batch.refresh_from_db()
    assert batch.settled_at is not None
    assert Vote.objects.filter(route="paper").count() == 1


def test_agreeing_keyings_settle_and_count(batch, org):
    key(keyer(org, "a"), batch, ["1 2 3", "4 5 6", "too_many"])
    assert Vote.objects.count() == 0  # one keying counts for nothing

    key(keyer(org, "b"), batch, ["1 2 3", "4 5 6", "too_many"])

    batch.refresh_from_db()
    assert batch.settled_at is not None
    assert Vote.objects.filter(route="paper", channel=org).count() == 2
    assert Tally.objects.get(ballot=batch.ballot, key="route:paper").count == 2
    assert list(SpoiltPaper.objects.values_list("reason", flat=True)) == ["too_many"]


def test_the_same_person_cannot_key_twice(batch, org):
    a = keyer(org, "a")
    key(a, batch, ["1 2 3"])

    response = a.post(f"/admin/ballot/paperbatch/enter/{batch.pk}/", {"numbers": "1 2 3"})

    assert response.status_code == 200
    assert "You have finished keying this batch" in response.content.decode()
    assert Vote.objects.count() == 0
    batch.refresh_from_db()
    assert batch.settled_at is None


def test_disagreeing_keyings_are_held_back_until_a_third_person_settles(batch, org):
    key(keyer(org, "a"), batch, ["1 2 3", "4 5 6"])
    b = keyer(org, "b")
    finished = key(b, batch, ["1 2 3", "4 5 7"])

    settle_url = f"/admin/ballot/paperbatch/settle/{batch.pk}/"
    assert finished["Location"] == settle_url
    assert Vote.objects.count() == 0 and Tally.objects.count() == 0

    # Neither keyer may settle their own disagreement.
    b.post(settle_url, {"paper_2": "second"})
    assert Vote.objects.count() == 0

    c = keyer(org, "c")
    page = c.get(settle_url).content.decode()
    assert "4 5 6" in page and "4 5 7" in page and "Disagree" in page
    assert c.post(settle_url, {}).status_code == 200  # no choice made: nothing counts
    assert Vote.objects.count() == 0

    response = c.post(settle_url, {"paper_2": "second"})

    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.settled_at is not None and batch.settled_by.username == "c"
    chosen = sorted(
        sorted(c.option.sort_order + 1 for c in vote.choices.all()) for vote in Vote.objects.all()
    )
    assert chosen == [[1, 2, 3], [4, 5, 7]]


def test_a_missing_paper_is_a_disagreement(batch, org):
    key(keyer(org, "a"), batch, ["1 2 3", "4 5 6"])
    key(keyer(org, "b"), batch, ["1 2 3"])

    assert Vote.objects.count() == 0
    c = keyer(org, "c")
    assert "(no paper)" in c.get(f"/admin/ballot/paperbatch/settle/{batch.pk}/").content.decode()
    c.post(f"/admin/ballot/paperbatch/settle/{batch.pk}/", {"paper_2": "first"})
    assert Vote.objects.count() == 2


def test_spoilt_papers_are_counted_as_spoilt_not_as_votes(batch, org):
    papers = ["too_many", "too_few", "unreadable", "1 2 3"]
    key(keyer(org, "a"), batch, papers)
    key(keyer(org, "b"), batch, papers)

    assert Vote.objects.count() == 1
    assert sorted(SpoiltPaper.objects.values_list("reason", flat=True)) == [
        "too_few",
        "too_many",
        "unreadable",
    ]
    listing = keyer(org, "c").get("/admin/ballot/paperbatch/").content.decode()
    assert "Settled: counted" in listing


def test_a_paper_with_the_wrong_number_of_ticks_must_be_keyed_as_spoilt(batch, org):
    a = keyer(org, "a")
    response = a.post(f"/admin/ballot/paperbatch/enter/{batch.pk}/", {"numbers": "1 2"})

    assert response.status_code == 200
    assert "choose why it is spoilt" in response.content.decode()
    assert not KeyedPaper.objects.exists() and not batch.keyings.exists()


def test_a_settled_batch_takes_no_more_papers(batch, org):
    key(keyer(org, "a"), batch, ["1 2 3"])
    key(keyer(org, "b"), batch, ["1 2 3"])

    response = keyer(org, "c").post(
        f"/admin/ballot/paperbatch/enter/{batch.pk}/", {"numbers": "4 5 6"}
    )

    assert "This batch is settled" in response.content.decode()
    assert Vote.objects.count() == 1


# --- A third reading (issue 13) ------------------------------------------------
# The rule (ballot/forms.py SettleForm): the third person looks at the paper and
# her reading is final, as at a count: it need not match either keying, but it
# is checked like any keyed paper, and it is kept as her own keying.


def disagreement(batch, org):
    key(keyer(org, "a"), batch, ["1 2 3", "4 5 6"])
    key(keyer(org, "b"), batch, ["1 2 3", "4 5 7"])
    return keyer(org, "c"), f"/admin/ballot/paperbatch/settle/{batch.pk}/"


def chosen_numbers(batch):
    numbers = {o.pk: n for n, o in enumerate(batch.ballot.visible_options(), start=1)}
    return sorted(
        sorted(numbers[c.option_id] for c in VoteChoice.objects.filter(vote=v))
        for v in Vote.objects.all()
    )


def test_a_third_reading_that_matches_neither_keying_settles_the_paper(batch, org):
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


def test_a_third_reading_can_be_spoilt(batch, org):
    third, url = disagreement(batch, org)

    third.post(url, {"paper_2": "third", "paper_2_spoilt": "unreadable"})

    assert chosen_numbers(batch) == [[1, 2, 3]]
    assert list(SpoiltPaper.objects.values_list("reason", flat=True)) == ["unreadable"]


def test_a_third_reading_with_the_wrong_number_of_ticks_is_refused_in_plain_words(batch, org):
    third, url = disagreement(batch, org)

    response = third.post(url, {"paper_2": "third", "paper_2_numbers": "4 6"})

    assert response.status_code == 200
    assert "A valid paper has exactly 3 ticks" in response.content.decode()
    batch.refresh_from_db()
    assert batch.settled_at is None
    assert Vote.objects.count() == 0
    assert not KeyedPaper.objects.filter(keying__keyed_by__username="c").exists()


def test_choosing_a_keying_still_works(batch, org):
    third, url = disagreement(batch, org)

    third.post(url, {"paper_2": "second"})

    assert chosen_numbers(batch) == [[1, 2, 3], [4, 5, 7]]
    assert not KeyedPaper.objects.filter(keying__keyed_by__username="c").exists()


def test_opening_the_keying_page_takes_none_of_the_two_places(batch, org):
    """A curious look is not a keying: a viewer who only opens the page leaves
    both places to the two people who key the batch."""
    url = f"/admin/ballot/paperbatch/enter/{batch.pk}/"
    curious = keyer(org, "curious")
    page = curious.get(url)
    assert page.status_code == 200
    assert "Two other people have already keyed" not in page.content.decode()
    assert not batch.keyings.exists()

    a_and_b_still_settle_it(batch, org)
    # Now both places are taken: the curious viewer is told so, and stores nothing.
    late = curious.post(url, {"numbers": "4 5 6"})
    assert "Nothing more can be keyed" in late.content.decode()
    assert batch.keyings.count() == 2


def test_the_keying_page_reads_the_batch_keyings_once(batch, org, django_assert_max_num_queries):
    """The state, this person's keying and whether a place is left all come
    from one read of the batch's keyings (it was four)."""
    url = f"/admin/ballot/paperbatch/enter/{batch.pk}/"
    client = keyer(org, "a")
    client.get(url)  # sign-in and session work out of the way

    with django_assert_max_num_queries(14) as queries:
        assert client.get(url).status_code == 200
    assert sum("paperkeying" in q["sql"] for q in queries.captured_queries) == 1


def test_two_keyers_finishing_at_once_still_settle_the_batch(batch, org, monkeypatch):
    """A's finish request has read the batch's keyings when B's whole finish runs;
    A's comparison must still see B's finished keying, or two agreeing keyings
    would be left uncounted with nobody able to settle them."""
    url = f"/admin/ballot/paperbatch/enter/{batch.pk}/"
    a, b = keyer(org, "a"), keyer(org, "b")
    key(a, batch, ["1 2 3"], finish=False)
    key(b, batch, ["1 2 3"], finish=False)

    real = keying.finish_keying
    b_finished = []

    def b_finishes_first(mine, user):
        if user.username == "a":  # A is past reading the keyings: B's request runs now
            b_finished.append(b.post(url, {"finish": "1"}).status_code)
        return real(mine, user)

    monkeypatch.setattr(keying, "finish_keying", b_finishes_first)
    a.post(url, {"finish": "1"})

    assert b_finished == [302]
    batch.refresh_from_db()
    assert batch.keyings.filter(finished_at__isnull=False).count() == 2
    assert batch.settled_at is not None
    assert Vote.objects.filter(route="paper").count() == 1


def test_a_post_that_saves_nothing_takes_no_keying_place(batch, org):
    """Neither a paper that is refused nor a "finish" before any paper starts a
    keying: the two places stay for the people who key the batch."""
    url = f"/admin/ballot/paperbatch/enter/{batch.pk}/"
    curious = keyer(org, "curious")

    wrong = curious.post(url, {"numbers": "999"})
    assert wrong.status_code == 200 and not batch.keyings.exists()
    early = curious.post(url, {"finish": "1"}, follow=True)
    assert "You have not keyed any papers" in early.content.decode()
    assert not batch.keyings.exists()

    a_and_b_still_settle_it(batch, org)
    assert list(batch.keyings.values_list("keyed_by__username", flat=True).order_by("pk")) == [
        "a",
        "b",
    ]


def test_a_paper_refused_on_saving_takes_no_keying_place(batch, org):
    """A paper that passes the form but is refused on saving (a position that is
    not the next one, as a stale window or a hand-made post sends) starts no
    keying, so two such posts cannot shut out the people who key the batch."""
    url = f"/admin/ballot/paperbatch/enter/{batch.pk}/"
    for name in ("c1", "c2"):
        refused = keyer(org, name).post(url, {"numbers": "1 2 3", "position": "2"}, follow=True)
        assert "so paper 2 was not saved" in refused.content.decode()
    assert not batch.keyings.exists()

    a_and_b_still_settle_it(batch, org)
