"""The resources library: toolkits, reports, guides and briefings for local campaigning.

An index page lists ResourcePages with filters (topic, audience, format) that
are a plain GET form, so they work without JavaScript and a filtered list can
be shared as a link. Each resource carries one Wagtail document to download;
its size and format come from the document row (Wagtail stores the size), so
listing resources never touches the file storage.
"""

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock
from home.cache import keep_listing
from home.seo import SeoMixin

from .issues import Issue

RESOURCES_PER_PAGE = 20

OTHER_TOPICS = [
    ("local-campaigning", _("Local campaigning")),
    ("gender-specific-advocacy", _("Gender-specific advocacy")),
    ("the-ten-issues", _("All ten issues")),
    ("evidence-and-research", _("Evidence and research")),
    ("other", _("Other")),
]
TOPIC_CHOICES = [(_("The ten issues"), Issue.choices), (_("Other topics"), OTHER_TOPICS)]
TOPIC_LABELS = dict([*Issue.choices, *OTHER_TOPICS])


class Audience(models.TextChoices):
    WOMEN = "women", _("Women")
    PROFESSIONALS = "professionals", _("Professionals")
    COMMISSIONERS = "commissioners", _("Commissioners")
    EVERYONE = "everyone", _("Everyone")


class ResourceFormat(models.TextChoices):
    TOOLKIT = "toolkit", _("Toolkit")
    GUIDE = "guide", _("Guide")
    REPORT = "report", _("Report")
    BRIEFING = "briefing", _("Briefing")
    EASY_READ = "easy-read", _("Easy read")


class ResourceIndexPage(SeoMixin, Page):
    page_description = _("The resources library: toolkits, reports and guides, with filters.")

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "home.StandardPage", "network.NetworkIndexPage"]
    subpage_types = ["network.ResourcePage"]

    class Meta:
        verbose_name = _("resources library")

    def resources(self):
        """Live resources with their documents, in a fixed number of queries."""
        return (
            ResourcePage.objects.child_of(self)
            .live()
            .public()
            .select_related("document", "easy_read_page")
            .order_by("-date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = ResourceFilter(request.GET or None, queryset=self.resources())
        valid = filters.is_bound is False or filters.form.is_valid()
        resources = filters.qs if valid else self.resources().none()
        paginator = Paginator(resources, RESOURCES_PER_PAGE)
        # get_page() turns a missing, non-numeric or too-large ?page= into a real page.
        page_obj = paginator.get_page(request.GET.get("page"))
        if valid:
            chosen = filters.form.cleaned_data if filters.is_bound else {}
            keep_listing(
                request, page_obj, {name: chosen.get(name) or None for name in filters.filters}
            )
        context.update(
            filters=filters,
            filters_invalid=not valid,
            filtering=filters.is_bound and any(request.GET.get(k) for k in filters.filters),
            page_obj=page_obj,
            resources=page_obj.object_list,
        )
        return context


class ResourcePage(SeoMixin, Page):
    page_description = _(
        "One resource: a summary and a document to download, with its topic and audience."
    )

    search_label = _("Resource")

    date = models.DateField(_("published"), default=timezone.localdate)
    summary = models.TextField(
        max_length=500, help_text=_("Two or three sentences: shown in the list and in search.")
    )
    topic = models.CharField(max_length=40, choices=TOPIC_CHOICES, default="local-campaigning")
    audience = models.CharField(
        _("written for"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    resource_format = models.CharField(
        _("format"), max_length=20, choices=ResourceFormat.choices, default=ResourceFormat.GUIDE
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The file to download, usually a PDF."),
    )
    easy_read_page = models.ForeignKey(
        "network.ResourcePage",
        verbose_name=_("easy-read version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Another resource with the same content in easy read, if there is one."),
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("topic"),
                FieldPanel("audience"),
                FieldPanel("resource_format", widget=forms.RadioSelect),
            ],
            heading=_("Filing"),
        ),
        MultiFieldPanel(
            [FieldPanel("document"), FieldPanel("easy_read_page")], heading=_("Download")
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("search_label"),
        index.FilterField("topic"),
        index.FilterField("audience"),
        index.FilterField("resource_format"),
    ]

    parent_page_types = ["network.ResourceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("resource")

    @property
    def topic_label(self):
        return TOPIC_LABELS.get(self.topic, self.topic)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["library"] = self.get_parent()
        return context


class ResourceFilter(django_filters.FilterSet):
    """The list's filters; an unknown value makes the form invalid (said plainly)."""

    topic = django_filters.ChoiceFilter(
        label=_("Topic"), choices=TOPIC_CHOICES, empty_label=_("Any topic")
    )
    audience = django_filters.ChoiceFilter(
        label=_("Written for"), choices=Audience.choices, empty_label=_("Anyone")
    )
    resource_format = django_filters.ChoiceFilter(
        label=_("Format"), choices=ResourceFormat.choices, empty_label=_("Any format")
    )

    class Meta:
        model = ResourcePage
        fields = ["topic", "audience", "resource_format"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.error_messages["invalid_choice"] = _(
                "We do not have that choice. Pick one from the list."
            )
            field.required = False
