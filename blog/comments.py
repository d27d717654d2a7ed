"""Comments on blog posts, pre-moderated: nothing is shown until staff approve it.

A reader gives a name (or stays "Anonymous"), an optional email address that is
never shown (only so staff can reply privately), and the comment. The form has
the contact form's guards: a hidden trap field, a rate limit per connection
(home/ratelimit.py) and reCAPTCHA when keys are set. Phone numbers and email
addresses in the text are flagged for the moderator, who may be looking at
someone's personal details posted by mistake. Staff replies are marked.

Why a small model rather than django-comments-xtd: see the README ("Comments").
Retention: ``purge_comments`` deletes rejected and never-moderated comments
after COMMENT_RETENTION_DAYS and removes the email address from approved ones.
Imported at the end of ``blog/models.py``.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NAME_MAX_LENGTH = 80
BODY_MAX_LENGTH = 3000

PHONE_RE = re.compile(r"(?<!\w)\+?\d(?:[\s().-]*\d){8,}")
EMAIL_RE = re.compile(r"[\w.+-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)


def find_flags(text):
    """What a moderator should look at twice: ``["phone", "email"]`` or fewer."""
    flags = []
    if PHONE_RE.search(text or ""):
        flags.append("phone")
    if EMAIL_RE.search(text or ""):
        flags.append("email")
    return flags


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def waiting(self):
        return self.filter(status=Comment.Status.PENDING)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    post = models.ForeignKey("blog.BlogPage", on_delete=models.CASCADE, related_name="comments")
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH, blank=True)
    email = models.EmailField(_("email (never shown)"), blank=True)
    body = models.TextField(_("comment"), max_length=BODY_MAX_LENGTH)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    flags = models.JSONField(default=list, blank=True, editable=False)
    by_staff = models.BooleanField(_("reply from staff"), default=False, editable=False)
    moderator_note = models.TextField(_("moderator's note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["post", "status", "created_at"])]
        verbose_name = _("comment")

    def __str__(self):
        return f"{self.display_name}: {self.body[:40]}"

    def save(self, *args, **kwargs):
        self.flags = find_flags(self.body)
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        return self.name or str(_("Anonymous"))

    def flags_display(self):
        words = {"phone": _("phone number"), "email": _("email address")}
        return ", ".join(str(words[f]) for f in self.flags) or "-"

    flags_display.short_description = _("flagged")

    def excerpt(self):
        return self.body[:120] + ("…" if len(self.body) > 120 else "")

    excerpt.short_description = _("comment")


def purge_comments(now=None):
    """Delete old rejected and unmoderated comments; drop old commenters' email addresses."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.COMMENT_RETENTION_DAYS)
    old = Comment.objects.filter(created_at__lt=cutoff)
    deleted, _rows = old.exclude(status=Comment.Status.APPROVED).delete()
    cleared = old.filter(status=Comment.Status.APPROVED).exclude(email="").update(email="")
    return deleted, cleared
