"""The ballot page staff build in the admin: its fields, its translations'
one count (``counting_id``), its state, and its routes.

Its options are in ``options.py``, its admin form in ``admin_form.py``; the
results rule is ``ballot/visibility.py`` and the browser's marks
``ballot/device_marks.py``.

How a vote is taken (form, storing, thank-you) is the view layer's:
``ballot/page_views.py``, named here by dotted path.
"""

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
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search import index

from ballot.visibility import ResultsVisibility, results_visible
from ballot.widgets import QuarterHourDateTimeInput
from home.cache import guarded
from home.seo import SeoMixin

from .admin_form import BallotPageForm
from .audio import check_audio
from .options import BallotOption

OPTION_IMAGE_SPEC = "fill-480x320"
COUNTING_ID_SECONDS = 24 * 60 * 60


class BallotStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


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
        page's view restrictions (a results block on a public page included).
        A page read with ``known_unrestricted`` (ballot.blocks.BallotChooserBlock)
        has none to check."""
        from ballot.privacy import may_view

        unrestricted = getattr(self, "known_unrestricted", False)
        if request is not None and not unrestricted and not may_view(request, self.path)[0]:
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


def forget_counting_id(sender, instance, **kwargs):
    """A deleted ballot page may have been its group's original: look it up afresh."""
    guarded(lambda: cache.delete(f"ballot:counting-id:{instance.translation_key}"))


post_delete.connect(forget_counting_id, sender=BallotPage, dispatch_uid="ballot-counting-id")
