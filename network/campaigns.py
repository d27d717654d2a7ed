"""Campaigns: the index, one page per campaign, and dated updates under each.

The ballot app points its options at ``CampaignPage`` from its side
(ballot -> network); network never imports ballot. Other apps can add
sections to a campaign page through the ``campaign_page_sections`` hook.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock
from home.images import IMAGE_PANEL_HELP
from home.queries import image_with_renditions, public_q
from home.sections import page_sections
from home.seo import SeoMixin

CARD_IMAGE = "fill-480x270|format-webp"


class CampaignStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    IN_CONSULTATION = "in_consultation", "In consultation"
    ACTIVE = "active", "Active"
    WON = "won", "Won"


class CampaignIndexPage(RoutablePageMixin, SeoMixin, Page):
    page_description = _("The list of campaigns, newest and featured first. There is only one.")
    intro = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["network.CampaignPage"]

    class Meta:
        verbose_name = "campaign index page"

    def campaigns(self):
        return campaign_listing(CampaignPage.objects.child_of(self)).order_by("path")

    def updates(self):
        return (
            CampaignUpdatePage.objects.live()
            .filter(public_q())
            .descendant_of(self)
            .order_by("-date", "-pk")
        )

    @path("")
    def index_route(self, request):
        status = request.GET.get("status", "")
        campaigns = self.campaigns()
        valid = status in CampaignStatus.values
        if valid:
            campaigns = campaigns.filter(status=status)
        return self.render(
            request,
            context_overrides={
                "campaigns": campaigns,
                "statuses": CampaignStatus.choices,
                "status": status if valid else "",
                "status_label": CampaignStatus(status).label if valid else "",
                "unknown_status": bool(status) and not valid,
            },
        )

    @path("updates/rss/", name="updates_rss")
    def updates_rss(self, request):
        from .feeds import CampaignUpdatesRssFeed

        return CampaignUpdatesRssFeed(self)(request)

    @path("updates/atom/", name="updates_atom")
    def updates_atom(self, request):
        from .feeds import CampaignUpdatesAtomFeed

        return CampaignUpdatesAtomFeed(self)(request)


def campaign_listing(queryset, renditions=True):
    """Live public campaigns with their pictures (a join) and the pictures' card
    renditions (one query; ``renditions=False`` leaves them to a page that
    fetches every picture's at once, as the home page does)."""
    image, prefetch = image_with_renditions("image", CARD_IMAGE)
    queryset = queryset.live().filter(public_q()).select_related(image)
    return queryset.prefetch_related(prefetch) if renditions else queryset


class CampaignPage(SeoMixin, Page):
    page_description = _(
        "One campaign the network runs: what it is about, its status, and its updates underneath."
    )
    # What the site search calls this kind of page; also indexed, so "campaign" finds it.
    search_label = "Campaign"

    status = models.CharField(
        max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.PROPOSED
    )
    summary = models.TextField(
        max_length=500, help_text="Two or three sentences for listings and the page's top."
    )
    image = models.ForeignKey(
        "home.SiteImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), blank=True)
    featured = models.BooleanField(
        default=False, help_text="Show this campaign first in the home page's campaign section."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("status"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("image", help_text=IMAGE_PANEL_HELP)], heading="Picture"),
        FieldPanel("body"),
        FieldPanel("featured"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("search_label"),
        index.SearchField("body"),
        index.FilterField("status"),
    ]

    parent_page_types = ["network.CampaignIndexPage"]
    subpage_types = ["network.CampaignUpdatePage"]

    class Meta:
        verbose_name = "campaign page"

    def get_social_image(self):
        return self.social_image or self.image

    def updates(self):
        return (
            CampaignUpdatePage.objects.child_of(self)
            .live()
            .filter(public_q())
            .order_by("-date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["updates"] = self.updates()
        # Only its feed URLs are shown: its type, without reading its own row.
        context["campaign_index"] = self.get_parent().specific_deferred
        context["sections"] = page_sections("campaign_page_sections", self, request)
        return context


class CampaignUpdatePage(SeoMixin, Page):
    page_description = _(
        "A dated piece of news about one campaign, shown on the campaign page and in its feed."
    )
    search_label = "Campaign update"

    date = models.DateField("update date", default=timezone.localdate)
    summary = models.TextField(max_length=500, help_text="Shown on the campaign page and in feeds.")
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("search_label"),
    ]

    parent_page_types = ["network.CampaignPage"]
    subpage_types = []

    class Meta:
        verbose_name = "campaign update"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        campaign = self.get_parent().specific
        context["campaign"] = campaign
        context["campaign_index"] = campaign.get_parent().specific
        return context
