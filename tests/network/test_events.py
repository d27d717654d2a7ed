"""Events: upcoming and past apart, UK time with its zone, and iCalendar files
that a calendar library reads back."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from tests.factories import EventIndexPageFactory, EventPageFactory

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def events_index(home_page):
    return EventIndexPageFactory(parent=home_page)


@pytest.fixture
def programme(events_index):
    now = timezone.now()
    return {
        "soon": EventPageFactory(
            parent=events_index, title="Launch concert", starts_at=now + datetime.timedelta(days=3)
        ),
        "later": EventPageFactory(
            parent=events_index,
            title="Training day",
            starts_at=now + datetime.timedelta(days=30),
            booking_url="https://example.org/book",
        ),
        # Started an hour ago, ends in an hour: still on, so still upcoming.
        "now": EventPageFactory(
            parent=events_index,
            title="Open meeting",
            starts_at=now - datetime.timedelta(hours=1),
            ends_at=now + datetime.timedelta(hours=1),
        ),
        "past": EventPageFactory(
            parent=events_index, title="Sharing day", starts_at=now - datetime.timedelta(days=9)
        ),
    }


def section(html, heading_id):
    return html.split(f'id="{heading_id}"')[1].split("</section>")[0]


def test_upcoming_and_past_are_split(client, programme):
    html = client.get("/events/").content.decode()

    upcoming = section(html, "upcoming-heading")
    past = section(html, "past-heading")
    assert upcoming.index("Open meeting") < upcoming.index("Launch concert")
    assert upcoming.index("Launch concert") < upcoming.index("Training day")
    assert "Sharing day" not in upcoming
    assert "Sharing day" in past and "Launch concert" not in past


def test_event_page_says_uk_time_booking_and_access(client, events_index):
    summer = datetime.datetime(2031, 7, 1, 19, 0, tzinfo=LONDON)
    event = EventPageFactory(
        parent=events_index,
        slug="summer",
        starts_at=summer,
        accessibility="Step-free entrance.",
    )

    html = client.get(event.url).content.decode()

    assert "7:00 p.m." in html or "7:00 pm" in html
    assert "BST" in html
    assert "No need to book: just come." in html
    assert "Step-free entrance." in html


def test_ical_file_per_event_parses(client, events_index):
    summer = datetime.datetime(2031, 7, 1, 19, 0, tzinfo=LONDON)
    event = EventPageFactory(
        parent=events_index,
        slug="summer",
        title="Launch, with music; and (song)",
        starts_at=summer,
        ends_at=summer + datetime.timedelta(hours=3),
        venue="Example Hall",
        booking_url="https://example.org/book",
    )

    response = client.get(f"{event.url}ical/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert 'filename="summer.ics"' in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Launch, with music; and (song)"
    assert vevent.decoded("DTSTART") == summer
    assert vevent.decoded("DTEND") == summer + datetime.timedelta(hours=3)
    assert "Example Hall" in str(vevent["LOCATION"])
    assert str(vevent["URL"]).endswith("/events/summer/")
    assert "https://example.org/book" in str(vevent["DESCRIPTION"])
    assert str(vevent["UID"]).startswith(f"event-{event.pk}@")


def test_feed_has_upcoming_events_only(client, programme):
    response = client.get("/events/ical/")

    calendar = Calendar.from_ical(response.content)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert summaries == ["Open meeting", "Launch concert", "Training day"]
    assert str(calendar["VERSION"]) == "2.0"
    assert len({str(e["UID"]) for e in calendar.walk("VEVENT")}) == 3


def test_an_event_must_say_where(events_index):
    event = EventPageFactory.build(where="online", online_url="", venue="")
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert "online_url" in error.value.message_dict


def test_events_are_searchable(client, programme):
    html = client.get("/search/?q=concert").content.decode()

    assert "Launch concert" in html and "Event" in html


def test_events_index_queries_do_not_grow(client, events_index, django_assert_max_num_queries):
    from django.core.cache import cache

    now = timezone.now()

    def add(count, days):
        for i in range(count):
            EventPageFactory(parent=events_index, starts_at=now + datetime.timedelta(days=days + i))

    add(3, 1)
    add(2, -30)
    client.get("/events/")
    cache.clear()
    with django_assert_max_num_queries(25) as at_5:
        assert client.get("/events/").status_code == 200
    few = len(at_5)  # read at once: the next request empties Django's query log

    add(25, 10)
    add(20, -90)
    cache.clear()
    with django_assert_max_num_queries(few):
        assert client.get("/events/").status_code == 200
