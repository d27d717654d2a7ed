"""Followers (follow by email) and what each one was sent.

A follower is an email address that asked for new blog posts and campaign
updates, immediately or as a weekly digest, on the topics they chose. Anyone
may follow through a light double opt-in: the address only, then a
confirmation link. The link carries a random token; only its SHA-256 is
stored, so a copy of the database cannot confirm anybody.

``SentItem`` is the delivery record: one row per follower and page, made
*before* the email is sent, under a unique constraint. A task that runs twice
finds the row and sends nothing, so a post is never mailed twice to one
person. The newsletter's own pages and delivery rows are in
``mailings/newsletter.py`` (imported at the end of this module).
"""

import uuid

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["Follower", "SentItem"]

EMAIL_MAX_LENGTH = 254


class FollowerQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Follower.Status.CONFIRMED)


class Follower(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Following")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("As soon as something is published")
        WEEKLY = "weekly", _("A weekly digest")

    # Random and unguessable: unsubscribe links carry this, never the row id.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(max_length=EMAIL_MAX_LENGTH)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    frequency = models.CharField(
        max_length=20, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    everything = models.BooleanField(
        _("all posts and campaign updates"),
        default=False,
        help_text=_("Follows every new post and update, whatever its topic."),
    )
    categories = models.ManyToManyField("blog.Category", blank=True, related_name="+")
    campaigns = models.ManyToManyField("network.CampaignPage", blank=True, related_name="+")
    newsletter = models.BooleanField(_("newsletter"), default=False)
    # The site language of the latest form: the emails are written in it. Goes
    # with the row (erasure, unsubscribe purge) like the address itself.
    language = models.CharField(
        max_length=15,
        blank=True,
        default="",
        help_text=_("The site language of their latest form; their emails are in it."),
    )
    # What the latest form asked for, applied only when its link is followed:
    # an unconfirmed form never changes what a confirmed follower receives.
    requested = models.JSONField(default=dict, blank=True, editable=False)
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    token_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    unsubscribed_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = FollowerQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="mailings_follower_email_ci_unique")
        ]
        indexes = [models.Index(fields=["status", "frequency"])]
        verbose_name = _("follower")

    def __str__(self):
        return self.email

    def topics_display(self):
        if self.everything:
            return str(_("Everything"))
        names = [c.name for c in self.categories.all()] + [c.title for c in self.campaigns.all()]
        return "; ".join(names) or "-"

    topics_display.short_description = _("topics")


class SentItem(models.Model):
    """One page (post or campaign update) mailed to one follower: made before sending."""

    class Status(models.TextChoices):
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    follower = models.ForeignKey(Follower, on_delete=models.CASCADE, related_name="sent_items")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    digest = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SENDING)
    # The task run that claimed the row (its id): a rerun of that task after a
    # killed worker sends the rows it left "sending" (mailings/sending.py).
    claimed_by = models.CharField(max_length=64, blank=True, default="", editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["follower", "page"], name="mailings_sent_once")
        ]
        verbose_name = _("email sent to a follower")
        verbose_name_plural = _("emails sent to followers")

    def __str__(self):
        return f"{self.page} → {self.follower}"


from .newsletter import *  # noqa: E402,F403
