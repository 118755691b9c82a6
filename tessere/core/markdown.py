"""Markdown written by people, rendered safely: raw HTML off, output sanitised, links checked.

markdown-it-py passes raw HTML through by default and nh3 keeps protocol-relative links
(//evil.example) even with url_schemes restricted, so both are handled here (PITFALLS.md).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)

# Table cells are aligned with Bootstrap classes, not markdown-it's style="text-align:...":
# the CSP (style-src 'self') ignores style attributes.
_ALIGNMENT_CLASSES = {
    "text-align:left": "text-start",
    "text-align:center": "text-center",
    "text-align:right": "text-end",
}


def _alignment_as_class(state: StateCore) -> None:
    for token in state.tokens:
        if token.type in {"th_open", "td_open"} and "style" in token.attrs:
            style = str(token.attrs.pop("style"))
            if style in _ALIGNMENT_CLASSES:
                token.attrSet("class", _ALIGNMENT_CLASSES[style])


_md.core.ruler.push("alignment_as_class", _alignment_as_class)

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "del",
    "s",
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
    "th": {"class"},
    "td": {"class"},
}
SAFE_SCHEMES = {"http", "https", "mailto"}


# Browsers drop these anywhere in a URL ("java<TAB>script:" is "javascript:").
_DROPPED = re.compile(r"[\t\n\r]")
_BLANK = "".join(chr(i) for i in range(0x21))  # C0 controls and space, stripped at both ends


def _as_browser_reads(value: str) -> str:
    return _DROPPED.sub("", value).strip(_BLANK).replace("\\", "/")


def _safe_url(value: str) -> bool:
    # Judge the URL as a browser reads it (backslashes are slashes in http URLs), both as
    # written and percent-decoded: markdown-it turns "\\evil.example" into
    # "%5C%5Cevil.example", which a plain startswith("\\") check would never see.
    for seen in {_as_browser_reads(value), _as_browser_reads(unquote(value))}:
        if seen.startswith("//"):
            return False  # protocol-relative: another host, whatever the scheme list says
        head = re.split(r"[/?#]", seen, maxsplit=1)[0]
        if ":" in head and head.split(":", 1)[0].lower() not in SAFE_SCHEMES:
            return False
    return True  # a safe scheme, or a relative link inside the site


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute in {"href", "src"}:
        return value if _safe_url(value) else None
    if attribute == "class":
        return value if value in _ALIGNMENT_CLASSES.values() else None
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
