"""Staff views inside the Wagtail admin: results, CSV export, code cards, paper entry."""

import csv
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from ballot.forms import CodeBatchForm, KioskLinkForm, PaperEntryForm
from ballot.models import BallotPage, PaperBatch
from ballot.models.codes import format_code
from ballot.models.pages import kiosk_token
from ballot.models.tallies import tally_counts
from ballot.models.votes import AGE_BANDS, REGIONS, SERVICES, Route, Vote
from ballot.results import compute_results
from ballot.voting import record_vote
from network.models import Organisation


def threshold():
    return getattr(settings, "BALLOT_RESULTS_THRESHOLD", 10)


def shown(count):
    """A group's size, or 'fewer than N' so a small group cannot be singled out."""
    limit = threshold()
    return f"fewer than {limit}" if 0 < count < limit else f"{count:,}"


def breakdown(counts, prefix, labels):
    rows = []
    for value, label in labels:
        count = counts.get(f"{prefix}:{value}", 0)
        if count:
            rows.append({"label": label, "count": count, "shown": shown(count)})
    return sorted(rows, key=lambda r: -r["count"])


def results_view(request, model_admin, instance_pk):
    if not model_admin.permission_helper.user_can_list(request.user):
        raise PermissionDenied
    ballot = get_object_or_404(BallotPage, pk=instance_pk)
    results = compute_results(ballot, include_hidden=True)
    counts = tally_counts(ballot.pk)
    channel_ids = [k.split(":")[1] for k in counts if k.startswith("channel:")]
    orgs = Organisation.objects.filter(pk__in=[c for c in channel_ids if c.isdigit()])
    channel_labels = [(str(o.pk), o.name) for o in orgs] + [("-", "No organisation")]
    kiosk_url = ""
    kiosk_form = KioskLinkForm(request.GET or None)
    if request.GET and kiosk_form.is_valid():
        org = kiosk_form.cleaned_data["organisation"]
        kiosk_url = (
            ballot.get_full_url(request)
            + "?kiosk="
            + quote(kiosk_token(ballot.pk, org.pk if org else None))
        )
    return render(
        request,
        "ballot/admin/results.html",
        {
            "ballot": ballot,
            "results": results,
            "threshold": threshold(),
            "routes": breakdown(counts, "route", Route.choices),
            "channels": breakdown(counts, "channel", channel_labels),
            "ages": breakdown(counts, "age", AGE_BANDS),
            "regions": breakdown(counts, "region", REGIONS),
            "services": breakdown(counts, "service", SERVICES),
            "kiosk_form": kiosk_form,
            "kiosk_url": kiosk_url,
            "export_url": model_admin.url_helper.get_action_url("export", ballot.pk),
            "code_batches_url": reverse("ballot_codebatch_modeladmin_index"),
            "paper_batches_url": reverse("ballot_paperbatch_modeladmin_index"),
        },
    )


class Echo:
    def write(self, value):
        return value


def export_view(request, model_admin, instance_pk):
    """Every vote as a CSV row, streamed: memory stays flat at any number of votes."""
    if not model_admin.permission_helper.user_can_list(request.user):
        raise PermissionDenied
    ballot = get_object_or_404(BallotPage, pk=instance_pk)
    titles = dict(ballot.options.values_list("pk", "title"))
    order = {pk: i for i, pk in enumerate(ballot.options.values_list("pk", flat=True))}
    writer = csv.writer(Echo())
    n = ballot.choices_required

    def rows():
        yield writer.writerow(
            ["hour", "route", "organisation", *[f"choice {i}" for i in range(1, n + 1)]]
            + ["age band", "region", "services"]
        )
        votes = (
            Vote.objects.filter(ballot=ballot)
            .select_related("channel")
            .prefetch_related("choices")
            .order_by("pk")
            .iterator(chunk_size=2000)
        )
        for vote in votes:
            chosen = sorted((c.option_id for c in vote.choices.all()), key=order.get)
            chosen_titles = [titles.get(pk, "") for pk in chosen]
            chosen_titles += [""] * (n - len(chosen_titles))
            yield writer.writerow(
                [
                    timezone.localtime(vote.created_at).strftime("%Y-%m-%d %H:00"),
                    vote.get_route_display(),
                    vote.channel.name if vote.channel else "",
                    *chosen_titles,
                    vote.get_age_band_display(),
                    vote.get_region_display(),
                    vote.services.replace(",", "; "),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ballot.slug}-votes.csv"'
    return response


def code_batch_create_view(request, model_admin):
    """Make a batch of codes and show them once: card sheet to print, CSV to download."""
    if not model_admin.permission_helper.user_can_create(request.user):
        raise PermissionDenied
    form = CodeBatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        batch = form.save(commit=False)
        batch.created_by = request.user
        batch.save()
        codes = [format_code(c) for c in batch.issue()]
        ballot_url = batch.ballot.get_full_url(request)
        lines = ["code,ballot,organisation"] + [
            f"{c},{ballot_url},{batch.organisation.name.replace(',', ' ')}" for c in codes
        ]
        response = render(
            request,
            "ballot/admin/code_cards.html",
            {
                "batch": batch,
                "codes": codes,
                "ballot_url": ballot_url,
                "csv_href": "data:text/csv;charset=utf-8," + quote("\n".join(lines) + "\n"),
                "index_url": model_admin.url_helper.index_url,
            },
        )
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request,
        "ballot/admin/form.html",
        {
            "form": form,
            "title": "New batch of ballot codes",
            "intro": "The codes are shown once, on the next page, to print as cards or "
            "download as CSV. Only a scrambled form of each code is kept, so they "
            "cannot be shown again.",
            "submit": "Make the codes",
        },
    )


def paper_entry_view(request, model_admin, instance_pk):
    """Key one paper after another: type the ticked numbers, press Enter, repeat."""
    if not model_admin.permission_helper.user_can_create(request.user):
        raise PermissionDenied
    batch = get_object_or_404(
        PaperBatch.objects.select_related("ballot", "organisation"), pk=instance_pk
    )
    ballot = batch.ballot
    options = ballot.visible_options()
    form = PaperEntryForm(request.POST or None, ballot=ballot, options=options)
    if request.method == "POST" and form.is_valid():
        record_vote(
            ballot,
            form.chosen_options(),
            route=Route.PAPER,
            channel=batch.organisation,
            answers=form.answers(),
            paper=(batch, request.user),
        )
        messages.success(
            request,
            f"Paper saved (numbers {' '.join(form.cleaned_data['numbers'])}). "
            f"{batch.entries.count()} papers keyed in this batch.",
        )
        return HttpResponseRedirect(request.path)
    return render(
        request,
        "ballot/admin/paper_entry.html",
        {
            "batch": batch,
            "form": form,
            "numbered_options": list(enumerate(options, start=1)),
            "count": batch.entries.count(),
            "index_url": model_admin.url_helper.index_url,
        },
    )
