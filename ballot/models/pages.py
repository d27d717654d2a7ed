"""The ballot page staff build in the admin, and its options.

How a vote is taken (form, storing, thank-you) is the view layer's:
``ballot/page_views.py``, named here by dotted path.
"""

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch
from django.db.models.signals import post_delete
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from ballot.widgets import QuarterHourDateTimeInput
from home.cache import guarded, limit_page_cache
from home.images import IMAGE_PANEL_HELP
from home.seo import SeoMixin

OPTION_IMAGE_SPEC = "fill-480x320"
COUNTING_ID_SECONDS = 24 * 60 * 60
DEVICE_MARK_SALT = "ballot.just-voted"
THANKS_SALT = "ballot.thanks"
THANKS_MAX_AGE = 60 * 60
VIA_SALT = "ballot.via"


class BallotStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


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
        translation = self.instance.pk and not self.instance.is_counting_ballot()
        if translation and self._changes_option_set(formset):
            self.add_error(None, TRANSLATION_OPTIONS_FIXED)
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

    @staticmethod
    def _changes_option_set(formset):
        """True when the posted options add or remove one (a translation's
        options come only from its source ballot)."""
        for f in formset.forms:
            data = getattr(f, "cleaned_data", None) or {}
            if f.instance.pk and data.get("DELETE"):
                return True
            if not f.instance.pk and data and not data.get("DELETE"):
                return True
        return False


TRANSLATION_OPTIONS_FIXED = (
    "This page is a translation, so its options cannot be added or removed here: "
    "every language shows the same options and counts them together. Change the "
    "options on the original ballot; the translations follow when it is synced."
)


class BallotPage(RoutablePageMixin, SeoMixin, Page):
    page_description = _(
        "A consultation ballot: the question, the options women choose from, when it opens and "
        "closes, and the target. Results appear on its results page."
    )
    # What the site search calls this kind of page; also indexed, so "ballot" finds it.
    search_label = "Ballot"

    # No default: a new ballot starts empty, not with an earlier ballot's question.
    question = models.CharField(
        max_length=255,
        help_text=_("The question women answer, shown above the options. Keep it short."),
    )
    intro = models.TextField(
        blank=True,
        help_text=_("A few sentences above the ballot: why it matters and who runs it."),
    )
    easy_read_intro = models.TextField(
        blank=True,
        help_text=_(
            "For the Easy read view: the intro again in short sentences with everyday "
            "words. Leave empty to use the intro."
        ),
    )
    intro_audio = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "A recording of the intro (MP3, M4A, OGG, OPUS, WAV or WEBM). Played instead "
            "of the device's voice, and playable on its own."
        ),
    )
    choices_required = models.PositiveSmallIntegerField(
        "how many to choose",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="Each woman chooses exactly this many options.",
    )
    opens_at = models.DateTimeField(
        default=timezone.now,
        help_text=_("Votes are taken from this time. Publish the page before it, too."),
    )
    closes_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_(
            "Voting stops at this time. Leave empty to keep it open; "
            "“Close now” in the ballot list closes it at once."
        ),
    )
    target = models.PositiveIntegerField(
        "target number of voters",
        default=5000,
        help_text=_("How many women you hope will vote; the progress bar counts towards it."),
    )
    online_route = models.BooleanField(
        "online voting",
        default=True,
        help_text=_("Anyone with the link can vote on the site."),
    )
    code_route = models.BooleanField(
        "one-time codes",
        default=True,
        help_text=_("Partners hand out printed cards, each with a code that votes once."),
    )
    paper_route = models.BooleanField(
        "paper ballots",
        default=True,
        help_text=_("Paper forms are typed in twice by staff or partners (Ballot > Paper)."),
    )
    ask_about_you = models.BooleanField(
        "ask the optional 'about you' questions",
        default=True,
        help_text="Age band, region and services used. Every question can be skipped.",
    )
    thank_you_text = models.TextField(
        default="Thank you. Your choices have been counted. Your vote is anonymous.",
        help_text=_("Shown after a vote is counted. Never say how she voted."),
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
                FieldRowPanel(
                    [
                        FieldPanel("opens_at", widget=QuarterHourDateTimeInput),
                        FieldPanel("closes_at", widget=QuarterHourDateTimeInput),
                    ]
                ),
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

    # --- one ballot, one tally (issue 12) -----------------------------------
    # Every translation of a ballot counts its votes on one page: the first
    # one created (the source every translation was made from; the smallest
    # id in its translation group never changes). Votes, tallies, codes and
    # paper batches all belong to that page, and its options are matched to a
    # translation's options by their shared translation key.
    @cached_property
    def counting_id(self):
        """Kept in the cache by translation key (it never changes while the
        original exists; deleting any ballot page forgets it), so a ballot page
        or results read does not look it up each time."""
        key = f"ballot:counting-id:{self.translation_key}"
        cached = guarded(lambda: cache.get(key))
        if cached is not None:
            return cached
        first = (
            BallotPage.objects.filter(translation_key=self.translation_key)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        if first is None:
            return self.pk  # not saved yet, or alone: nothing to keep
        guarded(lambda: cache.set(key, first, timeout=COUNTING_ID_SECONDS))
        return first

    def is_counting_ballot(self):
        return self.counting_id == self.pk

    def counting_ballot(self):
        """The page votes on this ballot (in any language) are recorded against."""
        if self.is_counting_ballot():
            return self
        return BallotPage.objects.get(pk=self.counting_id)

    def counting_option_ids(self, options):
        """The counting ballot's option ids for these options of this page, in order.

        Raises ``BallotOption.DoesNotExist`` when one has no counterpart (an
        option added to one translation only never reaches the counts).
        """
        options = list(options)
        if self.is_counting_ballot():
            return [o.pk for o in options]
        keys = dict(
            BallotOption.objects.filter(page_id=self.counting_id).values_list(
                "translation_key", "pk"
            )
        )
        try:
            return [keys[o.translation_key] for o in options]
        except KeyError:
            raise BallotOption.DoesNotExist(
                "An option of this translation is not on the original ballot."
            ) from None

    def counting_options(self, options):
        by_id = BallotOption.objects.in_bulk(self.counting_option_ids(options))
        return [by_id[pk] for pk in self.counting_option_ids(options)]

    def localise_results(self, results):
        """The counting ballot's results with this translation's words: same
        numbers in every language, titles in the page's own."""
        if self.is_counting_ballot() or results is None:
            return results
        import copy

        counting_keys = dict(
            BallotOption.objects.filter(page_id=self.counting_id).values_list(
                "pk", "translation_key"
            )
        )
        titles = dict(self.options.values_list("translation_key", "title"))
        results = copy.deepcopy(results)
        results.question = self.question
        results.ballot_slug = self.slug
        for row in results.options:
            row.title = titles.get(counting_keys.get(row.id), row.title)
        return results

    # --- state -----------------------------------------------------------
    def has_opened(self):
        return self.opens_at is None or self.opens_at <= timezone.now()

    def has_closed(self):
        return self.closes_at is not None and self.closes_at <= timezone.now()

    def is_open(self):
        return self.has_opened() and not self.has_closed()

    def status(self):
        """Draft (not live: nobody can vote), scheduled (live, or set to go live,
        before it opens), open, or closed: what the ballot list and turnout say."""
        if not self.live:
            return BallotStatus.SCHEDULED if self.go_live_at else BallotStatus.DRAFT
        if self.has_closed():
            return BallotStatus.CLOSED
        return BallotStatus.OPEN if self.has_opened() else BallotStatus.SCHEDULED

    def results_visible_to(self, request):
        """Results for this visitor: the ballot's own rule, and never past the
        page's view restrictions (a results block on a public page included)."""
        from ballot.privacy import may_view

        if request is not None and not may_view(request, self.path)[0]:
            return False
        return results_visible(
            self.results_visibility, self.has_closed(), request, self.counting_id
        )

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

        return self.localise_results(ballot_results(self.counting_ballot()))

    # --- voting and routes -----------------------------------------------------
    # The steps (form, vote, thank-you) live in the view layer; the page names
    # the class by dotted path, as a URLconf names a view, so this model never
    # imports forms or the voting service. Subclass the view and point
    # ``view_class`` at it to change a step.
    view_class = "ballot.page_views.BallotPageView"

    def get_view(self, request):
        return import_string(self.view_class)(self, request)

    @path("")
    def ballot_view(self, request):
        return self.get_view(request).ballot()

    @path("thanks/")
    def thanks_view(self, request):
        return self.get_view(request).thanks()

    @path("results/")
    def results_view(self, request):
        return self.get_view(request).results()

    @path("paper/")
    def paper_view(self, request):
        return self.get_view(request).paper()

    @property
    def results_json_url(self):
        return f"{self.url}results.json"


def counting_ballots(queryset):
    """Only the page each ballot counts its votes on (the first of its translations):
    lists of ballots to choose from (turnout, kiosks, dashboards) show one ballot,
    not one per language."""
    earlier = BallotPage.objects.filter(
        translation_key=OuterRef("translation_key"), pk__lt=OuterRef("pk")
    )
    return queryset.exclude(Exists(earlier))


class BallotOption(TranslatableMixin, Orderable):
    """One option; translatable, so every translation of a ballot has the same
    options (same ``translation_key``), kept in step by wagtail-localize."""

    page = ParentalKey(BallotPage, on_delete=models.CASCADE, related_name="options")
    title = models.CharField(
        max_length=120, help_text=_("The issue in a few words, e.g. 'Police'.")
    )
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
        "home.SiteImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A picture that helps women who read little; shown beside the option."),
    )
    # Kept only as a fallback for options saved before the picture's description was
    # asked once, on the image (migration 0015 copied it there); no longer in the form.
    image_alt = models.CharField(
        "picture description",
        max_length=250,
        blank=True,
        editable=False,
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
        FieldPanel("image", help_text=IMAGE_PANEL_HELP),
        FieldPanel("campaign"),
        FieldPanel("hidden"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        check_audio(self.audio, "audio")

    @property
    def listen_text(self):
        plain = f" {self.plain_title}." if self.plain_title else ""
        return f"{self.title}.{plain} {self.easy_read_text or self.short_text}"


def forget_counting_id(sender, instance, **kwargs):
    """A deleted ballot page may have been its group's original: look it up afresh."""
    guarded(lambda: cache.delete(f"ballot:counting-id:{instance.translation_key}"))


post_delete.connect(forget_counting_id, sender=BallotPage, dispatch_uid="ballot-counting-id")
