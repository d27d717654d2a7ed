"""What every feed of dated Wagtail pages shares (blog posts, campaign updates)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.timezone import make_aware

from .site_url import absolute


class DatedPagesFeed(Feed):
    """An RSS feed of pages with a ``date`` field, built per request.

    Wagtail pages need the request to build full URLs for the right site, so
    the feed keeps it; subclasses give ``title``, ``link``, ``description``,
    ``items`` and ``item_description``. Atom versions subclass with
    ``feed_type = Atom1Feed``.
    """

    feed_type = Rss201rev2Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def feed_url(self):
        """The feed's own address under SITE_URL, not the host the request named."""
        return absolute(self.request.path)

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return make_aware(datetime.datetime.combine(item.date, datetime.time(9)))

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)
