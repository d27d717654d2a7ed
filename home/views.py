"""Small site-wide views: search, robots.txt and favicon."""

import re

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Page

SEARCH_PAGE_SIZE = 10
MAX_QUERY_LENGTH = 200


def clean_query(raw):
    """The query as the visitor typed it, minus control characters, for display."""
    return "".join(ch for ch in raw if ch.isprintable()).strip()[:MAX_QUERY_LENGTH]


def search_terms(query):
    """Plain words only: quotes and operators are full-text syntax on SQLite and
    PostgreSQL, and a stray one would be a database error instead of a search."""
    return " ".join(re.findall(r"\w+", query))


@require_GET
def search(request):
    query = clean_query(request.GET.get("q", ""))
    results = Page.objects.none()
    terms = search_terms(query)
    if terms:
        results = Page.objects.live().public().specific().search(terms)
    paginator = Paginator(results, SEARCH_PAGE_SIZE)
    try:
        page_of_results = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_of_results = paginator.page(1)
    except EmptyPage:
        page_of_results = paginator.page(paginator.num_pages)
    return render(
        request,
        "search/search.html",
        {"search_query": query, "search_results": page_of_results},
    )


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def favicon(request):
    return redirect(static("img/favicon.svg"), permanent=True)
