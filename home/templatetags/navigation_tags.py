"""Site navigation built from the page tree in one query."""

from django import template
from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    current = context.get("page") or context.get("self")
    items = []
    if site:
        root = site.root_page
        # Plain Page rows: title and url_path are all a menu needs, in one query.
        items = list(root.get_children().live().in_menu())
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
