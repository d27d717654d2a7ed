"""Double keying: papers are kept per keying; votes are written only on settling."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from ballot.models import BallotOption, KeyedPaper, PaperBatch, PaperKeying, SpoiltPaper
from ballot.models.votes import Route
from ballot.voting import record_vote

KEYINGS_NEEDED = 2
READING_FIELDS = ("spoilt", "options", "age_band", "region", "services")


class State:
    SETTLED = "settled"
    KEYING = "keying"  # fewer than two finished keyings
    MISMATCH = "mismatch"  # two finished keyings that disagree: a third person settles


class KeyingRefused(Exception):
    """A paper that was not saved, with the reason in plain words for the keyer."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def keying_for(batch, user, create=True):
    """This person's keying of the batch, or None when they may not key it
    (the batch is settled, or two other people have already keyed it), or
    with ``create=False`` when they have not started one.

    Only saving a paper starts a keying (the entry view asks with
    ``create=False`` and creates one once a paper is valid to save): a look at
    the page, a refused paper or an early "finish" takes none of the two places.
    Starting one locks the batch row, so two people saving their first paper
    at once cannot both become its second keyer.
    """
    if batch.settled_at:
        return None
    for keying in batch.keyings.all():
        if keying.keyed_by_id == user.pk:
            return keying
    if not create:
        return None
    with transaction.atomic():
        PaperBatch.objects.select_for_update().filter(pk=batch.pk).first()
        keyings = list(PaperKeying.objects.filter(batch=batch))
        mine = next((k for k in keyings if k.keyed_by_id == user.pk), None)
        if mine is not None or len(keyings) >= KEYINGS_NEEDED:
            return mine
        return PaperKeying.objects.create(batch=batch, keyed_by=user)


def has_room(batch):
    """Whether someone who has not started keying this batch still could."""
    return not batch.settled_at and len(batch.keyings.all()) < KEYINGS_NEEDED


def add_paper(keying, form, user):
    """Store one paper as this person read it; nothing is counted yet.

    Returns ``(paper, saved)``. The keying row is locked while the position is
    chosen, so parallel saves (two windows, a double click) queue instead of
    colliding. A paper posted for a position already saved with the same
    reading is the same paper sent twice: ``saved`` is False and nothing is
    stored. Any other clash raises ``KeyingRefused``.
    """
    data = form.reading()
    wanted = form.cleaned_data.get("position")
    with transaction.atomic():
        keying = PaperKeying.objects.select_for_update().get(pk=keying.pk)
        if keying.finished_at:
            raise KeyingRefused(
                "You have already finished keying this batch, so this paper was not saved."
            )
        count = keying.papers.count()
        position = wanted or count + 1
        if position <= count:
            existing = keying.papers.get(position=position)
            if existing.reading() == tuple(data[k] for k in READING_FIELDS):
                return existing, False
            raise KeyingRefused(
                f"Paper {position} was already saved with different numbers (perhaps from "
                f"another window), so this one was not saved. You have keyed {count} "
                f"papers: check paper {count + 1} and key it."
            )
        if position > count + 1:
            raise KeyingRefused(
                f"You have keyed {count} papers, so paper {position} was not saved. "
                f"Key paper {count + 1} next."
            )
        paper = KeyedPaper.objects.create(keying=keying, position=position, **data)
    log(
        keying.batch,
        "ballot.paper.key",
        user=user,
        data={"position": position, "spoilt": data["spoilt"], "keying": keying.pk},
    )
    return paper, True


def comparison(batch):
    """The two finished keyings side by side: (position, first, second, agree) rows."""
    keyings = [k for k in batch.keyings.all() if k.finished_at][:KEYINGS_NEEDED]
    if len(keyings) < KEYINGS_NEEDED:
        return []
    first = {p.position: p for p in keyings[0].papers.all()}
    second = {p.position: p for p in keyings[1].papers.all()}
    rows = []
    for position in range(1, max([0, *first, *second]) + 1):
        a, b = first.get(position), second.get(position)
        agree = a is not None and b is not None and a.reading() == b.reading()
        rows.append((position, a, b, agree))
    return rows


def state(batch):
    if batch.settled_at:
        return State.SETTLED
    rows = comparison(batch)
    if not rows and sum(1 for k in batch.keyings.all() if k.finished_at) < KEYINGS_NEEDED:
        return State.KEYING
    return State.MISMATCH if not all(agree for *_, agree in rows) else State.KEYING


def finish_keying(keying, user):
    """Mark this person's keying done; settle the batch if both keyings agree.

    The batch row is locked and its keyings read again after saving, never
    from what the page read first: when both keyers finish at once, the one
    who finishes second must see the other's finished keying, or two agreeing
    keyings would be left uncounted with nobody able to settle them.
    """
    refusal = keying.batch.closed_refusal()
    if refusal:
        raise KeyingRefused(refusal)
    with transaction.atomic():
        batch = PaperBatch.objects.select_for_update().get(pk=keying.batch_id)
        keying.finished_at = timezone.now()
        keying.save(update_fields=["finished_at"])
        log(batch, "ballot.paper_batch.finish_keying", user=user, data={"keying": keying.pk})
        rows = comparison(batch)
        if rows and all(agree for *_, agree in rows):
            settle(batch, [a for _, a, _, _ in rows], user)
            return State.SETTLED
    return State.MISMATCH if rows else State.KEYING


def settle_by_third_person(batch, rows, decisions, user):
    """Settle a batch whose keyings disagree, as a third person decided paper by paper.

    ``decisions`` maps each disagreeing position to "first", "second" or a third
    reading (a ``KeyedPaper`` field dict), which stands as the settled value.
    Third readings are kept as the third person's own finished keying of those
    papers, so the record shows all three readings; the batch row is locked
    first, so a double click settles once.
    """
    with transaction.atomic():
        locked = PaperBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.settled_at:
            return locked
        papers, third = [], []
        for position, first, second, agree in rows:
            decision = first if agree else decisions[position]
            if decision == "first":
                decision = first
            elif decision == "second":
                decision = second
            elif isinstance(decision, dict):
                decision = KeyedPaper(position=position, **decision)
                third.append(decision)
            papers.append(decision)
        if third:
            keying = PaperKeying.objects.create(
                batch=locked, keyed_by=user, finished_at=timezone.now()
            )
            for paper in third:
                paper.keying = keying
                paper.save()
        return settle(batch, papers, user, third_readings=[p.position for p in third])


def settle(batch, papers, user, third_readings=()):
    """Write the votes and spoilt papers of a batch, once: the only place paper votes count."""
    with transaction.atomic():
        batch = (
            PaperBatch.objects.select_for_update()
            .select_related("ballot", "organisation")
            .get(pk=batch.pk)
        )
        if batch.settled_at:
            return batch
        refusal = batch.closed_refusal()
        if refusal:
            raise KeyingRefused(refusal)
        ballot = batch.ballot.specific
        options = {o.pk: o for o in BallotOption.objects.filter(page=ballot)}
        votes = spoilt = 0
        for paper in papers:
            if paper is None:
                continue
            if paper.spoilt:
                SpoiltPaper.objects.create(batch=batch, reason=paper.spoilt)
                spoilt += 1
                continue
            # A batch of papers in another language counts on the same ballot.
            record_vote(
                ballot.counting_ballot(),
                ballot.counting_options([options[pk] for pk in paper.option_ids]),
                route=Route.PAPER,
                channel=batch.organisation,
                answers={
                    "age_band": paper.age_band,
                    "region": paper.region,
                    "services": [s for s in paper.services.split(",") if s],
                },
            )
            votes += 1
        batch.settled_at = timezone.now()
        batch.settled_by = user
        batch.votes_counted = votes
        batch.save(update_fields=["settled_at", "settled_by", "votes_counted"])
        data = {"votes": votes, "spoilt": spoilt}
        if third_readings:
            data["third_readings"] = list(third_readings)  # papers settled by a third reading
        log(batch, "ballot.paper_batch.settle", user=user, data=data)
    return batch
