"""Markdown written by people, rendered safely: raw HTML off, output sanitised, links checked.

markdown-it-py passes raw HTML through by default and nh3 keeps protocol-relative links
(//evil.example) even with url_schemes restricted, so both are handled here (PITFALLS.md).
"""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"style"},
    "td": {"style"},
}
SAFE_SCHEMES = {"http", "https", "mailto"}


def _safe_url(value: str) -> bool:
    stripped = value.strip()
    if stripped.startswith("//") or stripped.startswith("\\"):
        return False
    if ":" in stripped.split("/", 1)[0]:
        return stripped.split(":", 1)[0].lower() in SAFE_SCHEMES
    return True  # relative link inside the site


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute in {"href", "src"}:
        return value if _safe_url(value) else None
    if attribute == "style":
        return (
            value if value in {"text-align:left", "text-align:center", "text-align:right"} else None
        )
    return value


def render_markdown(text: str) -> SafeString:
    html = _md.render(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=SAFE_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel="nofollow noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
