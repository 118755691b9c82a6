"""Markdown written by people is rendered without letting them run code or send readers away.

markdown-it-py renders raw HTML by default and nh3 keeps protocol-relative links even with a
scheme list (PITFALLS.md): these tests pin both defences, on the function and on the filter.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.template import Context, Template

from tessere.core.markdown import render_markdown

PAGE = "https://tessere.example/progetti/ubuntu/"


class _Elements(HTMLParser):
    """Collects every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.tags


def links(html: str) -> list[dict[str, str | None]]:
    return [attrs for tag, attrs in elements(html) if tag == "a"]


def where_a_browser_goes(href: str) -> tuple[str, str]:
    """(scheme, host) a browser reaches from PAGE: it drops tabs and newlines and reads
    backslashes as slashes in http(s) URLs, which urljoin alone does not do."""
    cleaned = re.sub(r"[\t\n\r]", "", href).strip().replace("\\", "/")
    target = urlsplit(urljoin(PAGE, cleaned))
    return target.scheme, target.netloc


HOSTILE_HTML = [
    "<script>alert(1)</script>",
    "<iframe src='https://evil.example'></iframe>",
    "<details open ontoggle=alert(1)>x</details>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<style>body { display: none }</style>",
    '<a href="javascript:alert(1)">click</a>',
    "<object data='https://evil.example/x.swf'></object>",
    "Text with <b onmouseover=alert(1)>inline</b> HTML",
]


@pytest.mark.parametrize("payload", HOSTILE_HTML)
def test_raw_html_is_shown_as_text_never_rendered(payload: str) -> None:
    html = render_markdown(payload)

    tags = {tag for tag, _attrs in elements(html)}
    assert tags <= {"p"}, f"{payload!r} rendered tags {tags}: {html}"
    assert not any(name.startswith("on") for _tag, attrs in elements(html) for name in attrs), html


@pytest.mark.parametrize(
    "payload",
    [
        "```\n<script>alert(1)</script>\n```",
        "`<script>alert(1)</script>`",
    ],
)
def test_html_inside_code_is_escaped(payload: str) -> None:
    html = render_markdown(payload)

    assert "<script>" not in html
    assert "&lt;script&gt;" in html


HOSTILE_LINKS = [
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[click](%6Aavascript:alert(1))",
    "[click](<java script:alert(1)>)",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "[click](VBScript:msgbox(1))",
    "[click](file:///etc/passwd)",
    "[click](ftp://evil.example/)",
    "[click](//evil.example)",
    "[click](  //evil.example/path)",
    "[click](<//evil.example>)",
    r"[click](\\\\evil.example)",  # in Markdown "\\" is one backslash: the URL is \\evil.example
    r"[click](/\evil.example)",
    r"[click](/\/evil.example)",
    "[click](%2F%2Fevil.example)",
    "[click][ref]\n\n[ref]: //evil.example",
    "[click][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![pixel](//evil.example/pixel.png)",
    "![pixel](javascript:alert(1))",
    "![pixel](data:image/svg+xml;base64,PHN2Zy8+)",
]


@pytest.mark.parametrize("payload", HOSTILE_LINKS)
def test_hostile_links_lose_their_target(payload: str) -> None:
    html = render_markdown(payload)

    for tag, attrs in elements(html):
        for name in ("href", "src"):
            if name in attrs:
                raise AssertionError(f"{payload!r} kept {tag} {name}={attrs[name]!r}: {html}")


@pytest.mark.parametrize("payload", HOSTILE_LINKS)
def test_no_hostile_link_leads_a_browser_to_another_host_or_scheme(payload: str) -> None:
    # The same payloads, judged by where a browser would go: belt and braces for the test above.
    html = render_markdown(payload)

    for _tag, attrs in elements(html):
        for name in ("href", "src"):
            if attrs.get(name):
                assert where_a_browser_goes(str(attrs[name])) == ("https", "tessere.example")


@pytest.mark.parametrize(
    ("payload", "href"),
    [
        ("[site](https://www.compagniadisanpaolo.it/)", "https://www.compagniadisanpaolo.it/"),
        ("[site](http://example.org/a?b=1)", "http://example.org/a?b=1"),
        ("[write](mailto:team@example.org)", "mailto:team@example.org"),
        ("[projects](/progetti/)", "/progetti/"),
        ("[sibling](../enti/)", "../enti/"),
        ("[anchor](#representatives)", "#representatives"),
        ("[filtered](?province=1)", "?province=1"),
        ("[colon in the query](?q=a:b)", "?q=a:b"),
        ("<https://example.org/>", "https://example.org/"),
    ],
)
def test_safe_links_are_kept_with_nofollow_noopener(payload: str, href: str) -> None:
    html = render_markdown(payload)

    [link] = links(html)
    assert link["href"] == href
    rel = (link["rel"] or "").split()
    assert "nofollow" in rel
    assert "noopener" in rel


def test_a_link_title_is_kept() -> None:
    [link] = links(render_markdown('[site](https://example.org/ "The site")'))

    assert link["title"] == "The site"


def test_emphasis_and_strikethrough_still_work() -> None:
    html = render_markdown("*slanted* **bold** ~~gone~~ `code`")

    assert "<em>slanted</em>" in html
    assert "<strong>bold</strong>" in html
    assert "<s>gone</s>" in html
    assert "<code>code</code>" in html


def test_tables_still_work() -> None:
    html = render_markdown("| Progetto | Provincia |\n|---|:-:|\n| Ubuntu | CN |\n")

    tags = [tag for tag, _attrs in elements(html)]
    assert tags[:1] == ["table"]
    assert {"thead", "tbody", "tr", "th", "td"} <= set(tags)
    assert "<td>Ubuntu</td>" in html


def test_table_alignment_uses_classes_because_the_csp_ignores_style_attributes() -> None:
    html = render_markdown("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n")

    cells = [attrs for tag, attrs in elements(html) if tag in {"th", "td"}]
    assert [cell.get("class") for cell in cells] == ["text-start", "text-center", "text-end"] * 2
    assert all("style" not in cell for cell in cells)
    assert "style=" not in html


def test_lists_headings_and_quotes_still_work() -> None:
    html = render_markdown("## Title\n\n- one\n- two\n\n> quoted\n")

    assert "<h2>Title</h2>" in html
    assert "<li>one</li>" in html
    assert "<blockquote>" in html


def test_empty_or_missing_text_renders_nothing() -> None:
    assert render_markdown("") == ""
    assert render_markdown(None) == ""  # type: ignore[arg-type]


def test_the_template_filter_renders_safe_markdown() -> None:
    template = Template("{% load tessere %}{{ text|markdown }}")

    html = template.render(
        Context({"text": "**bold** <script>alert(1)</script> [x](javascript:alert(1))"})
    )

    assert "<strong>bold</strong>" in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "href" not in html


def test_the_template_filter_is_not_escaped_twice() -> None:
    html = Template("{% load tessere %}{{ text|markdown }}").render(Context({"text": "*a & b*"}))

    assert html.strip() == "<p><em>a &amp; b</em></p>"
