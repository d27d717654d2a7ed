"""Blocks for the newsletter: they render inside an email as well as on the web.

Each block keeps to what email programs show reliably (tables, inline
styles, absolute links and pictures). The results block is a static table
of the ballot's *published* snapshot (``ballot.results``, which never reads
the live counters and withholds everything below K women), and a newsletter
freezes its whole body when it is sent, so every recipient and the web
version show the same figures.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from home.blocks import ImageBlock


class NewsletterTextBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        template = "blocks/newsletter_text_block.html"
        description = _("Paragraphs, lists and links")
        features = ["bold", "italic", "link", "ol", "ul", "h3"]


class NewsletterImageBlock(ImageBlock):
    """The site's image block (``home.blocks.ImageBlock``: the text alternative is
    the image's description), drawn for email."""

    class Meta:
        icon = "image"
        template = "blocks/newsletter_image_block.html"
        description = _("A picture with a caption; its description is the image's own")


class NewsletterPostsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default=_("From the blog"))
    posts = blocks.ListBlock(blocks.PageChooserBlock(page_type="blog.BlogPage"))

    class Meta:
        icon = "doc-full"
        template = "blocks/newsletter_pages_block.html"
        description = _("Blog posts, each with its summary and a link")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["pages"] = value["posts"]
        return context


class NewsletterUpdatesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default=_("Campaign news"))
    updates = blocks.ListBlock(blocks.PageChooserBlock(page_type="network.CampaignUpdatePage"))

    class Meta:
        icon = "date"
        template = "blocks/newsletter_pages_block.html"
        description = _("Campaign updates, each with its summary and a link")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["pages"] = value["updates"]
        return context


class NewsletterResultsBlock(blocks.StructBlock):
    ballot = blocks.PageChooserBlock(page_type="ballot.BallotPage")
    heading = blocks.CharBlock(max_length=120, default=_("Results so far"))

    class Meta:
        icon = "order"
        template = "blocks/newsletter_results_block.html"
        description = _(
            "A table of a ballot's published results, as they stand when the newsletter is sent"
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["results"] = published_results(value["ballot"])
        return context


def published_results(ballot_page):
    """The public results (published snapshot, small groups withheld), or None.

    None when the ballot is unpublished, behind a view restriction, or its
    own rule keeps results back (only after voting, or only after closing,
    while it is open): a newsletter goes to everyone, so it shows only what
    anyone may see on the site.
    """
    if ballot_page is None:
        return None
    from ballot.models import BallotPage
    from ballot.visibility import ResultsVisibility

    ballot = BallotPage.objects.live().public().filter(pk=ballot_page.pk).first()
    if ballot is None:
        return None
    if ballot.results_visibility != ResultsVisibility.ALWAYS and not ballot.has_closed():
        return None
    return ballot.results()


class NewsletterBodyBlock(blocks.StreamBlock):
    text = NewsletterTextBlock()
    image = NewsletterImageBlock()
    posts = NewsletterPostsBlock()
    campaign_updates = NewsletterUpdatesBlock()
    results = NewsletterResultsBlock()

    class Meta:
        template = "blocks/newsletter_body_block.html"
