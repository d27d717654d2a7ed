"""RSS and Atom feeds of every campaign update, served by the campaign index page."""

from django.utils.feedgenerator import Atom1Feed
from wagtail.models import Page

from home.feeds import DatedPagesFeed

FEED_LENGTH = 30


class CampaignUpdatesRssFeed(DatedPagesFeed):
    def title(self):
        return f"Campaign updates: {self.index_page.title}, Women's Mental Health Network"

    def link(self):
        return self.index_page.get_full_url(self.request)

    def description(self):
        return "News of each campaign of the Women's Mental Health Network, newest first."

    def items(self):
        updates = list(self.index_page.updates()[:FEED_LENGTH])
        # One query for all the parent campaigns' titles, whatever the number of
        # updates. Plain pages by tree path: an update's parent is its campaign,
        # and this module need not import the campaign models that import it.
        parent_paths = {u.path[: -u.steplen] for u in updates}
        titles = dict(Page.objects.filter(path__in=parent_paths).values_list("path", "title"))
        for update in updates:
            update.campaign_title = titles.get(update.path[: -update.steplen], "")
        return updates

    def item_title(self, item):
        if item.campaign_title:
            return f"{item.campaign_title}: {item.title}"
        return item.title

    def item_description(self, item):
        return item.summary


class CampaignUpdatesAtomFeed(CampaignUpdatesRssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
