"""The ballot page staff build in the admin, and its options.

Voting follows the shape of ``wagtail.contrib.forms``: small methods a
subclass can override (``get_form``, ``process_vote``, ``render_ballot``,
``render_thanks``), with every rule in the form's ``clean()``.
"""

from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.cache import limit_page_cache
from home.models import SeoMixin
from ops.logging import log_as_route

OPTION_IMAGE_SPEC = "fill-480x320"
DEVICE_MARK_SALT = "ballot.just-voted"
THANKS_SALT = "ballot.thanks"
THANKS_MAX_AGE = 60 * 60
VIA_SALT = "ballot.via"


class ResultsVisibility(models.TextChoices):
    ALWAYS = "always", "Always, to everyone"
    VOTED = "voted", "Only to women who have voted (and to everyone after closing)"
    CLOSED = "closed", "Only after the ballot closes"


def device_mark_name(ballot_id):
    return f"wmhn_just_voted_{ballot_id}"


def device_just_voted(request, ballot_id):
    """Whether this browser sent a vote in the last few minutes (BALLOT_DEVICE_MARK_SECONDS).

    Only an accidental second send right after a vote is asked about; the mark
    carries no vote, no time the page shows, and is gone minutes later, so the
    next woman on a shared phone is neither shut out nor told.
    """
    value = request.get_signed_cookie(
        device_mark_name(ballot_id),
        default=None,
        salt=DEVICE_MARK_SALT,
        max_age=settings.BALLOT_DEVICE_MARK_SECONDS,
    )
    return value == str(ballot_id)


def forget_on_device(request):
    """Ask the browser, and the page cache, to keep no copy of this page: it
    shows a ballot form or a thank-you on what may be a shared device."""
    request.ballot_no_store = True
    limit_page_cache(request, 0)


def thanks_token(ballot_id):
    return signing.TimestampSigner(salt=THANKS_SALT).sign(str(ballot_id))


def valid_thanks_token(token, ballot_id):
    if not token:
        return False
    try:
        value = signing.TimestampSigner(salt=THANKS_SALT).unsign(token, max_age=THANKS_MAX_AGE)
    except signing.BadSignature:
        return False
    return value == str(ballot_id)


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


def sign_via(slug):
    return signing.dumps(slug, salt=VIA_SALT)


def has_voted(request, ballot_id):
    """For "results only to women who have voted": the thank-you link's token,
    good for an hour. No long-lived device mark, so the next woman on a shared
    device is not treated as having voted."""
    return valid_thanks_token(request.GET.get("v"), ballot_id)


def results_visible(visibility, closed, request, ballot_id):
    """The one rule for public results (pages, blocks, results.json).

    It also tells the anonymous page cache what a page showing results may
    keep: live figures only a few seconds, and nothing at all when the answer
    depends on this visitor's thank-you token.
    """
    if visibility == ResultsVisibility.ALWAYS or closed:
        limit_page_cache(request, settings.BALLOT_RESULTS_CACHE_SECONDS)
        return True
    limit_page_cache(request, 0)
    return visibility == ResultsVisibility.VOTED and has_voted(request, ballot_id)


AUDIO_EXTENSIONS = {"mp3", "m4a", "ogg", "oga", "opus", "wav", "webm"}


def check_audio(document, field):
    """A recording must be a sound file a browser's <audio> can play."""
    if document is not None and document.file_extension.lower() not in AUDIO_EXTENSIONS:
        raise ValidationError(
            {
                field: _("Choose a sound file (%(kinds)s), not a %(ext)s file.")
                % {"kinds": ", ".join(sorted(AUDIO_EXTENSIONS)), "ext": document.file_extension}
            }
        )


class BallotPageForm(WagtailAdminPageForm):
    """Refuses to delete an option that has votes, and says why."""

    def is_valid(self):
        valid = super().is_valid()
        formset = self.formsets.get("options")
        if formset is None or not formset.is_bound:
            return valid
        from .votes import VoteChoice

        deleting = [
            f.instance
            for f in formset.forms
            if f.instance.pk and getattr(f, "cleaned_data", {}).get("DELETE")
        ]
        used = set(
            VoteChoice.objects.filter(option__in=deleting).values_list("option_id", flat=True)
        )
        for option in deleting:
            if option.pk in used:
                self.add_error(
                    None,
                    f"The option “{option.title}” cannot be deleted because women have "
                    "already chosen it: deleting it would change the counts. Tick "
                    "“Hidden” instead to take it off the ballot; its votes stay counted.",
                )
                valid = False
        shown = [
            f
            for f in formset.forms
            if getattr(f, "cleaned_data", None)
            and not f.cleaned_data.get("DELETE")
            and not f.cleaned_data.get("hidden")
        ]
        required = (getattr(self, "cleaned_data", None) or {}).get("choices_required")
        if shown and required and required > len(shown):
            self.add_error(
                "choices_required",
                f"The ballot shows {len(shown)} options, so women cannot choose {required}.",
            )
            valid = False
        return valid


class BallotPage(RoutablePageMixin, SeoMixin, Page):
    # What the site search calls this kind of page; also indexed, so "ballot" finds it.
    search_label = "Ballot"

    question = models.CharField(
        max_length=255, default="Which 3 issues should the network campaign on first?"
    )
    intro = models.TextField(blank=True)
    easy_read_intro = models.TextField(
        blank=True,
        help_text="For the Easy read view: the intro again in short sentences with everyday "
        "words. Leave empty to use the intro.",
    )
    intro_audio = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A recording of the intro (MP3, M4A, OGG, OPUS, WAV or WEBM). Played instead "
        "of the device's voice, and playable on its own.",
    )
    choices_required = models.PositiveSmallIntegerField(
        "how many to choose",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="Each woman chooses exactly this many options.",
    )
    opens_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField(null=True, blank=True, help_text="Leave empty to keep open.")
    target = models.PositiveIntegerField("target number of voters", default=5000)
    online_route = models.BooleanField("online voting", default=True)
    code_route = models.BooleanField("one-time codes", default=True)
    paper_route = models.BooleanField("paper ballots", default=True)
    ask_about_you = models.BooleanField(
        "ask the optional 'about you' questions",
        default=True,
        help_text="Age band, region and services used. Every question can be skipped.",
    )
    thank_you_text = models.TextField(
        default="Thank you. Your choices have been counted. Your vote is anonymous."
    )
    results_visibility = models.CharField(
        "who sees results",
        max_length=10,
        choices=ResultsVisibility.choices,
        default=ResultsVisibility.ALWAYS,
        help_text="Staff always see results in the admin.",
    )

    base_form_class = BallotPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("question"),
        FieldPanel("intro"),
        FieldPanel("easy_read_intro"),
        FieldPanel("intro_audio"),
        InlinePanel("options", label="Option", heading="Options"),
        MultiFieldPanel(
            [
                FieldPanel("choices_required"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("target"),
                FieldRowPanel(
                    [
                        FieldPanel("online_route"),
                        FieldPanel("code_route"),
                        FieldPanel("paper_route"),
                    ]
                ),
                FieldPanel("ask_about_you"),
                FieldPanel("results_visibility"),
            ],
            heading="How the ballot runs",
        ),
        FieldPanel("thank_you_text"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("question"),
        index.SearchField("intro"),
        index.SearchField("search_label"),
    ]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = "ballot"
        # Actions on ballot data beyond editing the page (see network/access.py).
        permissions = [
            ("view_results", "Can see whole-ballot results and make kiosk links"),
            ("export_votes", "Can download every vote as CSV"),
            ("view_turnout", "Can see turnout for every organisation"),
        ]

    def clean(self):
        super().clean()
        check_audio(self.intro_audio, "intro_audio")
        if self.closes_at and self.opens_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "The ballot must close after it opens."})

    def with_content_json(self, content):
        """Load a revision, keeping every option that has votes (hidden if the
        revision lacks it), so publishing an older revision can never delete one."""
        page = super().with_content_json(content)
        if self.pk:
            present = {option.pk for option in page.options.all() if option.pk}
            voted = (
                BallotOption.objects.filter(page_id=self.pk, vote_choices__isnull=False)
                .exclude(pk__in=present)
                .distinct()
            )
            for option in voted:
                option.hidden = True
                page.options.add(option)
        return page

    # --- state -----------------------------------------------------------
    def has_opened(self):
        return self.opens_at is None or self.opens_at <= timezone.now()

    def has_closed(self):
        return self.closes_at is not None and self.closes_at <= timezone.now()

    def is_open(self):
        return self.has_opened() and not self.has_closed()

    def results_visible_to(self, request):
        """Results for this visitor: the ballot's own rule, and never past the
        page's view restrictions (a results block on a public page included)."""
        from ballot.privacy import may_view

        if request is not None and not may_view(request, self.path)[0]:
            return False
        return results_visible(self.results_visibility, self.has_closed(), request, self.pk)

    def visible_options(self):
        images = get_image_model().objects.prefetch_renditions(OPTION_IMAGE_SPEC)
        return list(
            self.options.filter(hidden=False)
            .select_related("audio")
            .prefetch_related(Prefetch("image", queryset=images))
        )

    @cached_property
    def _visible_options(self):
        return self.visible_options()

    def results(self):
        from ballot.results import ballot_results

        return ballot_results(self)

    # --- voting: override these like wagtail.contrib.forms ------------------
    def get_form(self, request, data=None):
        from ballot.forms import BallotForm

        return BallotForm(data, ballot=self, request=request, options=self._visible_options)

    def process_vote(self, form, request):
        """Store the vote (one transaction); raises ``VoteRefused`` or ``DuplicateSubmission``."""
        from ballot.kiosks import add_to_total
        from ballot.voting import record_vote, vote_slot

        with vote_slot(request, form.route), transaction.atomic():
            vote = record_vote(
                self,
                form.chosen_options(),
                route=form.route,
                channel=form.channel,
                answers=form.answers(),
                token=form.cleaned_data.get("form_token"),
                code=form.code_object,
            )
            if form.is_kiosk:
                add_to_total(form.kiosk)
        return vote

    def render_ballot(self, request, form, status=200):
        forget_on_device(request)
        response = self.render(
            request,
            context_overrides={
                "form": form,
                "ballot_choices": form.option_choices(),
                **view_links(request, self.url),
            },
        )
        response.status_code = status
        return response

    def render_thanks(self, request, form):
        """Send the voter on to the thank-you (here, or on the page she came from)."""
        params = {"v": thanks_token(self.pk)}
        next_url = form.cleaned_data.get("next")
        if next_url:
            parts = urlsplit(next_url)
            query = "&".join(q for q in [parts.query, urlencode(params)] if q)
            query += f"&ballot_thanks={self.pk}"
            target = urlunsplit(("", "", parts.path, query, f"ballot-{self.pk}"))
        else:
            if form.is_kiosk:
                params["kiosk"] = form.cleaned_data["kiosk"]
            target = f"{self.url}thanks/?{urlencode(params)}"
        forget_on_device(request)
        response = HttpResponseRedirect(target, status=303)
        if not form.is_kiosk:
            response.set_signed_cookie(
                device_mark_name(self.pk),
                str(self.pk),
                salt=DEVICE_MARK_SALT,
                max_age=settings.BALLOT_DEVICE_MARK_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    def serve_vote(self, request):
        from ballot.voting import DuplicateSubmission, VoteRefused

        form = self.get_form(request, data=request.POST)
        if not form.is_valid():
            return self.render_ballot(request, form)
        if form.duplicate:
            return self.render_thanks(request, form)
        try:
            self.process_vote(form, request)
        except DuplicateSubmission:
            pass  # a double click: the first vote stands, both get the same thank-you
        except VoteRefused as refused:
            form.add_error(refused.field, refused.message)
            return self.render_ballot(request, form)
        return self.render_thanks(request, form)

    def stopped_kiosk_response(self, request):
        """A plain page, and no form, for a kiosk link that no longer works (expired,
        switched off, its organisation inactive, or not a kiosk link at all)."""
        from ballot.models.kiosks import Kiosk

        source = request.POST if request.method == "POST" else request.GET
        token = source.get("kiosk", "")
        if not token:
            return None
        kiosk = Kiosk.objects.for_token(token, self)
        reason = kiosk.stopped_reason() if kiosk else "This is not a working kiosk link."
        if not reason:
            return None
        limit_page_cache(request, 0)
        response = self.render(
            request,
            template="ballot/kiosk_stopped.html",
            context_overrides={"reason": reason},
        )
        response.status_code = 403
        return response

    # --- routes --------------------------------------------------------------
    @path("")
    def ballot_view(self, request):
        stopped = self.stopped_kiosk_response(request)
        if stopped is not None:
            return stopped
        if request.method == "POST":
            log_as_route(request, "ballot:vote")
            return self.serve_vote(request)
        return self.render_ballot(request, self.get_form(request))

    @path("thanks/")
    def thanks_view(self, request):
        log_as_route(request, "ballot:thanks")
        forget_on_device(request)
        from ballot.models.kiosks import Kiosk

        kiosk = Kiosk.objects.for_token(request.GET.get("kiosk"), self)
        is_kiosk = kiosk is not None and kiosk.is_working
        visible = self.results_visible_to(request)
        return self.render(
            request,
            template="ballot/ballot_thanks.html",
            context_overrides={
                "results": self.results() if visible else None,
                "kiosk_return_url": (
                    f"{self.url}?{urlencode({'kiosk': request.GET['kiosk']})}" if is_kiosk else ""
                ),
            },
        )

    @path("results/")
    def results_view(self, request):
        visible = self.results_visible_to(request)
        return self.render(
            request,
            template="ballot/ballot_results.html",
            context_overrides={"results": self.results() if visible else None},
        )

    @path("paper/")
    def paper_view(self, request):
        """The paper ballot to print: every visible option, the about-you questions
        as tick boxes, in the page's language."""
        from ballot.models.votes import AGE_BANDS, REGIONS, SERVICES

        about_you = [
            (_("Your age"), AGE_BANDS),
            (_("Where you live"), REGIONS),
            (_("Services you have used (tick any)"), SERVICES),
        ]
        return self.render(
            request,
            template="ballot/ballot_paper.html",
            context_overrides={"options": self._visible_options, "about_you": about_you},
        )

    @property
    def results_json_url(self):
        return f"{self.url}results.json"


class BallotOption(Orderable):
    page = ParentalKey(BallotPage, on_delete=models.CASCADE, related_name="options")
    title = models.CharField(max_length=120)
    plain_title = models.CharField(
        max_length=120,
        blank=True,
        help_text="The title in everyday words, shown under it, "
        "e.g. 'Being held down by police' for 'Police'.",
    )
    short_text = models.TextField(blank=True, help_text="One or two sentences.")
    easy_read_text = models.TextField(
        blank=True,
        help_text="The same idea in short, plain sentences. Read aloud by the 'Listen' button.",
    )
    audio = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A recording of this option (MP3, M4A, OGG, OPUS, WAV or WEBM), read in "
        "the page's language. Played instead of the device's voice.",
    )
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image_alt = models.CharField(
        "picture description",
        max_length=250,
        blank=True,
        help_text="Describe the picture for women who cannot see it.",
    )
    hidden = models.BooleanField(
        default=False,
        help_text="Take this option off the ballot. Options with votes can only be hidden, "
        "never deleted; their votes stay counted.",
    )

    campaign = models.ForeignKey(
        "network.CampaignPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ballot_options",
        help_text="The campaign page about this issue; it shows how the issue is doing.",
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("plain_title"),
        FieldPanel("short_text"),
        FieldPanel("easy_read_text"),
        FieldPanel("audio"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
        FieldPanel("campaign"),
        FieldPanel("hidden"),
    ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        check_audio(self.audio, "audio")

    @property
    def listen_text(self):
        plain = f" {self.plain_title}." if self.plain_title else ""
        return f"{self.title}.{plain} {self.easy_read_text or self.short_text}"
