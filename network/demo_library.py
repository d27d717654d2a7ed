"""Demo resources (with small generated PDFs) and events, including the launch concert.

Written for the demo in our own words; every document is made here at load
time (home/pdf.py), so the repository holds no binary files. Safe to run
again: only what is missing is created.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from home.demo import child_page, rich
from home.pdf import text_pdf

from .events import EventIndexPage, EventPage
from .resources import Audience, ResourceFormat, ResourceIndexPage, ResourcePage

RESOURCES = [
    {
        "slug": "local-campaigning-toolkit",
        "title": "Local campaigning toolkit",
        "topic": "local-campaigning",
        "audience": Audience.WOMEN,
        "format": ResourceFormat.TOOLKIT,
        "summary": "Step by step: how a group of women can take one of the ten issues to "
        "their local hospital, prison or council and ask for change.",
        "pages": [
            "Start with what you know. Write down, in your own words, what happened "
            "and what would have made it better. Your experience is evidence.",
            "Find others. A campaign is stronger when several women say the same thing. "
            "Partner organisations can help you meet safely.",
            "Find out who decides. Every service has someone who commissions it and "
            "someone who runs it. Ask who they are and when they meet.",
            "Ask for one clear change, by a date, and say how you will know it happened.",
            "Look after yourselves. Campaigning can bring back hard memories: plan breaks "
            "and support before you begin.",
        ],
    },
    {
        "slug": "gender-specific-advocacy-guide",
        "title": "A guide to gender-specific advocacy",
        "topic": "gender-specific-advocacy",
        "audience": Audience.PROFESSIONALS,
        "format": ResourceFormat.GUIDE,
        "summary": "What gender-specific advocacy is, why women say it works, and how a "
        "service can start offering it.",
        "pages": [
            "Gender-specific advocacy is independent support from a woman advocate who "
            "understands how trauma, violence and inequality shape women's lives.",
            "It began in secure hospitals, where women had no one on their side. It now "
            "reaches women in prisons and in the community.",
            "Women tell us it works because they are believed, they set the agenda, and "
            "the advocate stays with them through hard meetings.",
            "To start: train advocates in trauma-informed practice, offer women-only "
            "spaces, and agree with the service that advocates are independent.",
        ],
    },
    {
        "slug": "the-ten-issues-easy-read",
        "title": "The ten issues: easy read",
        "topic": "the-ten-issues",
        "audience": Audience.WOMEN,
        "format": ResourceFormat.EASY_READ,
        "summary": "The ten things women told us must change, in short sentences and plain words.",
        "pages": [
            "Women in our groups told us ten things must change.",
            "1. Prison. Most women in prison need help, not punishment.",
            "2. Police. Police should not hurt women who are unwell.",
            "3. Hospitals. Hospitals should feel safe.",
            "4. Domestic violence. Services must believe women.",
            "5. PTSD and complex needs. Women need the right therapy.",
            "6. Housing. Women need safe homes just for women.",
            "7. Children. Mothers getting better should count.",
            "8. Counselling. Women should be able to talk to someone.",
            "9. Staff. Staff should listen and be kind.",
            "10. Male staff. Women should feel safe with staff.",
        ],
    },
    {
        "slug": "briefing-for-commissioners",
        "title": "Briefing for commissioners",
        "topic": "evidence-and-research",
        "audience": Audience.COMMISSIONERS,
        "format": ResourceFormat.BRIEFING,
        "summary": "Four pages for people who commission mental health, justice and "
        "housing services: what women need, and what to ask providers for.",
        "pages": [
            "Women with mental health needs are often in contact with several services "
            "at once. Joined-up commissioning saves time, money and harm.",
            "Ask providers how they offer women-only spaces and female staff on request.",
            "Ask how they involve women who use the service in design and review.",
            "Ask for trauma-informed training for every member of staff who meets women.",
            "Fund independent, gender-specific advocacy alongside clinical services.",
        ],
    },
    {
        "slug": "focus-group-report",
        "title": "What women told us: the focus group report",
        "topic": "the-ten-issues",
        "audience": Audience.EVERYONE,
        "format": ResourceFormat.REPORT,
        "summary": "Five focus groups, thirty women from diverse backgrounds, ten issues. "
        "How the groups were run and what women said.",
        "easy_read": "the-ten-issues-easy-read",
        "pages": [
            "We held five focus groups with thirty women from diverse backgrounds, in "
            "the community and through partner organisations.",
            "Each group talked about their experience of statutory services: hospitals, "
            "prisons, police, drugs and alcohol, housing and social services.",
            "Together the groups named ten issues. This report describes each one in the "
            "words women used, without names or details that could identify anyone.",
            "Next, we are asking 5,000 women to choose their top three of the ten.",
        ],
    },
]


def demo_document(title, slug, paragraphs):
    Document = get_document_model()
    existing = Document.objects.filter(title=title).first()
    if existing:
        return existing
    content = text_pdf(title, paragraphs)
    document = Document(title=title)
    document.file.save(f"demo-{slug}.pdf", ContentFile(content), save=False)
    document.file_size = len(content)
    document.save()
    return document


def load_resources(home, stdout):
    index = child_page(
        home,
        ResourceIndexPage,
        "resources",
        title="Resources",
        show_in_menus=True,
        search_description="Toolkits, guides, briefings and reports for local "
        "campaigning on women's mental health.",
        intro="Toolkits, guides, briefings and reports to help women and the people who "
        "work with them campaign for better services. Free to download and share.",
    )
    created = 0
    for spec in RESOURCES:
        if index.get_children().filter(slug=spec["slug"]).exists():
            continue
        easy_read = None
        if spec.get("easy_read"):
            easy_read = ResourcePage.objects.filter(slug=spec["easy_read"]).first()
        page = ResourcePage(
            slug=spec["slug"],
            title=spec["title"],
            summary=spec["summary"],
            search_description=spec["summary"],
            topic=spec["topic"],
            audience=spec["audience"],
            resource_format=spec["format"],
            document=demo_document(spec["title"], spec["slug"], spec["pages"]),
            easy_read_page=easy_read,
            body=[{"type": "paragraph", "value": rich("\n\n".join(spec["pages"][:2]))}],
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    if created:
        stdout.write(f"Created {created} resources.")
    return index


def _london(days_ahead, hour, minute=0):
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)


def load_events(home, stdout):
    index = child_page(
        home,
        EventIndexPage,
        "events",
        title="Events",
        show_in_menus=True,
        search_description="Events of the Women's Mental Health Network: the launch, "
        "meetings and training.",
        intro="Come and meet the network. Every event is free; tell us what you need to "
        "take part and we will do our best to arrange it.",
    )
    if not index.get_children().filter(slug="launch-concert").exists():
        child_page(
            index,
            EventPage,
            "launch-concert",
            title="The network's launch concert",
            starts_at=_london(42, 19),
            ends_at=_london(42, 22),
            summary="An evening of music to launch the Women's Mental Health Network, "
            "with women singers and speakers who have lived experience.",
            where=EventPage.Where.BOTH,
            venue="Example Community Hall, London (demo venue)",
            address="1 Example Street\nLondon",
            online_url="https://example.org/live",
            accessibility="Step-free entrance and an accessible toilet. A hearing loop in "
            "the hall and BSL interpretation of the speeches. A quiet room is open all "
            "evening. Seats are kept at the front for anyone who needs them; tell us at "
            "the door.",
            booking_url="https://example.org/book-the-launch",
            body=[
                {
                    "type": "paragraph",
                    "value": rich(
                        "We are launching the network through music, because songs carry "
                        "voices further than reports. Join us in the hall or online.\n\n"
                        "Tickets are free. Book so we know how many to expect."
                    ),
                }
            ],
        )
        stdout.write("Created the launch concert event.")
    if not index.get_children().filter(slug="focus-group-sharing-day").exists():
        child_page(
            index,
            EventPage,
            "focus-group-sharing-day",
            title="Focus group sharing day",
            starts_at=_london(-60, 11),
            ends_at=_london(-60, 15),
            summary="Women from the five focus groups met to share what they found and "
            "agree the ten issues.",
            where=EventPage.Where.IN_PERSON,
            venue="Example Women's Centre, Leeds (demo venue)",
            accessibility="Step-free access throughout. Lunch provided.",
        )
    return index


def load(home, stdout):
    load_resources(home, stdout)
    load_events(home, stdout)
