"""Small site-wide views: search, robots.txt and favicon."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .search import clean_query, describe, search_pages, search_terms, suggest
from .site_url import absolute

SEARCH_PAGE_SIZE = 10


@require_GET
def search(request):
    query = clean_query(request.GET.get("q", ""))
    terms = search_terms(query)
    paginator = Paginator(search_pages(terms), SEARCH_PAGE_SIZE)
    # get_page: a missing or bad number gives page 1, one past the end the last page.
    page_of_results = paginator.get_page(request.GET.get("page"))
    hits = [describe(page) for page in page_of_results]
    return render(
        request,
        "search/search.html",
        {
            "search_query": query,
            "search_results": page_of_results,
            "hits": hits,
            "suggestion": suggest(terms) if terms and not hits else "",
        },
    )


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /search/",
        # The same search in every other language (/cy/search/, /ur/search/, ...).
        *(f"Disallow: /{code}/search/" for code, _ in settings.LANGUAGES[1:]),
        f"Sitemap: {absolute('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def favicon(request):
    return redirect(static("img/favicon.svg"), permanent=True)
