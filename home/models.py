"""The home page, general content pages and the site-wide settings."""

from django.db import models
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from .blocks import DEFAULT_HELPLINES, BodyBlock, HelplinesBlock
from .cache import SECTIONS_TAG, kept_html, tag_request
from .images import IMAGE_PANEL_HELP, SiteImage, SiteRendition  # noqa: F401 (models here)
from .queries import fetch_renditions, route_by_url_path, unrestricted
from .seo import SeoMixin

# What the home page reads besides its own row: its pictures and its buttons' pages.
HOME_JOINS = ("hero_image", "social_image", "have_your_say_page", "join_page", "follow_page")
# The renditions templates/home/home_page.html and base.html (link previews) show.
HERO_SPECS = ("fill-800x600|format-webp", "fill-400x300|format-webp")
SOCIAL_SPEC = "fill-1200x630"


class HomePageQuerySet(PageQuerySet):
    """Home page rows come with HOME_JOINS (left outer joins) and whether a view
    restriction applies (``known_unrestricted``): serving the home page reads
    one row where it read four. Wagtail and treebeard lock a page's row with
    ``select_for_update()`` (adding a child, moving) and trim rows with
    ``only()``/``defer()``; there the joins go (PostgreSQL refuses FOR UPDATE
    on the nullable side of an outer join, and Django a deferred field that
    is also joined), the caller's own joins staying."""

    def _without_home_joins(self):
        clone = self._chain()
        joins = clone.query.select_related
        if isinstance(joins, dict):
            joins = {name: more for name, more in joins.items() if name not in HOME_JOINS}
            clone.query.select_related = joins or False
        return clone

    def select_for_update(self, *args, **kwargs):
        return PageQuerySet.select_for_update(self._without_home_joins(), *args, **kwargs)

    def only(self, *fields):
        return PageQuerySet.only(self._without_home_joins(), *fields)

    def defer(self, *fields):
        return PageQuerySet.defer(self._without_home_joins(), *fields)


class HomePageManager(PageManager.from_queryset(HomePageQuerySet)):
    def get_queryset(self):
        queryset = super().get_queryset().select_related(*HOME_JOINS)
        return queryset.annotate(known_unrestricted=unrestricted())


class HomePage(SeoMixin, Page):
    page_description = _(
        "The front page of the site: the big welcome, the ballot and joining buttons, and the "
        "latest posts and campaigns. There is only one."
    )
    hero_heading = models.CharField(max_length=120)
    hero_text = models.TextField(blank=True)
    hero_image = models.ForeignKey(
        "home.SiteImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    intro = models.TextField(blank=True)
    have_your_say_page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where the 'Have your say' button goes.",
    )
    join_page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where the 'Join the network' button goes.",
    )
    follow_page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where the 'Follow our updates' link goes (the blog, with its feeds).",
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image", help_text=IMAGE_PANEL_HELP),
            ],
            heading="Hero",
        ),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("have_your_say_page"),
                FieldPanel("join_page"),
                FieldPanel("follow_page"),
            ],
            heading="Calls to action",
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_text"),
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    objects = HomePageManager()

    def route(self, request, path_components):
        """Every public URL is routed from a home page: in two queries
        (home.queries.route_by_url_path) unless a page on the way has routes
        of its own that answer it."""
        routed = route_by_url_path(self, request, path_components) if path_components else None
        return routed or super().route(request, path_components)

    def get_social_image(self):
        return self.social_image or self.hero_image

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The renditions of every picture on the page in one query: the hero,
        # the link preview's and, when they are rendered, the sections'.
        images = [
            *((self.hero_image, spec) for spec in HERO_SPECS),
            (self.get_social_image(), SOCIAL_SPEC),
        ]

        def sections():
            """Sections (latest posts, featured campaigns) come from apps home
            may not import; each registers a provider (home/sections.py). The
            same for every visitor: rendered here once and kept
            (home.cache.kept_html)."""
            from .sections import page_sections

            found = page_sections("home_page_sections", self, request)
            fetch_renditions([*images, *(pair for s in found for pair in s.get("images", ()))])
            images.clear()
            return mark_safe(  # noqa: S308 - rendered templates, escaped there
                "".join(
                    render_to_string(s["template"], {"request": request, "section": s["context"]})
                    for s in found
                )
            )

        # Publishing any page may change a section, kept or not.
        tag_request(request, SECTIONS_TAG)
        context["sections_html"] = kept_html(request, "home-sections", (self.pk,), sections)
        fetch_renditions(images)
        return context


class StandardPage(SeoMixin, Page):
    """About, Get involved and any other page of text and pictures."""

    page_description = _(
        "An ordinary page of text, pictures and blocks: about us, privacy, accessibility, credits "
        "and similar."
    )

    intro = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]


# The pages site settings link to from the footer and from forms that ask
# for personal details; the labels live in templates/includes/footer.html.
LINKED_PAGES = ["privacy_page", "cookie_page", "accessibility_page", "credits_page"]


def _linked_page(help_text):
    return models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details, links, urgent help numbers and the quick exit, shown on every page."""

    # The header's logo comes with the settings (one query for both on every page).
    select_related = ["logo"]

    logo = models.ForeignKey(
        "home.SiteImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown in the header beside the site's name, on the dark purple band: a light "
            "or white logo, SVG or PNG, about three times as wide as it is tall."
        ),
    )
    organisation_name = models.CharField(max_length=200, default="Wish")
    charity_number = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    facebook_url = models.URLField(blank=True)
    x_url = models.URLField(blank=True, verbose_name="X (Twitter) URL")
    instagram_url = models.URLField(blank=True)
    youtube_url = models.URLField(blank=True)

    quick_exit_url = models.URLField(
        "quick exit page",
        default="https://www.bbc.co.uk/weather",
        help_text="Where the 'Leave this site' button goes: an everyday page that "
        "gives nothing away if someone looks at the screen.",
    )
    helplines = StreamField(
        HelplinesBlock(),
        blank=True,
        default=DEFAULT_HELPLINES,
        help_text="Shown as 'If you need help now' in the footer and on the ballot, "
        "thank-you and contact pages. Check the numbers still work once a year.",
    )
    donate_url = models.URLField(
        _("donation page"),
        blank=True,
        help_text=_(
            "The charity's own donation page. When set, a 'Donate' link appears in the "
            "header and footer. This site takes no payments itself."
        ),
    )
    donate_text = models.CharField(
        _("donate message"),
        max_length=200,
        blank=True,
        default="Your gift helps women's voices shape the services they use.",
        help_text=_("One sentence shown beside the Donate link in the footer."),
    )
    privacy_page = _linked_page("The privacy notice: linked from the footer and every form.")
    cookie_page = _linked_page("The cookie notice: linked from the footer.")
    accessibility_page = _linked_page("The accessibility statement: linked from the footer.")
    credits_page = _linked_page("Credits for pictures and other borrowed work.")

    panels = [
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("charity_number"),
                FieldPanel("email"),
                FieldPanel("phone"),
                FieldPanel("address"),
            ],
            heading="Contact details",
        ),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("x_url"),
                FieldPanel("instagram_url"),
                FieldPanel("youtube_url"),
            ],
            heading="Social media",
        ),
        MultiFieldPanel(
            [FieldPanel("donate_url"), FieldPanel("donate_text")],
            heading=_("Donations"),
        ),
        MultiFieldPanel(
            [FieldPanel("quick_exit_url"), FieldPanel("helplines")],
            heading="Safety",
        ),
        MultiFieldPanel(
            [PageChooserPanel(name) for name in LINKED_PAGES],
            heading="Privacy, cookies, accessibility and credits pages",
        ),
    ]

    class Meta:
        verbose_name = "Site settings"

    def __str__(self):
        return f"Site settings for {self.site}"

    def social_links(self):
        links = [
            ("Facebook", self.facebook_url),
            ("X (Twitter)", self.x_url),
            ("Instagram", self.instagram_url),
            ("YouTube", self.youtube_url),
        ]
        return [(label, url) for label, url in links if url]

    @cached_property
    def linked_pages(self):
        """The live pages chosen above, by field name, fetched in one query."""
        ids = {name: getattr(self, f"{name}_id") for name in LINKED_PAGES}
        pages = Page.objects.live().in_bulk([pk for pk in ids.values() if pk])
        return {name: pages[pk] for name, pk in ids.items() if pk in pages}


# The contact page lives in its own module; Django finds its models through here.
from .contact import ContactFormField, ContactPage  # noqa: E402
from .models_email import SentEmail  # noqa: E402 (home/email_once.py's record)

__all__ = [
    "ContactFormField",
    "ContactPage",
    "HomePage",
    "SentEmail",
    "SeoMixin",
    "SiteSettings",
    "StandardPage",
]


class TranslationReview(models.Model):
    """A translated page waiting for a native speaker (issue 12).

    The demo's translations, and any made by machine, are drafts: a row here
    says so in the admin ("Draft translations") until staff tick "checked".
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="translation_review"
    )
    checked = models.BooleanField(
        "checked by a native speaker",
        default=False,
        help_text="Tick when someone who speaks the language well has read the page.",
    )
    note = models.TextField(
        blank=True, default="Draft translation: to be checked by a native speaker."
    )

    panels = [FieldPanel("checked"), FieldPanel("note")]

    class Meta:
        verbose_name = "draft translation"

    def __str__(self):
        status = "checked" if self.checked else "draft translation: to be checked"
        return f"{self.page.title} ({self.page.locale.language_code}): {status}"

    @property
    def language(self):
        return self.page.locale.get_display_name()


def mark_new_translation(sender, instance, created, raw=False, **kwargs):
    """A page created as a translation of another starts as a draft
    translation, listed in "Draft translations" until staff tick "checked"."""
    if raw or not created or not isinstance(instance, Page):
        return
    others = Page.objects.filter(translation_key=instance.translation_key).exclude(pk=instance.pk)
    if others.exists():
        TranslationReview.objects.get_or_create(page_id=instance.pk)
