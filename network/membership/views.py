"""Public membership views: the join form (served by JoinPage) and the email links.

The link views live at fixed URLs (/membership/...) rather than under the
join page, so links already sent keep working even if staff move, rename or
unpublish the join page.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from home.ratelimit import client_key, hit_rate
from home.site_url import absolute

from ..models_membership import ConsentText, JoinPage, LeaverTally, Member
from . import services, tokens
from .forms import HONEYPOT_FIELD, JoinForm

TEMPLATES = "network/membership"


def current_consents():
    """The wording the form shows, in the request's language (English where
    that language has no version): the versions the member's record keeps."""
    language = translation.get_language()
    return {kind: ConsentText.current(kind, language) for kind in ConsentText.Kind.values}


def join_page_view(page, request):
    consents = current_consents()
    status = 200
    rate_limited = False
    if request.method == "POST":
        if not hit_rate("membership-join", client_key(request), settings.MEMBERSHIP_JOIN_RATE):
            rate_limited = True
            status = 429
            form = JoinForm(page=page, consents=consents)
        elif request.POST.get(HONEYPOT_FIELD):
            # Only robots fill the hidden field: they get the usual reply,
            # and nothing is stored or sent.
            return HttpResponseRedirect(check_email_url(page))
        else:
            form = JoinForm(request.POST, page=page, consents=consents)
            if form.is_valid():
                data = form.cleaned_data
                services.join(
                    name=data["name"],
                    email=data["email"],
                    organisation=data["organisation"],
                    region=data["region"],
                    involvement=form.involvement_labels(),
                    consents=consents,
                    wants_updates=bool(data["consent_updates"]),
                    base_url=absolute("/"),
                    language=translation.get_language(),
                )
                return HttpResponseRedirect(check_email_url(page))
            status = 400
    else:
        form = JoinForm(page=page, consents=consents)
    context = page.get_context(request)
    context.update({"form": form, "rate_limited": rate_limited, "honeypot_field": HONEYPOT_FIELD})
    return TemplateResponse(request, f"{TEMPLATES}/join_page.html", context, status=status)


def check_email_url(page):
    return page.url + page.reverse_subpage("check_email")


def check_email_view(page, request):
    context = page.get_context(request)
    context["confirm_days"] = max(1, settings.MEMBERSHIP_CONFIRM_MAX_AGE // 86400)
    return TemplateResponse(request, f"{TEMPLATES}/check_email.html", context)


def join_page_for_links():
    return JoinPage.objects.live().public().order_by("path").first()


def link_problem(request, expired=False):
    return render(
        request,
        f"{TEMPLATES}/link_problem.html",
        {
            "expired": expired,
            "join_page": join_page_for_links(),
            "confirm_days": max(1, settings.MEMBERSHIP_CONFIRM_MAX_AGE // 86400),
        },
        status=400,
    )


def member_from_token(token, purpose):
    """(member, None) or (None, "expired" | "invalid")."""
    try:
        key = tokens.read_token(token, purpose)
    except tokens.LinkExpired:
        return None, "expired"
    except tokens.LinkInvalid:
        return None, "invalid"
    member = Member.objects.filter(key=key).first()
    if member is None:
        # Left, erased or never confirmed and purged: the link is dead.
        return None, "invalid"
    return member, None


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button, POST confirms.

    Confirming on GET would let mail scanners that open every link confirm
    sign-ups nobody asked for; a consent must be a person's own action.
    """
    member, problem = member_from_token(token, tokens.CONFIRM)
    if problem:
        return link_problem(request, expired=problem == "expired")
    if member.is_confirmed:
        return render(request, f"{TEMPLATES}/confirmed.html", {"already": True, **_welcome()})
    if request.method == "POST":
        services.confirm(member)
        return HttpResponseRedirect(reverse("membership:confirmed"))
    return render(request, f"{TEMPLATES}/confirm.html", {"member": member})


def _welcome():
    page = join_page_for_links()
    return {"join_page": page, "welcome_text": page.confirmed_text if page else ""}


@require_http_methods(["GET"])
def confirmed(request):
    return render(request, f"{TEMPLATES}/confirmed.html", {"already": False, **_welcome()})


@csrf_exempt  # RFC 8058: mail programs POST here with no cookie or form token.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One click: following the link (or the mail program's POST) stops updates.

    Unlike confirming, stopping on GET is safe: a scanner opening the link can
    only ever send someone fewer emails. The signed token is the authority.
    """
    member, problem = member_from_token(token, tokens.UNSUBSCRIBE)
    if problem:
        return link_problem(request)
    services.unsubscribe(member)
    return render(
        request,
        f"{TEMPLATES}/unsubscribed.html",
        {"leave_url": reverse("membership:leave", args=[tokens.make_token(member, tokens.LEAVE)])},
    )


@require_http_methods(["GET", "POST"])
def leave(request, token):
    """GET explains what leaving erases; POST erases."""
    member, problem = member_from_token(token, tokens.LEAVE)
    if problem:
        return link_problem(request)
    if request.method == "POST":
        services.erase(member, LeaverTally.Reason.LEFT)
        return HttpResponseRedirect(reverse("membership:left"))
    return render(request, f"{TEMPLATES}/leave.html", {"member": member})


@require_http_methods(["GET"])
def left(request):
    return render(request, f"{TEMPLATES}/left.html", {"join_page": join_page_for_links()})
