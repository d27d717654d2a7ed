"""A ballot's options: what women choose from, one row per option per language."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable, TranslatableMixin

from ballot.models.audio import check_audio
from home.images import IMAGE_PANEL_HELP


class BallotOption(TranslatableMixin, Orderable):
    """One option; translatable, so every translation of a ballot has the same
    options (same ``translation_key``), kept in step by wagtail-localize."""

    page = ParentalKey("ballot.BallotPage", on_delete=models.CASCADE, related_name="options")
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
