"""Render a form widget whose aria-describedby names its help text and its first error.

The ids match includes/field.html: ``<auto_id>_helptext`` for the help text and ``<auto_id>-err``
for the first error message, so every aria-describedby target exists on the page.
"""

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def widget_a11y(bf: BoundField) -> SafeString:
    ids: list[str] = []
    if bf.help_text:
        ids.append(f"{bf.auto_id}_helptext")
    if bf.errors:
        ids.append(f"{bf.auto_id}-err")
    attrs: dict[str, str | bool] = {}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if bf.errors:
        attrs["aria-invalid"] = "true"
    return bf.as_widget(attrs=attrs or None)
