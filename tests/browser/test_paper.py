"""Issue 12, item 4: paper that works with a pen, printed to PDF by chromium.

The PDFs are read back with pdfminer.six (text sizes and positions, drawn boxes)
and pypdfium2 + zxing-cpp (the QR codes, decoded from the printed page itself).
Two languages: English, and Welsh with the ballot's locale set to Welsh and
longer words (the site's Welsh strings arrive with the i18n work; the layout must
hold whatever the words are).
"""

import io
import time
import unicodedata

import pypdfium2
import pytest
import zxingcpp
from django.test import Client, RequestFactory
from django.utils import translation
from django.utils.translation import ngettext
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTContainer, LTLine, LTRect
from playwright.sync_api import expect

MM = 72 / 25.4
PAPER = "/have-your-say/paper/"
WELSH_TEXT = (
    "Mae angen i fenywod gael cymorth iechyd meddwl sy'n deall trawma, "
    "gwasanaethau cwnsela i fenywod yn unig, a chartrefi diogel."
)


def objects(layout):
    yield layout
    if isinstance(layout, LTContainer):
        for child in layout:
            yield from objects(child)


def squash(text):
    """Text without spaces or line ends: a PDF line break drops the space it replaced."""
    return "".join(unicodedata.normalize("NFKC", text).split())  # and "ﬁ" is "fi"


def read_pdf(data):
    return list(extract_pages(io.BytesIO(data)))


def wait_for_images(page, timeout=10.0):
    end = time.monotonic() + timeout
    script = "[...document.images].every(i => i.complete && i.naturalWidth > 0)"
    while not page.evaluate(script):
        assert time.monotonic() < end, "pictures did not load"
        page.wait_for_timeout(50)


def print_html(page, origin_url, html):
    """Print our HTML as chromium would, with the site's static files reachable."""
    page.goto(origin_url)
    page.set_content(html)
    wait_for_images(page)
    page.emulate_media(media="print")
    return page.pdf(prefer_css_page_size=True, print_background=True)


def make_welsh(ballot):
    """The demo's Welsh translation of the ballot, its options given long Welsh words."""
    from ballot.models import BallotPage

    welsh = BallotPage.objects.get(
        translation_key=ballot.translation_key, locale__language_code="cy"
    )
    for option in welsh.options.all():
        option.easy_read_text = f"{option.title}. {WELSH_TEXT}"  # one of a kind per issue
        option.plain_title = "Gwasanaethau iechyd meddwl i fenywod"
        option.save()
    return welsh


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_paper_ballot_prints_big_with_a_picture_and_a_box_per_issue(
    demo_site, live_server, page, language
):
    from ballot.models import BallotPage

    ballot = BallotPage.objects.get(slug="have-your-say", locale__language_code="en-gb")
    if language == "cy":
        ballot = make_welsh(ballot)
    with translation.override(language):
        html = Client().get(f"{ballot.url}paper/").content.decode()
    assert f'class="container container--narrow paper" lang="{language}"' in html
    pdf = print_html(page, live_server.url + PAPER, html)
    pages = read_pdf(pdf)

    # As many pages as it needs; every issue on one page, whole.
    assert 2 <= len(pages) <= 8
    texts = ["".join(o.get_text() for o in objects(p) if isinstance(o, LTChar)) for p in pages]
    everything = "".join(texts)
    with translation.override(language):  # the rule in the paper's own language
        rule = ngettext(
            "Tick %(n)s box only. If you tick more, we cannot count it.",
            "Tick %(n)s boxes only. If you tick more, we cannot count it.",
            ballot.choices_required,
        ) % {"n": ballot.choices_required}
    assert squash(rule) in squash(everything)
    assert squash(rule)[:15] in squash(texts[0])  # the rule comes before the issues
    for option in ballot.options.filter(hidden=False):
        words = squash(option.easy_read_text)
        holding = [i for i, t in enumerate(texts) if words in squash(t)]
        assert len(holding) == 1, option.title  # not split over two pages
        assert squash(option.title) in squash(texts[holding[0]])

    # Every letter 14 pt or more.
    sizes = [
        o.size for p in pages for o in objects(p) if isinstance(o, LTChar) and o.get_text().strip()
    ]
    assert sizes and min(sizes) >= 14 - 0.05, min(sizes)

    # Tick boxes, measured along the middle of their line (the size of a rectangle in
    # a PDF), so smaller than drawn: 8 mm or more, 10 mm or more for the issues
    # (11 mm and 9 mm in paper.css), one per issue and per about-you answer.
    from ballot.models.votes import AGE_BANDS, REGIONS, SERVICES

    boxes = [
        o
        for p in pages
        for o in objects(p)
        if isinstance(o, LTRect) and o.stroke and abs(o.width - o.height) < 1 and o.width > 15
    ]
    sizes = [b.width for b in boxes]
    assert len(boxes) == 10 + len(AGE_BANDS) + len(REGIONS) + len(SERVICES)
    assert min(sizes) >= 8 * MM
    assert len([size for size in sizes if size >= 10 * MM]) == 10

    # Inside the page's margins.
    for p in pages:
        for o in objects(p):
            if isinstance(o, LTChar):
                assert o.x0 >= 10 * MM and o.x1 <= p.width - 10 * MM

    # The picture beside each issue, as printed.
    page.emulate_media(media="print")
    rows = page.locator(".paper__option")
    expect(rows).to_have_count(10)
    for i in range(10):
        row = rows.nth(i)
        picture = row.locator("img.paper__picture")
        expect(picture).to_be_visible()
        box, words = picture.bounding_box(), row.locator(".paper__words").bounding_box()
        assert box["width"] >= 18 * 96 / 25.4  # about 20 mm
        assert box["y"] < words["y"] + words["height"] and words["y"] < box["y"] + box["height"]


def decode_cards(pdf, pages):
    """Per page, per card (its cut line), the QR's text and the words inside."""
    document = pypdfium2.PdfDocument(pdf)
    scale = 400 / 72
    found = []
    for number, layout in enumerate(pages):
        image = document[number].render(scale=scale).to_pil()
        cards = [o for o in objects(layout) if isinstance(o, LTRect) and o.width > 150]
        chars = [o for o in objects(layout) if isinstance(o, LTChar)]
        lines = [o for o in objects(layout) if isinstance(o, LTLine)]
        for o in chars + lines:  # nothing outside a cut line
            assert any(
                c.x0 - 0.5 <= o.x0
                and o.x1 <= c.x1 + 0.5
                and c.y0 - 0.5 <= o.y0
                and o.y1 <= c.y1 + 0.5
                for c in cards
            ), f"{o} is outside every card on page {number + 1}"
        for card in cards:
            crop = image.crop(
                (
                    int(card.x0 * scale),
                    int((layout.height - card.y1) * scale),
                    int(card.x1 * scale),
                    int((layout.height - card.y0) * scale),
                )
            )
            codes = zxingcpp.read_barcodes(crop)
            inside = sorted(
                (
                    o
                    for o in chars
                    if card.x0 <= o.x0 and o.x1 <= card.x1 and card.y0 <= o.y0 and o.y1 <= card.y1
                ),
                key=lambda o: (-round(o.y0), o.x0),
            )
            found.append(([c.text for c in codes], "".join(o.get_text() for o in inside)))
    return found


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_code_cards_fit_their_cut_lines_and_their_qr_opens_the_ballot(
    demo_site, live_server, page, language
):
    from ballot.admin_views import render_code_cards
    from ballot.models import BallotPage, CodeBatch
    from ballot.models.codes import format_code
    from ballot.paper import ballot_url
    from network.models import Organisation

    ballot = BallotPage.objects.get(slug="have-your-say", locale__language_code="en-gb")
    if language == "cy":
        ballot = make_welsh(ballot)
    batch = CodeBatch.objects.create(
        ballot=ballot, organisation=Organisation.objects.first(), reference="pdf", size=7
    )
    codes = list(batch.issue())
    # Any length: a code far longer than ours must still stay inside its card.
    codes += ["ABCDEFGHJKLMNPQRSTUVWXYZ23456789ABCDEFGH", "AB"]
    request = RequestFactory().get("/admin/")
    with translation.override(language):
        response = render_code_cards(request, batch, codes, "/admin/", language=language)
        url = ballot_url(ballot, language)
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    pdf = print_html(page, live_server.url + "/robots.txt", html)
    pages = read_pdf(pdf)

    found = decode_cards(pdf, pages)
    assert len(found) == len(codes)  # every card printed, each in its own cut line
    # 9 cards: 8 on the first A4 page in English; Welsh cards say more, so fewer fit
    # a page. Never a card per page or a stray blank page.
    assert len(pages) == 2 if language == "en-gb" else 2 <= len(pages) <= 3
    expected = {f"{url}#code={format_code(c)}" for c in codes}
    links = [decoded[0] for decoded, _words in found]
    assert all(len(decoded) == 1 for decoded, _words in found)
    assert set(links) == expected
    for decoded, words in found:
        code = decoded[0].split("#code=")[1]
        assert code in words.replace("\n", "").replace(" ", "")  # the card's own code


def test_the_cards_link_fills_the_code_and_leaves_no_trace_in_the_address(
    demo_site, live_server, page
):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(live_server.url + "/have-your-say/#code=ACDE-3479")
    expect(page.locator('input[name="code"]')).to_have_value("ACDE-3479")
    assert page.url == live_server.url + "/have-your-say/"  # gone from the address bar
    assert not any("ACDE" in url for url in requested)  # and never sent to the server
