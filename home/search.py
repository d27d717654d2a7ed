"""Site search: any-word matching through Wagtail's search backend, each hit
labelled with its kind, date and a short summary, and a suggestion when nothing
matched.

Ranking, stemming and accent folding are the backend's work (see
WAGTAILSEARCH_BACKENDS in config/settings/base.py and home's 0005 migration);
this module only decides what is asked and how a hit is described. It imports
no other app: a page type names its own kind with a ``search_label`` attribute.
"""

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.text import Truncator
from django.utils.translation import get_language
from wagtail.models import Locale, Page

MAX_QUERY_LENGTH = 200
SUMMARY_WORDS = 30
DEFAULT_LABEL = "Page"
# Fields a summary may come from, first found wins.
SUMMARY_FIELDS = ("search_description", "summary", "intro", "question", "hero_text")


def clean_query(raw):
    """The query as the visitor typed it, minus control characters, for display."""
    return "".join(ch for ch in raw if ch.isprintable()).strip()[:MAX_QUERY_LENGTH]


def search_terms(query):
    """Plain words only: quotes and operators are full-text syntax on SQLite and
    PostgreSQL, and a stray one would be a database error instead of a search."""
    return " ".join(re.findall(r"\w+", query))


def search_pages(terms):
    """Live public pages matching any of the words, best match first.

    "Any word" (operator "or") so that "housing advice" finds a page about
    housing that never says advice; the backend ranks pages matching more of
    the words, and in their titles, above the rest.
    """
    if not terms:
        return Page.objects.none()
    # Pages in the visitor's language only (issue 12): one hit per page, not seven.
    return (
        Page.objects.live()
        .public()
        .filter(locale=Locale.get_active())
        .specific()
        .search(terms, operator="or")
    )


@dataclass(frozen=True)
class Hit:
    page: Page
    label: str
    date: date | None
    summary: str


def describe(page):
    """What the results list says about one page."""
    when = getattr(page, "date", None) or page.last_published_at
    if isinstance(when, datetime):
        when = when.date()
    summary = ""
    for field in SUMMARY_FIELDS:
        text = getattr(page, field, "")
        if isinstance(text, str) and text.strip():
            summary = Truncator(text.strip()).words(SUMMARY_WORDS)
            break
    return Hit(
        page=page,
        label=getattr(page, "search_label", DEFAULT_LABEL),
        date=when,
        summary=summary,
    )


def suggest(terms):
    """A nearby spelling made of words from page titles, or "" when none is
    closer than the words typed (one query over the titles of live pages)."""
    words = terms.lower().split()
    if not words:
        return ""
    vocabulary = set()
    titles = (
        Page.objects.live()
        .public()
        .filter(depth__gt=1, locale__language_code=get_language())
        .values_list("title", flat=True)
    )
    for title in titles:
        vocabulary.update(re.findall(r"\w+", title.lower()))
    suggestion = []
    for word in words:
        if word in vocabulary:
            suggestion.append(word)
            continue
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
        suggestion.append(close[0] if close else word)
    return " ".join(suggestion) if suggestion != words else ""
