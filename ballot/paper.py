"""Code cards: a QR code per card that opens the ballot in the card's language with
the code filled in.

Why the code travels in the fragment (``#code=ACDE-3479``) and not the query:
a fragment is never sent to the server, so it is in no access log, proxy or CDN
log and no Referer, and ballot.js removes it from the address bar (and so from
the history of a shared phone) as soon as it has filled the field. Without
JavaScript the fragment does nothing and the woman types the code printed under
the QR; a link with ``?code=`` (for a partner's own system) also fills the field,
and our logs drop every query string (ops/logging.py).
"""

import segno
from django.utils import translation
from wagtail.models import Locale

# Quiet zone of 4 modules (the QR standard's), level M: survives a crease or a smudge.
QR_ERROR = "m"
QR_BORDER = 4


def ballot_in_language(ballot, language_code):
    """The ballot's translation in that language (the ballot itself if it has none)."""
    locale = Locale.objects.filter(language_code__iexact=language_code).first()
    if locale is None or locale.pk == ballot.locale_id:
        return ballot
    return (ballot.get_translation_or_none(locale) or ballot).specific


def ballot_url(ballot, language_code, request=None):
    """The full address of the ballot in that language (with its language prefix
    once URLs carry one)."""
    page = ballot_in_language(ballot, language_code)
    with translation.override(language_code):
        return page.get_full_url(request)


def code_link(url, code):
    return f"{url}#code={code}"


def qr_svg(link, label):
    """An inline SVG of the QR code, sized by CSS, black on white."""
    return segno.make(link, error=QR_ERROR).svg_inline(
        scale=1, border=QR_BORDER, omitsize=True, dark="#000", light="#fff", title=label
    )


def code_cards(ballot, codes, language_code, request=None):
    """One dict per card: the code, its link and the QR code of the link."""
    url = ballot_url(ballot, language_code, request)
    cards = []
    for code in codes:
        link = code_link(url, code)
        cards.append({"code": code, "link": link, "qr": qr_svg(link, code)})
    return url, cards
