"""How a ballot page takes a vote: the form, storing the vote, the thank-you.

The page model (``ballot/models/pages.py``) routes its three URLs here by
dotted path, so the vote path reads top-down with no import cycle:
request -> ``BallotPageView`` -> ``BallotForm`` (every rule in ``clean()``)
-> ``record_vote`` (the one place a vote is written) -> models and tallies.

The steps are small methods a subclass can override, in the shape of
``wagtail.contrib.forms``: ``get_form``, ``process_vote``, ``render_ballot``,
``render_thanks``.
"""

from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from ballot.device_marks import (
    DEVICE_MARK_SALT,
    device_mark_name,
    forget_on_device,
    thanks_token,
)
from ballot.forms import BallotForm
from ballot.kiosks import add_to_total
from ballot.models.kiosks import Kiosk
from ballot.models.votes import AGE_BANDS, REGIONS, SERVICES
from ballot.voting import DuplicateSubmission, VoteRefused, record_vote, vote_slot
from home.cache import limit_page_cache, shared_value
from ops.logging import log_as_route

EASY_VIEW = "easy"
# Query parameters a view link keeps: where she came from, and a kiosk's token.
KEPT_PARAMS = ("via", "kiosk")


def view_links(request, url):
    """The ballot's two views, Easy read (``?view=easy``) and standard, as links
    that keep a referral or kiosk link working. A query parameter, not a separate
    page, so one form, one URL to post to, and no JavaScript needed."""
    easy = request.GET.get("view") == EASY_VIEW
    kept = [(k, request.GET[k][:300]) for k in KEPT_PARAMS if request.GET.get(k)]
    standard_query = urlencode(kept)
    easy_query = urlencode([("view", EASY_VIEW), *kept])
    return {
        "easy_view": easy,
        "easy_url": f"{url}?{easy_query}",
        "standard_url": f"{url}?{standard_query}" if standard_query else url,
        # Posting from the easy view shows any error in the easy view.
        "form_action": f"{url}?view={EASY_VIEW}" if easy else url,
    }


class BallotPageView:
    """One request to one ballot page."""

    def __init__(self, page, request):
        self.page = page
        self.request = request

    # --- the steps: override these like wagtail.contrib.forms -----------------
    def get_form(self, data=None):
        page, request = self.page, self.request
        if getattr(request, "is_preview", False):
            options = page._visible_options  # an editor's draft: never shared
        else:
            # The same for every visitor until the page is published again;
            # fetched only if the form needs them (not when the list of options
            # comes from a kept fragment).
            def options():
                return shared_value(
                    "ballot-options", (page.pk,), lambda: page._visible_options, request
                )

        return BallotForm(data, ballot=page, request=request, options=options)

    def process_vote(self, form):
        """Store the vote (one transaction); raises ``VoteRefused`` or ``DuplicateSubmission``."""
        # Recorded against the counting ballot, whatever the page's language.
        ballot = self.page.counting_ballot()
        options = self.page.counting_options(form.chosen_options())
        with vote_slot(self.request, form.route), transaction.atomic():
            vote = record_vote(
                ballot,
                options,
                route=form.route,
                channel=form.channel,
                answers=form.answers(),
                token=form.cleaned_data.get("form_token"),
                code=form.code_object,
            )
            if form.is_kiosk:
                add_to_total(form.kiosk)
        return vote

    def render_ballot(self, form, status=200):
        forget_on_device(self.request)
        response = self.page.render(
            self.request,
            context_overrides={
                "form": form,
                # Called by the template only where the options are rendered afresh.
                "ballot_choices": form.option_choices,
                **view_links(self.request, self.page.url),
            },
        )
        response.status_code = status
        return response

    def render_thanks(self, form):
        """Send the voter on to the thank-you (here, or on the page she came from)."""
        page, request = self.page, self.request
        params = {"v": thanks_token(page.counting_id)}
        next_url = form.cleaned_data.get("next")
        if next_url:
            parts = urlsplit(next_url)
            query = "&".join(q for q in [parts.query, urlencode(params)] if q)
            query += f"&ballot_thanks={page.pk}"
            target = urlunsplit(("", "", parts.path, query, f"ballot-{page.pk}"))
        else:
            if form.is_kiosk:
                params["kiosk"] = form.cleaned_data["kiosk"]
            target = f"{page.url}thanks/?{urlencode(params)}"
        forget_on_device(request)
        response = HttpResponseRedirect(target, status=303)
        if not form.is_kiosk:
            response.set_signed_cookie(
                device_mark_name(page.counting_id),
                str(page.counting_id),
                salt=DEVICE_MARK_SALT,
                max_age=settings.BALLOT_DEVICE_MARK_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    def serve_vote(self):
        form = self.get_form(data=self.request.POST)
        if not form.is_valid():
            return self.render_ballot(form)
        if form.duplicate:
            return self.render_thanks(form)
        try:
            self.process_vote(form)
        except DuplicateSubmission:
            pass  # a double click: the first vote stands, both get the same thank-you
        except VoteRefused as refused:
            form.add_error(refused.field, refused.message)
            return self.render_ballot(form)
        return self.render_thanks(form)

    def stopped_kiosk_response(self):
        """A plain page, and no form, for a kiosk link that no longer works (expired,
        switched off, its organisation inactive, or not a kiosk link at all)."""
        request = self.request
        source = request.POST if request.method == "POST" else request.GET
        token = source.get("kiosk", "")
        if not token:
            return None
        kiosk = Kiosk.objects.for_token(token, self.page)
        reason = kiosk.stopped_reason() if kiosk else "This is not a working kiosk link."
        if not reason:
            return None
        limit_page_cache(request, 0)
        response = self.page.render(
            request,
            template="ballot/kiosk_stopped.html",
            context_overrides={"reason": reason},
        )
        response.status_code = 403
        return response

    # --- the page's three URLs ----------------------------------------------------
    def ballot(self):
        stopped = self.stopped_kiosk_response()
        if stopped is not None:
            return stopped
        if self.request.method == "POST":
            log_as_route(self.request, "ballot:vote")
            return self.serve_vote()
        return self.render_ballot(self.get_form())

    def thanks(self):
        page, request = self.page, self.request
        log_as_route(request, "ballot:thanks")
        forget_on_device(request)
        kiosk = Kiosk.objects.for_token(request.GET.get("kiosk"), page)
        is_kiosk = kiosk is not None and kiosk.is_working
        visible = page.results_visible_to(request)
        return page.render(
            request,
            template="ballot/ballot_thanks.html",
            context_overrides={
                "results": page.results() if visible else None,
                "kiosk_return_url": (
                    f"{page.url}?{urlencode({'kiosk': request.GET['kiosk']})}" if is_kiosk else ""
                ),
            },
        )

    def results(self):
        page = self.page
        visible = page.results_visible_to(self.request)
        return page.render(
            self.request,
            template="ballot/ballot_results.html",
            context_overrides={"results": page.results() if visible else None},
        )

    def paper(self):
        """The paper ballot to print: every visible option, the about-you questions
        as tick boxes, in the page's language."""
        about_you = [
            (_("Your age"), AGE_BANDS),
            (_("Where you live"), REGIONS),
            (_("Services you have used (tick any)"), SERVICES),
        ]
        return self.page.render(
            self.request,
            template="ballot/ballot_paper.html",
            context_overrides={"options": self.page._visible_options, "about_you": about_you},
        )
