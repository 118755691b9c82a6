from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from tessere.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value: str) -> SafeString:
    return render_markdown(value)


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **kwargs: Any) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.simple_tag
def field_widget(field: Any, **extra: Any) -> str:
    """Render a bound field's widget with Bootstrap Italia classes and ARIA links to help and errors."""
    widget = field.field.widget
    input_type = getattr(widget, "input_type", None)
    attrs: dict[str, Any] = {}
    if input_type in ("checkbox", "radio"):
        attrs["class"] = "form-check-input"
    elif widget.__class__.__name__ in {"Select", "SelectMultiple"}:
        # Bootstrap Italia styles a <select> inside .select-wrapper (with its own arrow);
        # Bootstrap's .form-select would draw a second one.
        attrs["class"] = ""
    else:
        attrs["class"] = "form-control"
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_errors")
        attrs["aria-invalid"] = "true"
        attrs["class"] = (attrs["class"] + " is-invalid").strip()
    if described:
        attrs["aria-describedby"] = " ".join(described)
    attrs.update(extra)
    return field.as_widget(attrs=attrs)
