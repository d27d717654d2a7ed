"""Closing and reopening a ballot from the ballot list, and keeping ballots
with votes from being deleted.

"Close now" and "Reopen" change only the closing time, on the live page and
on its latest revision alike (so publishing a draft later cannot undo them),
without publishing anyone's unpublished changes. Both ask the permission
policy (``network.access``, action "close": Wagtail's publish permission on
that ballot page) and are written to Wagtail's audit log.

A ballot that has votes, code batches or paper batches cannot be deleted:
deleting it would destroy counted votes. Staff are told to unpublish it
instead (which also takes it off the site).
"""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page

from ballot.models import BallotPage, CodeBatch, PaperBatch, Vote
from home.cache import invalidate_page_cache
from network import access


def _set_closing(ballot, closes_at, user, action):
    with transaction.atomic():
        ballot = BallotPage.objects.select_for_update().get(pk=ballot.pk)
        previous = ballot.closes_at
        ballot.closes_at = closes_at
        ballot.save(update_fields=["closes_at"], clean=False)
        revision = ballot.latest_revision
        if revision is not None:
            revision.content["closes_at"] = closes_at.isoformat() if closes_at else None
            revision.save(update_fields=["content"])
        transaction.on_commit(invalidate_page_cache)
        log(
            ballot,
            action,
            user=user,
            data={
                "closes_at": closes_at.isoformat() if closes_at else None,
                "previous_closes_at": previous.isoformat() if previous else None,
            },
        )
    return ballot


def close_now(ballot, user):
    """Close an open ballot at this minute; False if it is not open."""
    if not ballot.live or not ballot.is_open():
        return False
    _set_closing(ballot, timezone.now().replace(second=0, microsecond=0), user, "ballot.close")
    return True


def reopen(ballot, user):
    """Reopen a closed ballot with no closing time; False if it is not closed."""
    if not ballot.has_closed():
        return False
    _set_closing(ballot, None, user, "ballot.reopen")
    return True


def _view(request, model_admin, instance_pk, action):
    if not str(instance_pk).isdigit():
        return HttpResponseRedirect(model_admin.url_helper.index_url)
    access.require(request.user, "close", BallotPage)
    ballot = get_object_or_404(BallotPage, pk=instance_pk)
    access.require(request.user, "close", ballot)
    index_url = model_admin.url_helper.index_url
    if request.method == "POST":
        if action == "close":
            done = close_now(ballot, request.user)
            text = _("“%(title)s” is closed: it takes no more votes, and its results are final.")
            refused = _("“%(title)s” is not open, so it was not closed.")
        else:
            done = reopen(ballot, request.user)
            text = _(
                "“%(title)s” is open again, with no closing time: set one in the editor, "
                "or use “Close now” when voting should stop."
            )
            refused = _("“%(title)s” is not closed, so it was not reopened.")
        if done:
            messages.success(request, text % {"title": ballot.title})
        else:
            messages.warning(request, refused % {"title": ballot.title})
        return HttpResponseRedirect(index_url)
    applicable = ballot.live and ballot.is_open() if action == "close" else ballot.has_closed()
    return render(
        request,
        "ballot/admin/ballot_close.html",
        {"ballot": ballot, "action": action, "applicable": applicable, "index_url": index_url},
    )


def close_view(request, model_admin, instance_pk):
    return _view(request, model_admin, instance_pk, "close")


def reopen_view(request, model_admin, instance_pk):
    return _view(request, model_admin, instance_pk, "reopen")


def ballots_with_votes(page):
    """The ballots at or under ``page`` that hold votes or batches (deleting
    a page deletes its descendants too)."""
    ballots = BallotPage.objects.descendant_of(page, inclusive=True)
    ids = list(ballots.values_list("pk", flat=True))
    if not ids:
        return []
    used = (
        set(Vote.objects.filter(ballot_id__in=ids).values_list("ballot_id", flat=True).distinct())
        | set(CodeBatch.objects.filter(ballot_id__in=ids).values_list("ballot_id", flat=True))
        | set(PaperBatch.objects.filter(ballot_id__in=ids).values_list("ballot_id", flat=True))
    )
    return [b for b in ballots if b.pk in used]


def refuse_delete(request, page):
    """The answer to deleting a page that is, or holds, a ballot with votes; None otherwise."""
    if not isinstance(page, Page):
        return None
    used = ballots_with_votes(page)
    if not used:
        return None
    messages.error(
        request,
        _(
            "“%(title)s” cannot be deleted: it has votes or code and paper batches, "
            "and deleting it would destroy counted votes. Unpublish it instead: "
            "it leaves the site and its votes are kept."
        )
        % {"title": used[0].title},
    )
    parent = page.get_parent()
    return HttpResponseRedirect(
        reverse("wagtailadmin_explore", args=[parent.pk if parent else page.pk])
    )


def register_log_actions(actions):
    actions.register_action("ballot.close", _("Close a ballot now"), _("Ballot closed"))
    actions.register_action("ballot.reopen", _("Reopen a ballot"), _("Ballot reopened"))
