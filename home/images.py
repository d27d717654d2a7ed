"""The site's image model: Wagtail's image with a caption, a credit and a licence.

The description (Wagtail's own field) is the text alternative, asked once,
when the picture is uploaded. The caption is shown under the picture, the
credit and licence under it too and on the credits page, so a photo taken
from an openly licensed collection is always attributed as its licence asks.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition

# For every page field that picks a picture: the text alternative is asked once,
# on the image itself, never again on each page.
IMAGE_PANEL_HELP = _(
    "The picture's description, written once when it is uploaded, is read out to people "
    "who cannot see it; its caption and credit are shown under it."
)


class SiteImage(AbstractImage):
    caption = models.CharField(
        _("caption"),
        max_length=250,
        blank=True,
        help_text=_("Shown under the picture wherever it appears. Optional."),
    )
    credit = models.CharField(
        _("credit"),
        max_length=250,
        blank=True,
        help_text=_(
            "Who made it and where it comes from, e.g. 'Photo by Jane Doe via Flickr'. "
            "Shown under the picture and on the credits page."
        ),
    )
    licence = models.CharField(
        _("licence"),
        max_length=120,
        blank=True,
        help_text=_("e.g. 'CC BY 2.0', or 'With permission' for a partner's own logo."),
    )
    source_url = models.URLField(
        _("source web address"),
        blank=True,
        help_text=_("Where the original is, if it came from the web (linked on the credits page)."),
    )

    admin_form_fields = (
        "title",
        "file",
        "description",
        "caption",
        "credit",
        "licence",
        "source_url",
        "collection",
        "tags",
        "focal_point_x",
        "focal_point_y",
        "focal_point_width",
        "focal_point_height",
    )

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    @property
    def credit_line(self):
        """'Photo by Jane Doe via Flickr (CC BY 2.0)', or whichever parts are known."""
        if self.credit and self.licence:
            return f"{self.credit} ({self.licence})"
        return self.credit or self.licence


class SiteRendition(AbstractRendition):
    image = models.ForeignKey(SiteImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
