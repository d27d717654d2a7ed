"""Frontend cache (CDN) purges beyond the page itself.

wagtail.contrib.frontend_cache already purges a page's own URLs when it is
published or unpublished. Listings show their children (the blog index its
posts, the home page the latest of everything), so the page's ancestors up
to the site root are purged with it, and the sitemap; so are the pages its
type names as showing it (``pages_showing_it``: a post's neighbours and the
posts sharing a category or tag, whose related posts may list it), both as
they were before the save (a post given another date or other topics leaves
the pages that showed it) and as they are after. Purges go through the tasks
framework: the worker sends them in production. Nothing happens without
WAGTAILFRONTENDCACHE.
"""

from django.conf import settings
from django.db.models.signals import pre_save
from django.dispatch import receiver
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.signals import page_published, page_unpublished

from home.cache import DRAFT_FIELDS


def remember_pages_showing_it(sender, instance, update_fields=None, **kwargs):
    """Before a live page whose type names the pages showing it is saved (a
    publish, an unpublish), note those pages as they are now."""
    showing = getattr(sender, "pages_showing_it", None)
    if not settings.WAGTAILFRONTENDCACHE or showing is None or instance.pk is None:
        return
    if update_fields and set(update_fields) <= DRAFT_FIELDS:
        return  # a draft, an autosave or a lock: nothing public changes
    saved = sender.objects.filter(pk=instance.pk, live=True).first()
    if saved is not None:
        instance._pages_that_showed_it = list(saved.pages_showing_it())


def purge_ancestors(instance, **kwargs):
    if not settings.WAGTAILFRONTENDCACHE:
        return
    batch = PurgeBatch()
    batch.add_pages(instance.get_ancestors().filter(depth__gt=1).specific())
    showing = getattr(instance.specific, "pages_showing_it", None)
    if showing is not None:
        before = getattr(instance, "_pages_that_showed_it", [])
        batch.add_pages({page.pk: page for page in [*before, *showing()]}.values())
    site = instance.get_site()
    if site is not None:
        batch.add_url(f"{site.root_url}/sitemap.xml")
    batch.purge()


pre_save.connect(remember_pages_showing_it, dispatch_uid="cdn-pages-showing-it")
receiver(page_published)(purge_ancestors)
receiver(page_unpublished)(purge_ancestors)
