"""Membership of the network: the join page, members, consent wording, leaver counts.

Kept apart from ``network/models.py`` (partners, campaigns) so the two can be
worked on separately; ``network/models.py`` imports everything here at its end,
which is where Django looks for the app's models.

Member data is personal data under UK GDPR. We collect little (name, email,
optional organisation and region, how they would like to help), record which
wording of each consent a member agreed to and when, and erase a member by
deleting the row: only monthly counts of leavers remain, which identify nobody.
"""

import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from .regions import Region

__all__ = [
    "ConsentText",
    "JoinInvolvementOption",
    "JoinPage",
    "LeaverTally",
    "Member",
    "normalise_email",
]

NAME_MAX_LENGTH = 150
EMAIL_MAX_LENGTH = 254
ORGANISATION_MAX_LENGTH = 200
INVOLVEMENT_LABEL_MAX_LENGTH = 120
CONSENT_WORDING_MAX_LENGTH = 1000

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


def normalise_email(address):
    """The form of an address we store and compare: no surrounding spaces, lower case.

    Strictly, the part before the @ may be case-sensitive; no real mail
    service treats it so, and treating ``Ann@X.org`` and ``ann@x.org`` as two
    people would let one person become two members.
    """
    return (address or "").strip().lower()


class ConsentText(models.Model):
    """One version of the wording a visitor agrees to when joining.

    A version never changes once made: to change the wording, staff add a new
    version, and the join form shows the newest. Each version is in one site
    language: the form in a language shows that language's newest version, or
    the newest English one when the language has none yet. Version numbers
    run on per kind across languages, so a number names one row. Each member
    keeps a link to the exact version (and so the language) they agreed to.
    """

    class Kind(models.TextChoices):
        MEMBERSHIP = "membership", "Joining the network"
        UPDATES = "updates", "Email updates"
        EXPERIENCE_QUOTE = "experience_quote", "Quoting a shared experience"

    DEFAULT_WORDING = {
        Kind.MEMBERSHIP: (
            "I want to join the Women's Mental Health Network. I agree that Wish, "
            "which leads the network, may keep my name, email address and the other "
            "details I give here to run the network, until I leave."
        ),
        Kind.UPDATES: (
            "Send me occasional email updates about the network's campaigns and how "
            "to take part. I can stop them at any time with the link in every email."
        ),
        Kind.EXPERIENCE_QUOTE: (
            "You may quote what I have written in the network's campaigns, reports and "
            "on this website, without my name and with anything that could identify me, "
            "other people or places taken out."
        ),
    }

    kind = models.CharField(max_length=20, choices=Kind.choices)
    language = models.CharField(
        max_length=15,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text="The join form in this language shows this wording.",
    )
    version = models.PositiveIntegerField(editable=False)
    wording = models.TextField(
        max_length=CONSENT_WORDING_MAX_LENGTH,
        help_text="Shown beside the tick box, exactly as written here.",
    )
    # Demo translations are drafts until a native speaker checks them; a
    # version never changes, so staff confirm one by adding it again unticked.
    draft_translation = models.BooleanField(
        default=False,
        help_text="Draft translation: to be checked by a native speaker.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = "consent wording"
        verbose_name_plural = "consent wording"
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="network_consent_kind_version")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.get_language_display()}, version {self.version}"

    def save(self, *args, **kwargs):
        if self.version is None:
            latest = (
                ConsentText.objects.filter(kind=self.kind).aggregate(models.Max("version"))[
                    "version__max"
                ]
                or 0
            )
            self.version = latest + 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls, kind, language=None):
        """The newest wording of ``kind`` in ``language`` (a settings.LANGUAGES
        code; None or unknown is English), else the newest English wording,
        made from the default if none exists yet."""
        english = settings.LANGUAGE_CODE
        newest = cls.objects.filter(kind=kind).order_by("-version")
        if language and language != english:
            text = newest.filter(language=language).first()
            if text is not None:
                return text
        text = newest.filter(language=english).first()
        if text is None:
            text = cls.objects.create(
                kind=kind, language=english, wording=cls.DEFAULT_WORDING[kind]
            )
        return text
        text = newest.filter(language=english).first()
        if text is None:
            text = cls.objects.create(
                kind=kind, language=english, wording=cls.DEFAULT_WORDING[kind]
            )
        return text


class MemberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Member.Status.CONFIRMED)

    def pending(self):
        return self.filter(status=Member.Status.PENDING)

    def mailing_list(self):
        """Confirmed members who agreed to email updates and have not withdrawn."""
        return self.confirmed().filter(wants_updates=True)


class Member(models.Model):
    """A person who asked to join. Only a confirmed member counts as a member."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for email confirmation"
        CONFIRMED = "confirmed", "Confirmed"

    # Random and unguessable: signed links carry this, never the row id.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    email = models.EmailField(max_length=EMAIL_MAX_LENGTH, help_text="Stored in lower case.")
    organisation = models.CharField(
        max_length=ORGANISATION_MAX_LENGTH, blank=True, help_text="As the member wrote it."
    )
    region = models.CharField(max_length=20, choices=Region.choices, blank=True, default="")
    involvement = models.JSONField(
        default=list,
        blank=True,
        help_text="The ways of getting involved the member ticked, as worded when they joined.",
    )
    # The site language the member joined in (a code from settings.LANGUAGES):
    # their emails are written in it. Personal data like the rest of the row,
    # so it goes with the row on erasure or the purge of unconfirmed sign-ups.
    language = models.CharField(
        max_length=15,
        blank=True,
        default="",
        help_text="The site language they joined in; their emails are in it.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    signed_up_at = models.DateTimeField(
        "signed up", default=timezone.now, help_text="When the latest sign-up form was sent."
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    membership_consent = models.ForeignKey(
        ConsentText, on_delete=models.PROTECT, related_name="+", editable=False
    )
    membership_consented_at = models.DateTimeField(editable=False)
    wants_updates = models.BooleanField(
        "email updates", default=False, help_text="Agreed to email updates and has not withdrawn."
    )
    updates_consent = models.ForeignKey(
        ConsentText,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    updates_consented_at = models.DateTimeField(null=True, blank=True, editable=False)
    updates_withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_up_at"]
        constraints = [
            # The form normalises addresses; this makes a second row for the
            # same address impossible even if something else writes one.
            models.UniqueConstraint(Lower("email"), name="network_member_email_ci_unique"),
        ]
        indexes = [models.Index(fields=["status", "signed_up_at"])]
        # Actions beyond the standard ones (see network/access.py).
        permissions = [
            ("export_member", "Can download member data and the mailing list"),
            ("erase_member", "Can erase a member's personal data"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED

    def get_wants_updates_display(self):
        return "Yes" if self.wants_updates else "No"

    def involvement_display(self):
        return "; ".join(self.involvement or [])

    involvement_display.short_description = "involvement"


class LeaverTally(models.Model):
    """How many people left, per month and route: counts only, no personal data.

    Erasing a member deletes their row; this keeps the network able to say
    "40 people left in March" without keeping anything about who they were.
    """

    class Reason(models.TextChoices):
        LEFT = "left", "Left through the website"
        ERASED = "erased", "Erased by staff"
        PURGED = "purged", "Never confirmed (deleted automatically)"

    month = models.DateField(help_text="First day of the month.")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-month", "reason"]
        verbose_name = "leaver count"
        verbose_name_plural = "leaver counts"
        constraints = [
            models.UniqueConstraint(fields=["month", "reason"], name="network_leaver_month_reason")
        ]

    def __str__(self):
        return f"{self.month:%B %Y}: {self.count} {self.get_reason_display().lower()}"

    @classmethod
    def record(cls, reason, count=1, when=None):
        if count <= 0:
            return
        month = (when or timezone.now()).date().replace(day=1)
        with transaction.atomic():
            tally, _ = cls.objects.get_or_create(month=month, reason=reason)
            cls.objects.filter(pk=tally.pk).update(count=F("count") + count)


class JoinPage(RoutablePageMixin, Page):
    """The "join the network" form. Staff edit its words and the involvement choices."""

    page_description = _(
        "The form visitors use to join the network as members, with the consent wording and what "
        "they would like to do."
    )

    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    privacy_text = RichTextField(
        "how we use your details",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Shown beside the form: what we keep, why, and how to leave.",
    )
    check_email_text = RichTextField(
        "'check your email' text",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Shown after the form is sent. The same words appear whoever signs up.",
    )
    confirmed_text = RichTextField(
        "welcome text",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Shown when someone confirms their email address and becomes a member.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("privacy_text"),
        InlinePanel(
            "involvement_options",
            heading="How would you like to be involved?",
            label="Choice",
            help_text="Each choice is a tick box on the form.",
        ),
        MultiFieldPanel(
            [FieldPanel("check_email_text"), FieldPanel("confirmed_text")],
            heading="After the form",
        ),
        HelpPanel(
            content=(
                "<p>The wording of the two consent tick boxes (joining, and email "
                "updates) is kept in versions under <b>Members &rsaquo; Consent "
                "wording</b>, so we can show which words each member agreed to.</p>"
                "<p>The form is protected by a hidden trap field for robots and a limit "
                "on sign-ups from one connection. "
                + (
                    "reCAPTCHA is on."
                    if settings.RECAPTCHA_ENABLED
                    else "reCAPTCHA is off, because the site's reCAPTCHA keys are not set."
                )
                + "</p>"
            ),
            heading="Consent and spam protection",
        ),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = "join page"

    def get_template(self, request, *args, **kwargs):
        return "network/membership/join_page.html"

    # The views are named by dotted path, as a URLconf names them, so this
    # model never imports the view layer (views import forms, forms import models).
    join_view = "network.membership.views.join_page_view"
    check_email_view = "network.membership.views.check_email_view"

    @path("")
    def index_route(self, request, *args, **kwargs):
        return import_string(self.join_view)(self, request)

    @path("check-your-email/")
    def check_email(self, request):
        return import_string(self.check_email_view)(self, request)


class JoinInvolvementOption(Orderable):
    page = ParentalKey(JoinPage, on_delete=models.CASCADE, related_name="involvement_options")
    label = models.CharField(max_length=INVOLVEMENT_LABEL_MAX_LENGTH)

    panels = [FieldPanel("label")]

    def __str__(self):
        return self.label
