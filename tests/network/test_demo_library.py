"""Issue 14's demo content: five resources with real PDFs, the launch concert,
the share-your-experience page with demo experiences, and the donate link;
loading again adds nothing."""

import io
import re

import pytest
from django.core.management import call_command
from icalendar import Calendar
from wagtail.documents import get_document_model

from experiences.models import Experience
from home.pdf import text_pdf
from network.models import EventPage, ResourcePage

pytestmark = pytest.mark.django_db


def assert_valid_pdf(data):
    """Header, trailer, and every xref offset pointing at its object."""
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    xref_at = int(re.search(rb"startxref\n(\d+)\n%%EOF", data).group(1))
    assert data[xref_at:].startswith(b"xref\n")
    lines = data[xref_at:].split(b"\n")
    count = int(lines[1].split()[1])
    for number in range(1, count):
        offset = int(lines[2 + number].split()[0])
        assert data[offset:].startswith(f"{number} 0 obj".encode()), number
    for match in re.finditer(rb"/Length (\d+) >>\nstream\n", data):
        end = match.end() + int(match.group(1))
        assert data[end:].startswith(b"\nendstream")


def test_text_pdf_is_structurally_valid_over_several_pages():
    data = text_pdf("A (title) with \\ and ü", ["word " * 400] * 12)

    assert_valid_pdf(data)
    assert data.count(b"/Type /Page ") > 1


def test_demo_has_the_library_events_and_experience_form(client, demo):
    counts = (ResourcePage.objects.count(), EventPage.objects.count(), Experience.objects.count())
    call_command("load_demo_content", stdout=io.StringIO())

    assert (ResourcePage.objects.count(), EventPage.objects.count()) == counts[:2]
    assert Experience.objects.count() == counts[2]
    titles = set(ResourcePage.objects.values_list("title", flat=True))
    assert titles == {
        "Local campaigning toolkit",
        "A guide to gender-specific advocacy",
        "The ten issues: easy read",
        "Briefing for commissioners",
        "What women told us: the focus group report",
    }
    for document in get_document_model().objects.filter(title__in=titles):
        with document.file.open("rb") as handle:
            assert_valid_pdf(handle.read())
        assert document.file_size > 0
    report = ResourcePage.objects.get(slug="focus-group-report")
    assert report.easy_read_page.slug == "the-ten-issues-easy-read"

    launch = EventPage.objects.get(slug="launch-concert")
    assert not launch.is_past and launch.booking_url
    feed = Calendar.from_ical(client.get("/events/ical/").content)
    assert [str(e["SUMMARY"]) for e in feed.walk("VEVENT")] == [launch.title]

    for url in ["/resources/", "/events/", "/share-your-experience/"]:
        assert client.get(url).status_code == 200, url
    assert "https://donate.example.org/wish" in client.get("/").content.decode()
