"""What the page types share (all but the join page): link previews, and the one-query view
restriction check Wagtail makes before serving a page.

Kept out of ``home/models.py`` so page modules (the contact page here, blog and
network pages) can use it without importing the module that imports them.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageViewRestriction

from home.queries import view_restrictions


class SeoMixin(models.Model):
    """A picture for link previews on social media, shared by every page type."""

    social_image = models.ForeignKey(
        "home.SiteImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared on social media. "
        "Falls back to the page's main picture.",
    )

    promote_panels = [
        *Page.promote_panels,
        FieldPanel("social_image"),
    ]

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    def get_view_restrictions(self):
        """Wagtail's answer in one query (home.queries.view_restrictions): Wagtail
        asks it before serving every page, and every page type but the join page
        has this mixin. None, without a query, when routing has just read that
        no restriction applies (``known_unrestricted``, set by
        home.queries.route_by_url_path on the page it routed to)."""
        if getattr(self, "known_unrestricted", False):
            return PageViewRestriction.objects.none()
        return view_restrictions(self.path)

    def get_social_image(self):
        return self.social_image
