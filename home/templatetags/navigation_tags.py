"""Site navigation and breadcrumbs, from the frame's one query (home/chrome.py)."""

from django import template
from wagtail.models import Page

from home.chrome import page_chrome

register = template.Library()


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    request = context.get("request")
    current = context.get("page") or context.get("self")
    # Plain Page rows: title and url_path are all a menu needs.
    items = page_chrome(request, current).menu if request is not None else []
    current_path = getattr(current, "path", "")
    return {
        "request": request,
        "items": [
            {
                "page": item,
                "active": bool(current_path) and current_path.startswith(item.path),
                "current": current_path == item.path,
            }
            for item in items
        ],
    }


@register.simple_tag(takes_context=True)
def breadcrumb_ancestors(context, page):
    """``page.get_ancestors()``, read with the rest of the frame's pages."""
    request = context.get("request")
    if request is None or not isinstance(page, Page) or not page.pk:
        return page.get_ancestors() if isinstance(page, Page) else []
    return page_chrome(request, page).ancestors
