"""The members' newsletter: written as a page, sent once to each person.

A ``NewsletterPage`` is the web version (a page under the newsletter index)
and the email. Sending makes one ``NewsletterSend`` (at most one per
newsletter: a OneToOne), which freezes the subject, the HTML body and the
plain text as they were at that moment; the task worker then mails every
recipient in batches. Each recipient is claimed first by a ``Delivery`` row,
unique per newsletter and person, so a rerun of the task (or two workers)
never mails anyone twice. A delivery row holds an HMAC of the address, never
the address: staff see sent and failed counts, and the rows carry no
personal data that would need erasing when a member leaves.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from home.seo import SeoMixin

from .blocks import NewsletterBodyBlock

__all__ = ["Delivery", "NewsletterIndexPage", "NewsletterPage", "NewsletterSend"]


class NewsletterIndexPage(SeoMixin, Page):
    page_description = _("Every newsletter sent, to read on the web.")

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["mailings.NewsletterPage"]

    class Meta:
        verbose_name = _("newsletter index page")

    def get_template(self, request, *args, **kwargs):
        return "mailings/newsletter_index_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["newsletters"] = (
            NewsletterPage.objects.child_of(self).live().public().order_by("-first_published_at")
        )
        return context


class NewsletterPage(SeoMixin, Page):
    page_description = _(
        "A members' newsletter: write it here, preview it as an email, then send it "
        "from Newsletters."
    )

    intro = models.TextField(
        blank=True, max_length=500, help_text=_("The first lines, also shown in listings.")
    )
    body = StreamField(NewsletterBodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        HelpPanel(
            content=_(
                "<p>Preview it as an email with the preview button (choose “As an email”). "
                "When it is published, use <b>Newsletters</b> in the menu to send a test to "
                "yourself, then send it to members who agreed to email updates and to "
                "followers who asked for the newsletter. It is sent once to each person.</p>"
            ),
            heading=_("Sending"),
        ),
    ]
    parent_page_types = ["mailings.NewsletterIndexPage"]
    subpage_types = []
    preview_modes = [("", _("As a web page")), ("email", _("As an email"))]

    class Meta:
        verbose_name = _("newsletter")

    def get_template(self, request, *args, **kwargs):
        return "mailings/newsletter_page.html"

    def serve_preview(self, request, mode_name):
        if mode_name == "email":
            from django.http import HttpResponse
            from django.utils.module_loading import import_string

            # Named by dotted path: models import no sending code (no import cycle).
            render = import_string("mailings.newsletter_sending.newsletter_email_html")
            return HttpResponse(render(self, unsubscribe_url="#unsubscribe"))
        return super().serve_preview(request, mode_name)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        send = NewsletterSend.objects.filter(newsletter=self).first()
        # Once sent, the web version is the body exactly as it was mailed.
        context["frozen_body"] = send.body_html if send else None
        return context


class NewsletterSend(models.Model):
    """The one sending of a newsletter, with its body frozen when it started."""

    newsletter = models.OneToOneField(NewsletterPage, on_delete=models.CASCADE, related_name="send")
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    subject = models.CharField(max_length=255)
    body_html = models.TextField()
    body_text = models.TextField()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("newsletter sending")

    def __str__(self):
        return str(self.newsletter)

    def counts(self):
        rows = dict(
            self.newsletter.deliveries.values_list("status")
            .annotate(n=models.Count("pk"))
            .values_list("status", "n")
        )
        return {status: rows.get(status, 0) for status in Delivery.Status.values}


class Delivery(models.Model):
    class Status(models.TextChoices):
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    newsletter = models.ForeignKey(
        NewsletterPage, on_delete=models.CASCADE, related_name="deliveries"
    )
    recipient = models.CharField(max_length=64, help_text=_("An HMAC of the address."))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SENDING)
    # The task run that claimed the row, as on SentItem (mailings/sending.py).
    claimed_by = models.CharField(max_length=64, blank=True, default="", editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "recipient"], name="mailings_newsletter_once"
            )
        ]
        verbose_name = _("newsletter delivery")
        verbose_name_plural = _("newsletter deliveries")

    def __str__(self):
        return f"{self.newsletter} ({self.get_status_display()})"
