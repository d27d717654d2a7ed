"""Staff tools: followers, what was sent to them and when, and newsletter sending.

Every view asks the one permission policy (network/access.py): followers and
their sent log are personal data (Membership officer); sending a newsletter
is Communications' job.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup

from network import access
from network.access_admin import PolicyModelAdmin

from .models import Follower, NewsletterPage, NewsletterSend, SentItem
from .newsletter_sending import send_newsletter_test, start_newsletter


class FollowerAdmin(PolicyModelAdmin, ModelAdmin):
    model = Follower
    menu_label = _("Followers")
    menu_icon = "mail"
    list_display = ("email", "status", "frequency", "topics_display", "newsletter", "confirmed_at")
    list_filter = ("status", "frequency", "newsletter")
    search_fields = ("email",)
    inspect_view_enabled = True
    inspect_view_fields = [
        "email",
        "status",
        "frequency",
        "everything",
        "newsletter",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
        "last_digest_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("categories", "campaigns")


class SentItemAdmin(PolicyModelAdmin, ModelAdmin):
    model = SentItem
    menu_label = _("Sent to followers")
    menu_icon = "list-ul"
    list_display = ("created_at", "sent_at", "status", "digest", "page", "follower")
    list_filter = ("status", "digest")
    search_fields = ("follower__email", "page__title")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("follower", "page")


class FollowAdminGroup(ModelAdminGroup):
    menu_label = _("Follow by email")
    menu_icon = "mail"
    menu_order = 315
    items = (FollowerAdmin, SentItemAdmin)


def newsletters_view(request):
    """Every newsletter: not sent, or sent with its sent and failed counts; test and send."""
    access.require(request.user, "view", NewsletterSend)
    pages = NewsletterPage.objects.order_by("-latest_revision_created_at", "-pk")
    sends = {s.newsletter_id: s for s in NewsletterSend.objects.all()}
    rows = []
    for page in pages:
        send = sends.get(page.pk)
        rows.append({"page": page, "send": send, "counts": send.counts() if send else None})
    return TemplateResponse(
        request,
        "mailings/admin/newsletters.html",
        {
            "rows": rows,
            "can_send": access.can(request.user, "send", NewsletterSend),
            "can_test": access.can(request.user, "test", NewsletterSend),
        },
    )


def _newsletter(page_id):
    return get_object_or_404(NewsletterPage, pk=page_id)


def newsletter_test_view(request, page_id):
    access.require(request.user, "test", NewsletterSend)
    if request.method != "POST":
        raise Http404
    page = _newsletter(page_id)
    if not request.user.email:
        messages.error(request, _("Your account has no email address: add one in your account."))
    else:
        send_newsletter_test.enqueue(page.pk, request.user.email)
        messages.success(
            request, _("A test copy is on its way to %(email)s.") % {"email": request.user.email}
        )
    return HttpResponseRedirect(reverse("mailings_newsletters"))


def newsletter_send_view(request, page_id):
    """GET asks "are you sure?", POST starts the one sending of this newsletter."""
    access.require(request.user, "send", NewsletterSend)
    page = _newsletter(page_id)
    if request.method == "POST":
        if not page.live:
            messages.error(request, _("Publish the newsletter first: the email links to it."))
        else:
            _send, created = start_newsletter(page, request.user)
            if created:
                messages.success(request, _("Sending has started."))
            else:
                messages.warning(request, _("This newsletter has already been sent."))
        return HttpResponseRedirect(reverse("mailings_newsletters"))
    return TemplateResponse(request, "mailings/admin/newsletter_send.html", {"page": page})
