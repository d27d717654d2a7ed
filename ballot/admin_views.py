"""Staff views inside the Wagtail admin: results, aggregate CSV export, code cards, paper entry."""

from urllib.parse import quote

from django.contrib import messages
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation

from ballot import breakdowns, keying, quotas
from ballot.models import BallotPage, CodeBatch, PaperBatch
from ballot.models.codes import format_code
from ballot.results import compute_results
from ballot.staff_forms import CodeBatchForm, PaperEntryForm, SettleForm
from ballot.suppression import WITHHELD
from home.csv_export import csv_response, csv_text
from network import access


def _ballot(request, instance_pk, action):
    """The ballot, if the policy lets this user ``action`` it (results, export)."""
    access.require(request.user, action, BallotPage)
    ballot = get_object_or_404(BallotPage, pk=instance_pk)
    access.require(request.user, action, ballot)
    return ballot


def results_view(request, model_admin, instance_pk):
    """The published results and every breakdown by option, suppressed.

    Staff see the same snapshot as the public (``ballot.release``), so this
    page cannot be read before and after one vote either.
    """
    ballot = _ballot(request, instance_pk, "results")
    results = compute_results(ballot, include_hidden=True)
    snap = breakdowns.snapshot(ballot)
    return render(
        request,
        "ballot/admin/results.html",
        {
            "ballot": ballot,
            "results": results,
            "threshold": snap.threshold,
            "tables": breakdowns.option_tables(snap),
            "kiosks_url": reverse("ballot_kiosk_modeladmin_index"),
            "export_url": model_admin.url_helper.get_action_url("export", ballot.pk),
            "code_batches_url": reverse("ballot_codebatch_modeladmin_index"),
            "paper_batches_url": reverse("ballot_paperbatch_modeladmin_index"),
        },
    )


def export_rows(ballot):
    """The CSV: the overall table, then each breakdown by option, counts only.

    There is no row per vote: ``manage.py recount_ballot`` is the way to
    check the stored votes.
    """
    snap = breakdowns.snapshot(ballot)
    yield [f"{ballot.title}: {ballot.question}"]
    yield [
        f"Published results of {snap.voters:,} voters, updated after every "
        f"{snap.threshold} votes. '{WITHHELD}' marks a number hidden because it "
        f"describes fewer than {snap.threshold} women, or because it would let one "
        "be worked out."
    ]
    if snap.withheld:
        yield [f"Results will appear once at least {snap.threshold} women have voted."]
        return
    for table in [breakdowns.overall_table(snap), *breakdowns.option_tables(snap)]:
        yield []
        yield [table.heading, *table.columns]
        for label, cells in table.rows:
            yield [label, *cells]
        if table.total:
            yield [table.total[0], *table.total[1]]


def export_view(request, model_admin, instance_pk):
    """Aggregate tables as CSV (small groups suppressed); never one row per vote."""
    ballot = _ballot(request, instance_pk, "export")
    return csv_response(export_rows(ballot), f"{ballot.slug}-results.csv")


def code_cards(request, model_admin, batch, codes, language=None):
    """The codes of a batch, shown once: card sheet to print, CSV to download.

    The cards are in ``language``, else the batch's own (chosen on the batch
    form, else its ballot's), never the admin's; each QR opens the ballot in
    that language."""
    return render_code_cards(
        request, batch, codes, model_admin.url_helper.index_url, language=language
    )


def render_code_cards(request, batch, codes, index_url, language=None):
    from ballot.paper import code_cards as make_cards

    language = language or batch.print_language()
    codes = [format_code(c) for c in codes]
    with translation.override(language):
        ballot_url, cards = make_cards(batch.ballot, codes, language, request)
        rows = [["code", "ballot", "organisation"]]
        rows += [[c, ballot_url, batch.organisation.name] for c in codes]
        response = render(
            request,
            "ballot/admin/code_cards.html",
            {
                "batch": batch,
                "codes": codes,
                "cards": cards,
                "card_language": language,
                "ballot_url": ballot_url,
                "csv_href": "data:text/csv;charset=utf-8," + quote(csv_text(rows)),
                "index_url": index_url,
            },
        )
    response["Cache-Control"] = "no-store"
    return response


def code_batch_create_view(request, model_admin):
    """Make a batch of codes within the quota (shown once), or ask for approval beyond it."""
    access.require(request.user, "add", CodeBatch)
    form = CodeBatchForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        batch = form.save(commit=False)
        batch.card_language = form.cleaned_data.get("card_language") or ""
        codes = quotas.request_codes(batch, request.user)
        if codes is None:
            messages.warning(
                request,
                f"{batch.size:,} more codes would take {batch.organisation} beyond its quota "
                f"for {batch.ballot.title}. The batch is waiting for a consultation manager "
                "to approve it; once approved, you can make the codes from this list.",
            )
            return HttpResponseRedirect(model_admin.url_helper.index_url)
        return code_cards(request, model_admin, batch, codes)
    return render(
        request,
        "home/admin/form.html",
        {
            "form": form,
            "title": "New batch of ballot codes",
            "intro": "The codes are shown once, on the next page, to print as cards or "
            "download as CSV. Only a scrambled form of each code is kept, so they "
            "cannot be shown again. Beyond your organisation's quota for the ballot, "
            "a consultation manager approves the batch first.",
            "submit": "Make the codes",
        },
    )


def _paper_batch(request, instance_pk, action):
    """The batch, if the policy lets this user ``action`` it; a batch of another
    organisation is "not found", so ids reveal nothing."""
    access.require(request.user, action, PaperBatch)
    batches = PaperBatch.objects.select_related("ballot", "organisation")
    batch = get_object_or_404(access.scope(request.user, batches, action), pk=instance_pk)
    access.require(request.user, action, batch)
    return batch


def paper_entry_view(request, model_admin, instance_pk):
    """Key one paper after another: type the ticked numbers, press Enter, repeat.

    Papers are kept against this person's keying; nothing counts until a second
    person has keyed the batch and both agree (or a third person settles them).
    """
    batch = _paper_batch(request, instance_pk, "key")
    # Its keyings once, for the state, this person's keying and whether a place is left.
    prefetch_related_objects([batch], "keyings")
    settle_url = model_admin.url_helper.get_action_url("settle", batch.pk)
    status = keying.state(batch)
    if status == keying.State.MISMATCH:
        return HttpResponseRedirect(settle_url)
    # A look is not a keying: hers starts with the first paper she saves.
    mine = keying.keying_for(batch, request.user, create=False)
    context = {"batch": batch, "index_url": model_admin.url_helper.index_url, "status": status}
    refusal = batch.closed_refusal()
    if refusal and not batch.settled_at:
        context["refusal"] = refusal
        return render(request, "ballot/admin/paper_entry_closed.html", context, status=409)
    if (mine is None and not keying.has_room(batch)) or (mine and mine.finished_at):
        context["mine"] = mine
        return render(request, "ballot/admin/paper_entry_closed.html", context)
    if request.method == "POST" and "finish" in request.POST:
        if mine is None:
            messages.error(
                request,
                "You have not keyed any papers of this batch yet, so there is nothing to finish.",
            )
            return HttpResponseRedirect(request.path)
        try:
            result = keying.finish_keying(mine, request.user)
        except keying.KeyingRefused as refused:
            messages.error(request, refused.message)
            return HttpResponseRedirect(model_admin.url_helper.index_url)
        if result == keying.State.SETTLED:
            messages.success(request, "Both keyings agree: the batch is settled and counted.")
        elif result == keying.State.MISMATCH:
            messages.warning(request, "The two keyings disagree. A third person must settle them.")
            return HttpResponseRedirect(settle_url)
        else:
            messages.success(request, "Keying finished. A second person must now key the batch.")
        return HttpResponseRedirect(model_admin.url_helper.index_url)
    ballot = batch.ballot
    options = ballot.visible_options()
    form = PaperEntryForm(request.POST or None, ballot=ballot, options=options)
    if request.method == "POST" and form.is_valid():
        try:
            # Her keying starts with this paper, or not at all: a paper refused
            # on saving takes none of the two places.
            with transaction.atomic():
                mine = mine or keying.keying_for(batch, request.user)
                if mine is None:  # the last place was taken since the page was read
                    raise keying.KeyingRefused(
                        "Two other people have started keying this batch, so this paper "
                        "was not saved."
                    )
                paper, saved = keying.add_paper(mine, form, request.user)
        except keying.KeyingRefused as refused:
            messages.error(request, refused.message)
            return HttpResponseRedirect(request.path)
        what = (
            f"spoilt: {paper.get_spoilt_display().lower()}"
            if paper.spoilt
            else f"numbers {' '.join(form.cleaned_data['numbers'])}"
        )
        if saved:
            messages.success(
                request,
                f"Paper {paper.position} saved ({what}). It counts once the batch is settled.",
            )
        else:
            messages.info(request, f"Paper {paper.position} was already saved ({what}).")
        return HttpResponseRedirect(request.path)
    context.update(
        {
            "form": form,
            "numbered_options": list(enumerate(options, start=1)),
            "count": mine.papers.count() if mine else 0,
        }
    )
    return render(request, "ballot/admin/paper_entry.html", context)


def _numbers(paper, numbers_by_option):
    if paper is None:
        return "(no paper)"
    if paper.spoilt:
        return f"Spoilt: {paper.get_spoilt_display()}"
    text = " ".join(str(numbers_by_option.get(pk, "?")) for pk in paper.option_ids)
    extra = [v for v in (paper.age_band, paper.region, paper.services) if v]
    return text + (f" ({'; '.join(extra)})" if extra else "")


def settle_view(request, model_admin, instance_pk):
    """Two keyings disagree: a third person sees them side by side and chooses."""
    batch = _paper_batch(request, instance_pk, "settle")
    rows = keying.comparison(batch)
    keyers = {k.keyed_by_id for k in batch.keyings.all()}
    may_settle = keying.state(batch) == keying.State.MISMATCH and request.user.pk not in keyers
    options = batch.ballot.visible_options()
    form = SettleForm(
        request.POST if may_settle and request.method == "POST" else None,
        rows=rows,
        ballot=batch.ballot,
        options=options,
    )
    if may_settle and request.method == "POST" and form.is_valid():
        try:
            keying.settle_by_third_person(batch, rows, form.decisions(), request.user)
        except keying.KeyingRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, "The batch is settled and counted.")
        return HttpResponseRedirect(model_admin.url_helper.index_url)
    numbers_by_option = {o.pk: n for n, o in enumerate(options, start=1)}
    return render(
        request,
        "ballot/admin/settle.html",
        {
            "batch": batch,
            "form": form,
            "may_settle": may_settle,
            "settled": bool(batch.settled_at),
            "rows": [
                {
                    "position": position,
                    "first": _numbers(a, numbers_by_option),
                    "second": _numbers(b, numbers_by_option),
                    "agree": agree,
                    "field": None if agree else form[f"paper_{position}"],
                    "numbers": None if agree else form[f"paper_{position}_numbers"],
                    "spoilt": None if agree else form[f"paper_{position}_spoilt"],
                }
                for position, a, b, agree in rows
            ],
            "index_url": model_admin.url_helper.index_url,
        },
    )
