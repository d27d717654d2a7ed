"""Events: an index (upcoming first, then past), event pages, and iCalendar files.

Times are stored as aware datetimes (UTC in the database) and shown in the
site's TIME_ZONE with its abbreviation (GMT or BST), so a reader knows which
clock is meant. Every event has an .ics file and the index has a feed of
upcoming events that calendar apps can subscribe to; both are made with the
``icalendar`` package and carry the canonical address under SITE_URL. Wagtail
page addresses cannot hold a dot, so the files are at ``.../ical/`` and say
their name in Content-Disposition.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.blocks import BodyBlock
from home.seo import SeoMixin
from home.site_url import absolute

PAST_EVENTS_SHOWN = 20


class EventQuerySet(PageQuerySet):
    def with_finish(self):
        """``finishes_at``: the end, or the start for an event without an end time."""
        return self.annotate(finishes_at=Coalesce("ends_at", "starts_at"))

    def upcoming(self, now=None):
        return self.with_finish().filter(finishes_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.with_finish().filter(finishes_at__lt=now or timezone.now())


class EventIndexPage(RoutablePageMixin, SeoMixin, Page):
    page_description = _("The list of the network's events, upcoming first, with a calendar feed.")

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "home.StandardPage", "network.NetworkIndexPage"]
    subpage_types = ["network.EventPage"]

    class Meta:
        verbose_name = _("events index")

    def events(self):
        return EventPage.objects.child_of(self).live().public()

    @path("")
    def index_route(self, request):
        now = timezone.now()
        return self.render(
            request,
            context_overrides={
                "upcoming": self.events().upcoming(now).order_by("starts_at", "pk"),
                "past": self.events().past(now).order_by("-starts_at", "-pk")[:PAST_EVENTS_SHOWN],
            },
        )

    @path("ical/", name="ical")
    def ical_route(self, request):
        events = self.events().upcoming().order_by("starts_at", "pk")
        return calendar_response(
            [event.ical_event() for event in events],
            name=self.title,
            filename=f"{self.slug}.ics",
            inline=True,
        )


class EventPage(RoutablePageMixin, SeoMixin, Page):
    page_description = _(
        "One event: date and time, place or online, access information and how to book."
    )

    search_label = _("Event")

    class Where(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        BOTH = "both", _("In person and online")

    starts_at = models.DateTimeField(
        _("starts"), help_text=_("UK time (the site's time zone); the page says GMT or BST.")
    )
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    summary = models.TextField(max_length=500, help_text=_("Shown in the list and calendars."))
    where = models.CharField(
        _("where"), max_length=20, choices=Where.choices, default=Where.IN_PERSON
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("Where to join online (if it is online).")
    )
    accessibility = models.TextField(
        _("access information"),
        blank=True,
        help_text=_(
            "Step-free access, toilets, hearing loop, BSL, quiet space, seating, "
            "how to ask for support: say what there is and what there is not."
        ),
    )
    booking_url = models.URLField(
        _("booking link"),
        blank=True,
        help_text=_("Leave empty if people can just come without booking."),
    )
    body = StreamField(BodyBlock(), blank=True)

    objects = PageManager.from_queryset(EventQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading=_("When")),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("where"),
                FieldPanel("venue"),
                FieldPanel("address"),
                FieldPanel("online_url"),
            ],
            heading=_("Where"),
        ),
        FieldPanel("accessibility"),
        FieldPanel("booking_url"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("venue"),
        index.SearchField("body"),
        index.SearchField("search_label"),
        index.FilterField("starts_at"),
    ]

    parent_page_types = ["network.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")

    def clean(self):
        super().clean()
        errors = {}
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The end must be after the start.")
        if self.where in (self.Where.IN_PERSON, self.Where.BOTH) and not self.venue:
            errors["venue"] = _("Say where the event is.")
        if self.where in (self.Where.ONLINE, self.Where.BOTH) and not self.online_url:
            errors["online_url"] = _("Give the link to join online.")
        if errors:
            raise ValidationError(errors)

    @property
    def date(self):
        """The day it happens, for search results and listings."""
        return timezone.localtime(self.starts_at).date()

    @property
    def is_past(self):
        return (self.ends_at or self.starts_at) < timezone.now()

    @property
    def in_person(self):
        return self.where in (self.Where.IN_PERSON, self.Where.BOTH)

    @property
    def online(self):
        return self.where in (self.Where.ONLINE, self.Where.BOTH)

    def canonical_url(self):
        parts = self.get_url_parts()
        return absolute(parts[2] if parts else self.url_path)

    def location_text(self):
        parts = []
        if self.in_person:
            parts.append(", ".join(p for p in (self.venue, " ".join(self.address.split())) if p))
        if self.online:
            parts.append(str(_("Online: %(url)s") % {"url": self.online_url}))
        return "; ".join(parts)

    def ical_event(self):
        from icalendar import Event

        event = Event()
        host = absolute("/").split("//", 1)[1].strip("/")
        event.add("uid", f"event-{self.pk}@{host}")
        event.add("dtstamp", self.last_published_at or timezone.now())
        event.add("dtstart", self.starts_at)
        if self.ends_at:
            event.add("dtend", self.ends_at)
        event.add("summary", self.title)
        booking = (
            str(_("Book: %(url)s") % {"url": self.booking_url})
            if self.booking_url
            else str(_("No need to book: just come."))
        )
        event.add("description", f"{self.summary}\n\n{booking}\n\n{self.canonical_url()}")
        location = self.location_text()
        if location:
            event.add("location", location)
        event.add("url", self.canonical_url())
        return event

    @path("")
    def index_route(self, request):
        return self.render(request)

    @path("ical/", name="ical")
    def ical_route(self, request):
        return calendar_response([self.ical_event()], name=self.title, filename=f"{self.slug}.ics")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["events_index"] = self.get_parent()
        return context


def calendar_response(events, name, filename, inline=False):
    """An RFC 5545 calendar holding ``events``, as a download (or inline, for feeds)."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//Women's Mental Health Network//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
