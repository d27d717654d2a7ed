"""Public follow-by-email views: the form and the links in its emails."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from home.ratelimit import client_key, hit_rate

from . import services
from .forms import HONEYPOT_FIELD, FollowForm

TEMPLATES = "mailings"


def topic_choices():
    from blog.models import Category
    from network.campaigns import CampaignPage

    return {
        "categories": list(Category.objects.order_by("name")),
        "campaigns": list(CampaignPage.objects.live().public().order_by("path")),
    }


def initial_from(query):
    """?category=<slug> or ?campaign=<id> from a "Follow by email" link ticks that topic."""
    choices = topic_choices()
    initial = {}
    slug = query.get("category", "")
    ticked = [str(c.pk) for c in choices["categories"] if c.slug == slug]
    if ticked:
        initial["categories"] = ticked
    campaign = query.get("campaign", "")
    ticked = [str(c.pk) for c in choices["campaigns"] if str(c.pk) == campaign]
    if ticked:
        initial["campaigns"] = ticked
    if query.get("newsletter") == "1":
        initial["newsletter"] = True
    return choices, initial


@require_http_methods(["GET", "POST"])
def follow(request):
    status = 200
    rate_limited = False
    choices, initial = initial_from(request.GET)
    if request.method == "POST":
        if not hit_rate("follow", client_key(request), settings.FOLLOW_RATE):
            rate_limited, status = True, 429
            form = FollowForm(initial=initial, **choices)
        elif request.POST.get(HONEYPOT_FIELD):
            # Only robots fill the hidden field: the usual reply, nothing stored or sent.
            return HttpResponseRedirect(reverse("mailings:check_email"))
        else:
            form = FollowForm(request.POST, **choices)
            if form.is_valid():
                services.request_follow(
                    form.cleaned_data["email"],
                    form.requested(),
                    language=translation.get_language(),
                )
                return HttpResponseRedirect(reverse("mailings:check_email"))
            status = 400
    else:
        form = FollowForm(initial=initial, **choices)
    return render(
        request,
        f"{TEMPLATES}/follow.html",
        {"form": form, "rate_limited": rate_limited, "honeypot_field": HONEYPOT_FIELD},
        status=status,
    )


@require_http_methods(["GET"])
def check_email(request):
    return render(
        request, f"{TEMPLATES}/check_email.html", {"confirm_days": settings.FOLLOW_CONFIRM_DAYS}
    )


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button, POST confirms: a mail scanner opening the link confirms nothing."""
    follower, problem = services.follower_for_token(token)
    if problem:
        return render(
            request, f"{TEMPLATES}/link_problem.html", {"expired": problem == "expired"}, status=400
        )
    if request.method == "POST":
        services.confirm(follower)
        return render(request, f"{TEMPLATES}/confirmed.html", {"follower": follower})
    return render(request, f"{TEMPLATES}/confirm.html", {"follower": follower})


@csrf_exempt  # RFC 8058: mail programs POST here with no cookie or form token.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One click (the link, or the mail program's POST) stops every email to this follower."""
    follower = services.follower_for_unsubscribe(token)
    if follower is None:
        return render(request, f"{TEMPLATES}/link_problem.html", {"expired": False}, status=400)
    services.unsubscribe(follower)
    return render(request, f"{TEMPLATES}/unsubscribed.html")
