"""Hostile input for the cross-cutting test set (test_hostile_input.py): the payloads, hostile
files built in memory, and an HTML reader that finds active content in a rendered page.

The reader parses the page (html.parser), so it sees what a browser would run: a <script>
that is not ours, an `on…=` handler, a javascript:/data:/vbscript: or protocol-relative URL
in any URL attribute, whatever the spelling (entities are decoded, case ignored, the
characters browsers drop inside URLs removed).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser

from tessere.documents import demo_files

# --- Text payloads --------------------------------------------------------------------------------
XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '"><script>alert(1)</script>',
    "<iframe src=javascript:alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](//evil.example/)",
    "![x](javascript:alert(1))",
    "<details open ontoggle=alert(1)>",
    "{{ 7*7 }}",
    "<javascript:alert(1)>",
    "[x](&#106;avascript:alert(1))",
    "[x](vbscript:msgbox)",
    # A few spellings browsers still read as a script URL or another host.
    "[x](java\tscript:alert(1))",
    "[x](\\\\evil.example/)",
    "[x]( javascript:alert(1))",
    "<a href='&#x6A;avascript:alert(1)'>x</a>",
    "' onmouseover='alert(1)",
]
XSS_IDS = [f"xss{i:02d}" for i in range(len(XSS))]

# Written before each payload, so the test can check the text really reached the page.
MARK = "Tracciante"


def marked(payload: str, n: int = 0) -> str:
    return f"{MARK}{n} {payload}"


# Links a document may never carry (the field refuses them), and one it may.
BAD_LINKS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox",
    "//evil.example/",
    "\\\\evil.example\\share",
    "/\\evil.example",
    "&#106;avascript:alert(1)",
    "ftp://evil.example/file",
    "https://evil.example/\x00",
]
GOOD_LINK = "http://mappe.example.org/saluzzo"

# Query-string values list pages must survive (200 or 404, never a 500). PostgreSQL refuses
# NUL bytes in text and integers beyond 64 bits: both must stop at the forms.
BAD_QUERY_VALUES = [
    "abc",
    "-1",
    "99999999999999999999999",
    "<script>alert(1)</script>",
    "../../",
    "\x00",
    "' OR 1=1 --",
]
NUL_VALUES = ["\x00", "1\x00"]


# Filenames a hostile client may send (the test client would clean them: sent by hand).
HOSTILE_NAMES = [
    "../../../etc/passwd.pdf",
    "..\\..\\windows\\system32\\evil.pdf",
    "/etc/cron.d/evil.pdf",
    "rela\x00zione.pdf",
    "....//....//evil.pdf",
    "con\r\nContent-Type: text/html.pdf",
    "<script>alert(1)</script>.pdf",
]


# Django's refusal of NUL bytes in a text field, in Italian (PostgreSQL cannot store them).
NUL_MESSAGE = "I caratteri null non sono ammessi."

# Over-long input: a title of 10,013 characters, a body of 2 MB.
TEN_THOUSAND = "Titolo lunghissimo " * 527
TWO_MEGABYTES = ("Un testo molto lungo. " * 95_326)[: 2 * 1024 * 1024]


# --- Files ----------------------------------------------------------------------------------------
SVG_WITH_SCRIPT = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.domain)</script></svg>"
)
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200 + b"PE\x00\x00"


@cache
def pdf() -> bytes:
    return demo_files.make_pdf([("Relazione", ("Un documento qualunque.",))])


@cache
def png() -> bytes:
    return demo_files.make_png(seed=3, size=(40, 30))


@cache
def jpeg_with_gps() -> bytes:
    return demo_files.make_jpeg(seed=4, size=(40, 30), with_gps=True)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@cache
def pixel_bomb_png(width: int = 20000, height: int = 20000) -> bytes:
    """A PNG of a few hundred bytes whose header declares 400 million pixels (1-bit): decoding
    it would take gigabytes."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    body = zlib.compress(row * 16, 9)  # only the first rows: the header is the bomb
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", body)
        + _chunk(b"IEND", b"")
    )


def _docx(member_bytes: int, *, chunk: int = 1 << 20) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            zeros = b"\x00" * chunk
            written = 0
            while written < member_bytes:
                size = min(chunk, member_bytes - written)
                member.write(zeros[:size])
                written += size
    return out.getvalue()


@cache
def zip_bomb_docx() -> bytes:
    """~100 KB that inflate to 101 MB of zeros: over the total the archive may declare."""
    return _docx(101 * 1024 * 1024)


@cache
def ratio_bomb_docx() -> bytes:
    """A few KB whose one part inflates 1000 times (2 MB of zeros)."""
    return _docx(2 * 1024 * 1024)


# --- Reading rendered HTML ------------------------------------------------------------------------
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "srcset",
    "ping",
}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:", "livescript:")
EMBEDDING = {"iframe", "frame", "object", "embed", "base", "applet"}
_DROPPED = re.compile(r"[\x00-\x20\x7f]")


def _url_as_browser_reads(value: str) -> str:
    return _DROPPED.sub("", value).replace("\\", "/").lower()


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]


@dataclass
class Page:
    elements: list[Element] = field(default_factory=list)
    text: str = ""
    fields: dict[str, list[str]] = field(default_factory=dict)

    def find(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._text: list[str] = []
        self._textarea: str | None = None
        self._textarea_text: list[str] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        self.page.elements.append(Element(tag.lower(), values))
        name = values.get("name")
        if tag == "input" and name and values.get("type") not in {"checkbox", "radio", "file"}:
            self.page.fields.setdefault(name, []).append(values.get("value", ""))
        elif tag == "input" and name and "checked" in values:
            self.page.fields.setdefault(name, []).append(values.get("value", "on"))
        elif tag == "textarea" and name:
            self._textarea, self._textarea_text = name, []
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in values:
            self.page.fields.setdefault(self._select, []).append(values.get("value", ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._textarea_text)
            # Browsers drop the one newline right after <textarea>.
            self.page.fields.setdefault(self._textarea, []).append(text.removeprefix("\n"))
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea_text.append(data)
        self._text.append(data)

    def close(self) -> None:
        super().close()
        self.page.text = " ".join("".join(self._text).split())


def read(html: str | bytes) -> Page:
    reader = _Reader()
    reader.feed(html.decode() if isinstance(html, bytes) else html)
    reader.close()
    return reader.page


def active_content(html: str | bytes) -> list[str]:
    """Everything in the page that would run or lead elsewhere: our own scripts (from
    /static/) and same-site frames are fine; anything else is listed."""
    problems = []
    for element in read(html).elements:
        tag, attrs = element.tag, element.attrs
        if tag == "script" and not attrs.get("src", "").startswith("/static/"):
            problems.append(f"<script {attrs}>")
        if tag in EMBEDDING:
            target = attrs.get("src") or attrs.get("data") or attrs.get("href") or ""
            if not target.startswith("/") or target.startswith("//"):
                problems.append(f"<{tag} {attrs}>")
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            problems.append(f"<meta refresh {attrs}>")
        for name, value in attrs.items():
            if re.fullmatch(r"on\w+", name):
                problems.append(f"<{tag}> handler {name}={value!r}")
            if name in URL_ATTRIBUTES or name.endswith(":href"):
                url = _url_as_browser_reads(value)
                if url.startswith(BAD_SCHEMES):
                    problems.append(f"<{tag}> {name}={value!r}")
                if url.startswith("//"):
                    problems.append(f"<{tag}> protocol-relative {name}={value!r}")
    return problems
