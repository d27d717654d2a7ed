"""Double keying: papers are kept per keying; votes are written only on settling."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from ballot.models import BallotOption, KeyedPaper, PaperBatch, PaperKeying, SpoiltPaper
from ballot.models.votes import Route
from ballot.voting import record_vote

KEYINGS_NEEDED = 2


class State:
    SETTLED = "settled"
    KEYING = "keying"  # fewer than two finished keyings
    MISMATCH = "mismatch"  # two finished keyings that disagree: a third person settles


def keying_for(batch, user, create=True):
    """This person's keying of the batch, or None when they may not key it
    (the batch is settled, or two other people have already keyed it)."""
    if batch.settled_at:
        return None
    keyings = list(batch.keyings.all())
    for keying in keyings:
        if keying.keyed_by_id == user.pk:
            return keying
    if len(keyings) >= KEYINGS_NEEDED or not create:
        return None
    keying, _ = PaperKeying.objects.get_or_create(batch=batch, keyed_by=user)
    return keying


def add_paper(keying, form, user):
    """Store one paper as this person read it. Nothing is counted yet."""
    data = form.reading()
    with transaction.atomic():
        position = keying.papers.count() + 1
        paper = KeyedPaper.objects.create(keying=keying, position=position, **data)
    log(
        keying.batch,
        "ballot.paper.key",
        user=user,
        data={"position": position, "spoilt": data["spoilt"], "keying": keying.pk},
    )
    return paper


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
    """Mark this person's keying done; settle the batch if both keyings agree."""
    keying.finished_at = timezone.now()
    keying.save(update_fields=["finished_at"])
    log(keying.batch, "ballot.paper_batch.finish_keying", user=user, data={"keying": keying.pk})
    rows = comparison(keying.batch)
    if rows and all(agree for *_, agree in rows):
        settle(keying.batch, [a for _, a, _, _ in rows], user)
        return State.SETTLED
    return State.MISMATCH if rows else State.KEYING


def settle(batch, papers, user):
    """Write the votes and spoilt papers of a batch, once: the only place paper votes count."""
    with transaction.atomic():
        batch = (
            PaperBatch.objects.select_for_update()
            .select_related("ballot", "organisation")
            .get(pk=batch.pk)
        )
        if batch.settled_at:
            return batch
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
                paper=(batch, paper.keying.keyed_by),
            )
            votes += 1
        batch.settled_at = timezone.now()
        batch.settled_by = user
        batch.save(update_fields=["settled_at", "settled_by"])
        log(batch, "ballot.paper_batch.settle", user=user, data={"votes": votes, "spoilt": spoilt})
    return batch
