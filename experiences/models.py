"""Experiences of services that women, workers and organisations share with the network.

``experiences`` uses ``network`` (the ten issues, consent wording, the
permission policy) and ``ballot`` (the small-number rule in
``ballot/suppression.py``), and ``home``; nothing imports it. Each record is
personal data: it is kept for EXPERIENCE_RETENTION_DAYS and then deleted by
``manage.py purge_experiences``. A visitor who stays anonymous leaves no name,
email or phone: the form drops them before anything is saved.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.models import Page
from wagtail.search import index

from home.seo import SeoMixin
from network.issues import Issue

STORY_MAX_LENGTH = 5000


class Who(models.TextChoices):
    WOMAN = "woman", _("A woman who used the service")
    WORKER = "worker", _("Someone who works or volunteers in services")
    ORGANISATION = "organisation", _("An organisation")


class Setting(models.TextChoices):
    PRISON = "prison", _("Prison")
    HOSPITAL = "hospital", _("Hospital")
    POLICE = "police", _("Police")
    HOUSING = "housing", _("Housing")
    SOCIAL_SERVICES = "social-services", _("Social services")
    DRUGS_ALCOHOL = "drugs-alcohol", _("Drugs and alcohol services")
    OTHER = "other", _("Another service")


NO_ISSUE = "none"
ISSUE_CHOICES = [*Issue.choices, (NO_ISSUE, _("None of these, or not sure"))]


class ExperienceQuerySet(models.QuerySet):
    def past_retention(self, days=None, now=None):
        days = settings.EXPERIENCE_RETENTION_DAYS if days is None else days
        return self.filter(created_at__lt=(now or timezone.now()) - timedelta(days=days))


class Experience(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        READ = "read", _("Read")
        QUOTED = "quoted", _("Quoted")
        CLOSED = "closed", _("Closed")

    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    who = models.CharField(_("written by"), max_length=20, choices=Who.choices)
    setting = models.CharField(_("service"), max_length=20, choices=Setting.choices)
    issue = models.CharField(_("issue"), max_length=40, choices=ISSUE_CHOICES, default=NO_ISSUE)
    story = models.TextField(_("experience"), max_length=STORY_MAX_LENGTH)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    may_quote = models.BooleanField(_("may be quoted, anonymised"), default=False)
    quote_consent = models.ForeignKey(
        "network.ConsentText",
        verbose_name=_("consent wording agreed to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    staff_note = models.TextField(_("staff note"), blank=True)

    objects = ExperienceQuerySet.as_manager()

    panels = [
        HelpPanel(
            content=_(
                "Only the status and your note can change. The experience itself is "
                "as the person wrote it."
            )
        ),
        FieldPanel("status"),
        FieldPanel("staff_note"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("shared experience")
        verbose_name_plural = _("shared experiences")

    def __str__(self):
        return f"{self.get_setting_display()}: {self.story[:60]}"


class ExperiencePage(SeoMixin, Page):
    """The "Share your experience" form, with the notice of who reads it and for how long."""

    page_description = _(
        'The "Share your experience" form, with who reads it and how long it is kept.'
    )

    intro = models.TextField(blank=True)
    thank_you_text = models.TextField(
        blank=True,
        default="Thank you for telling us. What you shared helps us show what must change.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("thank_you_text")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("share your experience page")

    # Served by experiences.views through the before_serve_page hook
    # (wagtail_hooks.py), so this module imports no views or forms. Wagtail's
    # preview does not pass through that hook and would show the page without
    # its form, so this page type has no preview.
    preview_modes = []
