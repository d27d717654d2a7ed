"""The one block library every StreamField on the site uses.

Blocks from apps that ``home`` may not import (the ballot's voting form and
live results) join through ``settings.HOME_EXTRA_BLOCKS``, so adding one
changes one settings line rather than every page model.
"""

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from home.images import IMAGE_PANEL_HELP


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading"), ("h3", "Sub-heading")],
        default="h2",
        help_text="Use section headings for main parts of the page.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        description = "A heading that screen readers use to move around the page"


class RichTextBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        template = "blocks/rich_text_block.html"
        description = "Paragraphs, lists and links"
        features = ["bold", "italic", "link", "document-link", "ol", "ul", "h3"]


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        description = "A quotation with who said it"


class ImageBlock(blocks.StructBlock):
    """A picture in a page's body. Its text alternative is the image's own
    description, written once when it is uploaded (as for every picture field);
    the caption here, if any, replaces the image's caption for this use only."""

    image = ImageChooserBlock(help_text=IMAGE_PANEL_HELP)
    caption = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text=_("Shown under the picture here instead of its own caption. Optional."),
    )

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        description = "A picture with a caption; its description is the image's own"


class EmbedVideoBlock(EmbedBlock):
    class Meta:
        icon = "media"
        template = "blocks/embed_block.html"
        description = "A video or post from YouTube, Vimeo and similar sites"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False)
    button_text = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text="Used when no page is chosen.")

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"
        description = "A box that asks the reader to do one thing, with a button"


class KeyFactBlock(blocks.StructBlock):
    figure = blocks.CharBlock(max_length=20, help_text="For example 5,000 or 69%")
    label = blocks.CharBlock(max_length=160)

    class Meta:
        icon = "info-circle"
        description = _("One figure and what it counts")


class KeyFactsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    facts = blocks.ListBlock(KeyFactBlock())

    class Meta:
        icon = "list-ul"
        template = "blocks/key_facts_block.html"
        description = "A few figures that tell the story at a glance"


class ImageCreditsBlock(blocks.StructBlock):
    """Every picture on the site that has a credit, for the credits page: the
    list keeps itself up to date as staff upload pictures and fill in credits."""

    heading = blocks.CharBlock(required=False, max_length=120, default=_("Pictures on this site"))

    class Meta:
        icon = "image"
        template = "blocks/image_credits_block.html"
        description = _("A list of every picture's credit and licence, made from the images")

    def get_context(self, value, parent_context=None):
        from wagtail.images import get_image_model

        context = super().get_context(value, parent_context=parent_context)
        context["credited_images"] = (
            get_image_model()
            .objects.exclude(credit="", licence="")
            .only("title", "description", "credit", "licence", "source_url")
            .order_by("title", "pk")
        )
        return context


def extra_blocks():
    """Blocks other apps offer to every body, read from settings."""
    return [(name, import_string(path)()) for name, path in settings.HOME_EXTRA_BLOCKS]


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = RichTextBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    embed = EmbedVideoBlock()
    call_to_action = CallToActionBlock()
    key_facts = KeyFactsBlock()
    image_credits = ImageCreditsBlock()

    def __init__(self, local_blocks=None, **kwargs):
        super().__init__(local_blocks=[*(local_blocks or []), *extra_blocks()], **kwargs)

    class Meta:
        template = "blocks/body_block.html"


class HelplineBlock(blocks.StructBlock):
    """One number in the "If you need help now" list (site settings)."""

    name = blocks.CharBlock(max_length=80, help_text="Who answers, e.g. Samaritans.")
    number = blocks.CharBlock(
        max_length=40, help_text="As people dial it, e.g. 116 123. Shown as a link that calls it."
    )
    detail = blocks.CharBlock(
        max_length=200,
        required=False,
        help_text="When to call and anything to press, e.g. 'then choose option 2'.",
    )

    class Meta:
        icon = "mobile-alt"
        label = "Helpline"
        description = _("A number to call for help now, shown in the footer and on the ballot")


class HelplinesBlock(blocks.StreamBlock):
    helpline = HelplineBlock()


DEFAULT_HELPLINES = [
    (
        "helpline",
        {
            "name": "Police",
            "number": "999",
            "detail": "If you are in danger now. If you cannot talk, dial 999, "
            "then press 55 when asked.",
        },
    ),
    (
        "helpline",
        {
            "name": "Samaritans",
            "number": "116 123",
            "detail": "Free, day or night, if you are struggling or want to talk.",
        },
    ),
    (
        "helpline",
        {
            "name": "NHS",
            "number": "111",
            "detail": "Choose option 2 for urgent mental health help.",
        },
    ),
    (
        "helpline",
        {
            "name": "National Domestic Abuse Helpline",
            "number": "0808 2000 247",
            "detail": "Free, day or night, for women living with abuse.",
        },
    ),
]
