"""Partner pages: the network index and one page per partner organisation.

Kept apart from ``models.py`` (organisations, membership) so parallel work
on the app merges cleanly; ``models.py`` imports these classes.
"""

from django.core.paginator import Paginator
from django.core.validators import slug_unicode_re
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock
from home.cache import keep_listing
from home.images import IMAGE_PANEL_HELP
from home.queries import image_with_renditions, public_q
from home.sections import page_sections
from home.seo import SeoMixin

LOGO_SPEC = "max-240x120|format-webp"
PARTNERS_PER_PAGE = 24


class PartnerSectorTag(TaggedItemBase):
    content_object = ParentalKey(
        "network.PartnerPage", on_delete=models.CASCADE, related_name="tagged_sectors"
    )


class NetworkIndexPage(SeoMixin, Page):
    page_description = _("The list of partner organisations in the network. There is only one.")
    intro = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["network.PartnerPage"]

    class Meta:
        verbose_name = "network index page"

    def partners(self):
        return (
            PartnerPage.objects.child_of(self)
            .live()
            .filter(public_q())
            .select_related("logo")
            .prefetch_related(image_with_renditions("logo", LOGO_SPEC)[1], "sectors")
            .order_by("path")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        partners = self.partners()
        sector_slug = request.GET.get("sector", "").strip()[:100]
        # Only a slug can name a sector; anything else (a NUL byte would be a
        # database error on PostgreSQL) matches nothing, unread.
        is_slug = slug_unicode_re.match(sector_slug)
        sector = Tag.objects.filter(slug=sector_slug).first() if is_slug else None
        if sector_slug:
            partners = partners.filter(sectors=sector) if sector else partners.none()
        paginator = Paginator(partners, PARTNERS_PER_PAGE)
        # get_page: a missing or bad number gives page 1, one past the end the last page.
        page_obj = paginator.get_page(request.GET.get("page"))
        keep_listing(request, page_obj, {"sector": sector.slug if sector else None})
        context.update(
            page_obj=page_obj,
            partners=page_obj.object_list,
            sector=sector,
            sector_requested=bool(sector_slug),
            sectors=Tag.objects.filter(network_partnersectortag_items__content_object__live=True)
            .distinct()
            .order_by("name"),
        )
        return context


class PartnerPage(SeoMixin, Page):
    """A partner charity: one of the organisations, with a public page.

    The page title is the partner's full name.
    """

    page_description = _(
        "A page about one partner organisation: what they do, how to get in touch, their logo and "
        "their people's posts."
    )

    # What the site search calls this kind of page; also indexed, so "partner" finds it.
    search_label = "Partner"
    organisation = models.OneToOneField(
        "network.Organisation",
        null=True,
        on_delete=models.SET_NULL,
        related_name="partner_page",
        help_text="The organisation record (referral links, ballot channels) this page is about.",
    )
    short_name = models.CharField(max_length=60, blank=True, help_text="For example AVA.")
    summary = models.CharField(
        "one line", max_length=200, help_text="What they do, in one line, for the partner list."
    )
    logo = models.ForeignKey(
        "home.SiteImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name="what they do")
    sectors = ClusterTaggableManager(
        through=PartnerSectorTag,
        blank=True,
        verbose_name="sectors",
        help_text="For example criminal justice, housing, violence against women.",
    )
    website = models.URLField(blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    get_in_touch = models.TextField(
        "how to get in touch",
        blank=True,
        help_text="Who to contact about what, opening hours, referrals.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("organisation"),
        FieldPanel("short_name"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("logo", help_text=IMAGE_PANEL_HELP)], heading="Logo"),
        FieldPanel("body"),
        FieldPanel("sectors"),
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("get_in_touch"),
            ],
            heading="Getting in touch",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("short_name"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("search_label"),
    ]
    # One page per organisation: a copy starts without one.
    exclude_fields_in_copy = ["organisation"]

    parent_page_types = ["network.NetworkIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "partner page"

    def get_social_image(self):
        return self.social_image or self.logo

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = page_sections(
            "partner_page_sections",
            self,
            request,
            organisation=self.organisation,
        )
        return context
