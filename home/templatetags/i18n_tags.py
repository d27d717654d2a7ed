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
from wagtail.models import Locale, Page, Site

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


def _home_pages(request):
    """Live home pages by language code (the site root and its translations)."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {}
    homes = Page.objects.filter(translation_key=site.root_page.translation_key).live()
    return {home.locale.language_code: home for home in homes.select_related("locale")}


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per language in ``LANGUAGES``: code, name, lang, url,
    current, and whether the url is this page's own translation."""
    request = context.get("request")
    page = context.get("page")
    active = translation.get_language() or settings.LANGUAGE_CODE
    translations = {}
    if isinstance(page, Page) and page.pk:
        for other in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[other.locale.language_code] = other
    homes = None
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
            homes = _home_pages(request) if homes is None else homes
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
    return links


def _prefix(code):
    return "/" if code == settings.LANGUAGE_CODE else f"/{code}/"


@register.simple_tag
def locale_display_name(code):
    return Locale(language_code=code).get_display_name()
