"""The text of a file, for search: PDF (pypdf), DOCX, PPTX and the OpenDocument formats.

Run at upload, inside the service (add_version), and bounded so it stays quick: at most
MAX_PAGES pages of a PDF, MAX_CHARS characters, MAX_XML_BYTES of XML read from an archive
(read in bounded chunks, so an entry lying about its size cannot inflate further). The
archive's directory was already checked against zip bombs by core/uploads.py.

Never fails: a broken or hostile file gives "" (the document is still stored, it just is
not found by its text). Python's XML parsers (3.11) do not fetch external entities but do
expand internal ones, and defusedxml is not installed: so XML is read with expat directly, and any DOCTYPE or entity declaration is refused (a "billion
laughs" never expands; Office and OpenDocument files never declare one).
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from xml.parsers import expat

logger = logging.getLogger(__name__)

MAX_PAGES = 200
MAX_CHARS = 200_000
MAX_XML_BYTES = 20 * 1024 * 1024

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODF_TYPES = frozenset(
    {
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.presentation",
        "application/vnd.oasis.opendocument.spreadsheet",
    }
)


class UnsafeXML(ValueError):
    """XML with a DOCTYPE (entities: a billion laughs), or larger than we read."""


def _tidy(text: str) -> str:
    text = text.replace("\x00", "")
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r"\n\s*\n+", "\n\n", text)
    return text.strip()[:MAX_CHARS]


def extract_text(data: bytes, content_type: str) -> str:
    """The searchable text of a file, or "" when there is none (or it cannot be read)."""
    try:
        if content_type == "application/pdf":
            return _tidy(pdf_text(data))
        if content_type == DOCX:
            return _tidy(docx_text(data))
        if content_type == PPTX:
            return _tidy(pptx_text(data))
        if content_type in ODF_TYPES:
            return _tidy(odf_text(data))
    except Exception:  # a hostile or broken file never stops the upload
        logger.info("documents: no text extracted from a %s", content_type, exc_info=True)
    return ""


# --- PDF ---------------------------------------------------------------------------------------
def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    parts: list[str] = []
    length = 0
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES or length >= MAX_CHARS:
            break
        try:
            text = page.extract_text() or ""
        except Exception:  # one broken page does not lose the others
            logger.info("documents: page %s of a PDF has no readable text", number)
            continue
        parts.append(text)
        length += len(text)
    return "\n\n".join(parts)


def pdf_first_page(data: bytes, limit: int = 1500) -> str:
    """The first page's text (for the excerpt shown beside "Open the PDF")."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data), strict=False)
        if not reader.pages:
            return ""
        return _tidy(reader.pages[0].extract_text() or "")[:limit]
    except Exception:
        return ""


# --- XML inside archives ----------------------------------------------------------------------
def read_member(archive: zipfile.ZipFile, name: str, limit: int = MAX_XML_BYTES) -> bytes:
    """An archive member, read in chunks and refused past `limit` bytes, whatever its header
    declares."""
    chunks: list[bytes] = []
    total = 0
    with archive.open(name) as member:
        while chunk := member.read(64 * 1024):
            total += len(chunk)
            if total > limit:
                raise UnsafeXML(f"{name} is larger than {limit} bytes")
            chunks.append(chunk)
    return b"".join(chunks)


def _refuse(*_args: object) -> None:
    raise UnsafeXML("XML with a DOCTYPE or an entity")


def _refuse_reference(*_args: object) -> int:
    raise UnsafeXML("XML with an external entity")


def paragraphs(data: bytes, paragraph: set[str], text: set[str] | None = None) -> list[str]:
    """The text of each paragraph element (names as "{namespace}local"), read with expat:
    no tree is built, and any DOCTYPE, entity declaration or external reference is refused,
    so nothing can be expanded ("billion laughs") or fetched. With `text`, only the character
    data inside those elements counts (Office's runs); without, all of it (OpenDocument)."""
    if re.search(rb"<!\s*(DOCTYPE|ENTITY)", data, flags=re.IGNORECASE):
        raise UnsafeXML("XML with a DOCTYPE")
    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse_reference
    found: list[str] = []
    open_paragraphs: list[list[str]] = []
    inside_text = 0

    def start(name: str, _attrs: object) -> None:
        nonlocal inside_text
        tag = "{" + name
        if tag in paragraph:
            open_paragraphs.append([])
        elif text is not None and tag in text:
            inside_text += 1

    def end(name: str) -> None:
        nonlocal inside_text
        tag = "{" + name
        if tag in paragraph and open_paragraphs:
            joined = "".join(open_paragraphs.pop())
            if joined.strip():
                found.append(joined)
        elif text is not None and tag in text:
            inside_text -= 1

    def chars(value: str) -> None:
        if open_paragraphs and (text is None or inside_text > 0):
            open_paragraphs[-1].append(value)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.Parse(data, True)
    return found


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = read_member(archive, "word/document.xml")
    return "\n".join(paragraphs(xml, {f"{W_NS}p"}, {f"{W_NS}t"}))


def _slide_number(name: str) -> int:
    match = re.search(r"(\d+)\.xml$", name)
    return int(match.group(1)) if match else 0


def pptx_text(data: bytes) -> str:
    parts: list[str] = []
    budget = MAX_XML_BYTES
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        slides = sorted(
            (n for n in archive.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)),
            key=_slide_number,
        )
        for name in slides[:MAX_PAGES]:
            xml = read_member(archive, name, budget)
            budget -= len(xml)
            parts.extend(paragraphs(xml, {f"{A_NS}p"}, {f"{A_NS}t"}))
    return "\n".join(parts)


def odf_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = read_member(archive, "content.xml")
    return "\n".join(paragraphs(xml, {f"{TEXT_NS}p", f"{TEXT_NS}h"}))
