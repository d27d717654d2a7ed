"""Admin additions that belong to every page editor."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_editor_js")
def publish_after_autosave_js():
    """Wagtail 8's autosave and a Publish click can both create a new page; the
    script makes Publish wait for the running autosave (see the file)."""
    return format_html(
        '<script src="{}" defer></script>', static("js/admin-publish-after-autosave.js")
    )
