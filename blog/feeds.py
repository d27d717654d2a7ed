"""RSS and Atom feeds of blog posts, for all posts and for one category.

Served by routes on the blog index page (``/blog/feed/rss/``,
``/blog/category/<slug>/feed/atom/`` and so on), so the feeds live wherever
staff put the blog.
"""

from django.utils.feedgenerator import Atom1Feed

from blog.authors_categories import attach_card_people
from home.feeds import DatedPagesFeed

FEED_LENGTH = 20


class PostsRssFeed(DatedPagesFeed):
    def __init__(self, index_page, category=None):
        super().__init__(index_page)
        self.category = category

    def title(self):
        site = "Women's Mental Health Network"
        if self.category:
            return f"{self.category.name}: {self.index_page.title}, {site}"
        return f"{self.index_page.title}, {site}"

    def link(self):
        url = self.index_page.get_full_url(self.request)
        if self.category:
            url += f"?category={self.category.slug}"
        return url

    def description(self):
        return self.index_page.search_description or self.index_page.intro or self.title()

    def items(self):
        posts = self.index_page.posts()
        if self.category:
            posts = posts.filter(categories=self.category)
        # Authors and categories of all the items in one query.
        return attach_card_people(posts[:FEED_LENGTH])

    def item_description(self, item):
        return item.intro

    def item_author_name(self, item):
        return ", ".join(a.name for a in item.authors()) or None

    def item_categories(self, item):
        return [c.name for c in item.categories.all()]


class PostsAtomFeed(PostsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
