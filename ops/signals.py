"""Frontend cache (CDN) purges beyond the page itself.

wagtail.contrib.frontend_cache already purges a page's own URLs when it is
published or unpublished. Listings show their children (the blog index its
posts, the home page the latest of everything), so the page's ancestors up
to the site root are purged with it, and the sitemap; so are the pages its
type names as showing it (``pages_showing_it``: a post's neighbours and the
posts sharing a category or tag, whose related posts may list it). Purges
go through the tasks framework: the worker sends them in production. Nothing
happens without WAGTAILFRONTENDCACHE.
"""

from django.conf import settings
from django.dispatch import receiver
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.signals import page_published, page_unpublished


def purge_ancestors(instance, **kwargs):
    if not settings.WAGTAILFRONTENDCACHE:
        return
    batch = PurgeBatch()
    batch.add_pages(instance.get_ancestors().filter(depth__gt=1).specific())
    # Pages of its own kind that show it (a post's neighbours and related posts).
    showing = getattr(instance.specific, "pages_showing_it", None)
    if showing is not None:
        batch.add_pages(showing())
    site = instance.get_site()
    if site is not None:
        batch.add_url(f"{site.root_url}/sitemap.xml")
    batch.purge()


receiver(page_published)(purge_ancestors)
receiver(page_unpublished)(purge_ancestors)
