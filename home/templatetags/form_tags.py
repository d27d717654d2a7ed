"""``{% hidden_fields form %}``: the parts of a form that are each visitor's
own (the CSRF token and the form's hidden fields: its one-time token, a
referral or kiosk link), in one place outside any kept fragment
(home/templatetags/fragment_cache.py), so a form whose visible parts are kept
for every visitor still sends back this visitor's own tokens."""

from django import forms, template
from django.middleware.csrf import get_token
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def hidden_fields(context, form):
    """The CSRF token input (with a request) and each ``HiddenInput`` field of ``form``."""
    request = context.get("request")
    parts = []
    if request is not None:
        parts.append(
            format_html(
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
            )
        )
    # HiddenInput fields only: a reCAPTCHA widget also calls itself hidden, and
    # the form shows it where the visitor sees it.
    for field in form:
        if isinstance(field.field.widget, forms.HiddenInput):
            parts.append(_hidden_input(field))
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped by format_html


def _hidden_input(field):
    """What Django's HiddenInput template writes, without the template: the
    widget's template render was a sixth of a kept ballot page's time."""
    widget = field.field.widget
    if (
        type(widget) is not forms.HiddenInput
        or widget.attrs
        or field.field.disabled
        or field.help_text
    ):
        return str(field)  # several values, or attributes of its own: Django's way
    if not field.auto_id:
        return str(field)
    value = widget.format_value(field.value())
    if value is None:
        return format_html(
            '<input type="hidden" name="{}" id="{}">', field.html_name, field.auto_id
        )
    return format_html(
        '<input type="hidden" name="{}" value="{}" id="{}">', field.html_name, value, field.auto_id
    )
