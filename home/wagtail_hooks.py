"""What home adds to Wagtail: the page cache learns which page it is storing."""

from wagtail import hooks

from home.cache import below_tags, page_tag, tag_request


@hooks.register("before_serve_page")
def tag_page_for_cache(page, request, serve_args, serve_kwargs):
    """Publishing this page (or a page below it) empties this copy (home/cache.py)."""
    tag_request(request, page_tag(page.pk), *below_tags(page))
