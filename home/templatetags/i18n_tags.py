"""The language switcher, ``<html lang dir>`` and ``hreflang`` links (issue 12).

One place decides where each language's link goes: to this page's live
translation when there is one, otherwise to that language's home page (or,
without one, the site root under the language's prefix). Plain links, so it
works without JavaScript.
"""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Locale, Page

from home.chrome import page_chrome

register = template.Library()


def html_lang(code):
    """``en-gb`` -> ``en-GB`` (BCP 47 as written in ``lang`` and ``hreflang``)."""
    return translation.to_locale(code).replace("_", "-")


@register.simple_tag(takes_context=True)
def current_language_attrs(context):
    """(lang, dir) of the active language, for ``<html>``."""
    code = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "lang": html_lang(code),
        "dir": "rtl" if translation.get_language_bidi() else "ltr",
    }


def _live_translations(request, page):
    """Live translations of ``page`` and of the site's home page, by
    language code, read with the frame's other pages (home/chrome.py):
    ({code: page}, {code: home})."""
    if request is None:
        return {}, {}
    chrome = page_chrome(request, page)
    return chrome.translations, chrome.homes


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per language in ``LANGUAGES``: code, name, lang, url,
    current, and whether the url is this page's own translation. Worked out
    once per request and page (the switcher and the hreflang links share it)."""
    request = context.get("request")
    page = context.get("page")
    if not isinstance(page, Page) or not page.pk:
        page = None
    cache_key = ("language_links", page.pk if page else None)
    cached = getattr(request, "_language_links", {}) if request is not None else {}
    if cache_key in cached:
        return cached[cache_key]
    active = translation.get_language() or settings.LANGUAGE_CODE
    translations, homes = _live_translations(request, page)
    links = []
    for code, name in settings.LANGUAGES:
        target = translations.get(code)
        url = None
        if target is not None:
            url = target.get_url(request)
        elif page is None and request is not None:
            # A Django view (search, membership): the same address in that language.
            candidate = translate_url(request.path, code)
            url = candidate if candidate != request.path or code == active else None
        if url is None:
            home = homes.get(code)
            url = home.get_url(request) if home is not None else _prefix(code)
        links.append(
            {
                "code": code,
                "name": name,
                "lang": html_lang(code),
                "url": url,
                "full_url": request.build_absolute_uri(url) if request is not None else url,
                "current": code == active,
                "translated": target is not None,
            }
        )
    if request is not None:
        request._language_links = {**cached, cache_key: links}
    return links


def _prefix(code):
    return "/" if code == settings.LANGUAGE_CODE else f"/{code}/"


@register.simple_tag
def locale_display_name(code):
    return Locale(language_code=code).get_display_name()
