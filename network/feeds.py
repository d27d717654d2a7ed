"""RSS and Atom feeds of every campaign update, served by the campaign index page."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.timezone import make_aware

FEED_LENGTH = 30


class CampaignUpdatesRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"Campaign updates: {self.index_page.title}, Women's Mental Health Network"

    def link(self):
        return self.index_page.get_full_url(self.request)

    def description(self):
        return "News of each campaign of the Women's Mental Health Network, newest first."

    def items(self):
        updates = list(self.index_page.updates()[:FEED_LENGTH])
        # One query for all the parent campaigns' titles, whatever the number of updates.
        from .campaigns import CampaignPage

        parent_paths = {u.path[: -u.steplen] for u in updates}
        titles = dict(
            CampaignPage.objects.filter(path__in=parent_paths).values_list("path", "title")
        )
        for update in updates:
            update.campaign_title = titles.get(update.path[: -update.steplen], "")
        return updates

    def item_title(self, item):
        if item.campaign_title:
            return f"{item.campaign_title}: {item.title}"
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return make_aware(datetime.datetime.combine(item.date, datetime.time(9)))

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)


class CampaignUpdatesAtomFeed(CampaignUpdatesRssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
