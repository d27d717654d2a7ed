"""Serving the "Share your experience" page: the form, its limits, and the thanks."""

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from home.ratelimit import client_key, hit_rate

from .forms import ExperienceForm, current_quote_consent

TEMPLATE = "experiences/experience_page.html"
THANKS_TEMPLATE = "experiences/experience_thanks.html"


def retention_notice():
    days = settings.EXPERIENCE_RETENTION_DAYS
    return {"retention_days": days, "retention_months": max(1, round(days / 30.4))}


def serve_experience_page(page, request):
    consent = current_quote_consent()
    context = {**page.get_context(request), **retention_notice()}
    status = 200
    if request.method == "POST":
        form = ExperienceForm(request.POST, consent=consent)
        # Count first, then decide (home/ratelimit.py): a flood is refused
        # before the form is even read.
        if not hit_rate("experience-form", client_key(request), settings.EXPERIENCE_FORM_RATE):
            context.update(form=form, rate_limited=True)
            status = 429
        elif form.is_valid():
            form.save()
            response = TemplateResponse(request, THANKS_TEMPLATE, context)
            add_never_cache_headers(response)
            return response
        else:
            context["form"] = form
            status = 400
    elif request.method in ("GET", "HEAD"):
        context["form"] = ExperienceForm(consent=consent)
    else:
        context["form"] = ExperienceForm(consent=consent)
        status = 405
    response = TemplateResponse(request, TEMPLATE, context, status=status)
    # What someone typed must not stay in a shared computer's cache.
    add_never_cache_headers(response)
    return response
