"""Text extraction for search: PDF, DOCX, ODT and PPTX read within bounds; broken and hostile
files give no text instead of an error (billion laughs, lying archive entries, junk)."""

from __future__ import annotations

import io
import zipfile

import pytest

from .. import demo_files, extract
from ..extract import DOCX, UnsafeXML, extract_text, paragraphs

ODT = "application/vnd.oasis.opendocument.text"
PPTX = extract.PPTX


def test_text_from_the_generated_pdf() -> None:
    pdf = demo_files.make_pdf(
        [
            ("Relazione finale", ("Le mediatrici culturali e le formazioni congiunte.",)),
            ("Seconda pagina", ("Perché la città è più inclusiva.",)),
        ]
    )
    text = extract_text(pdf, "application/pdf")
    assert "Le mediatrici culturali e le formazioni congiunte." in text
    assert "Perché la città è più inclusiva." in text
    assert extract.pdf_first_page(pdf).startswith("Relazione finale")


def test_text_from_the_generated_docx_and_odt() -> None:
    paragraphs = ["Accesso ai diritti: documenti & residenza.", "Una mediatrice <per> sportello."]
    assert extract_text(demo_files.make_docx("Scheda", paragraphs), DOCX) == "\n".join(
        ["Scheda", *paragraphs]
    )
    assert extract_text(demo_files.make_odt("Verbale", paragraphs), ODT) == "\n".join(
        ["Verbale", *paragraphs]
    )


def test_text_from_a_pptx() -> None:
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in (2, 1, 10):
            archive.writestr(
                f"ppt/slides/slide{n}.xml",
                f'<p:sld xmlns:p="x" xmlns:a="{a}"><a:p><a:r><a:t>Slide {n}</a:t></a:r></a:p></p:sld>',
            )
    assert extract_text(buffer.getvalue(), PPTX) == "Slide 1\nSlide 2\nSlide 10"


def test_the_pdf_text_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract, "MAX_PAGES", 2)
    pdf = demo_files.make_pdf([(f"Pagina {i}", ("testo",)) for i in range(5)])
    text = extract_text(pdf, "application/pdf")
    assert "Pagina 1" in text and "Pagina 2" not in text
    monkeypatch.setattr(extract, "MAX_CHARS", 10)
    assert len(extract_text(pdf, "application/pdf")) <= 10


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"""


def docx_with_document_xml(xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def test_a_billion_laughs_is_refused_before_parsing() -> None:
    with pytest.raises(UnsafeXML):
        paragraphs(BILLION_LAUGHS, {"{x}p"})
    assert extract_text(docx_with_document_xml(BILLION_LAUGHS), DOCX) == ""


def test_external_entities_are_refused_too() -> None:
    xxe = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    assert extract_text(docx_with_document_xml(xxe), DOCX) == ""
    # Past the quick byte check (UTF-16 hides "<!DOCTYPE" from it), expat's handlers refuse.
    laughs16 = BILLION_LAUGHS.replace(b'<?xml version="1.0"?>', b"").decode().encode("utf-16")
    with pytest.raises(UnsafeXML):
        paragraphs(laughs16, {"{x}p"})
    assert extract_text(docx_with_document_xml(laughs16), DOCX) == ""


def test_an_entry_larger_than_the_limit_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract, "MAX_XML_BYTES", 1000)
    big = b"<w:document>" + b"<w:p/>" * 1000 + b"</w:document>"
    assert extract_text(docx_with_document_xml(big), DOCX) == ""


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (b"%PDF-1.4\n garbage", "application/pdf"),
        (
            b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>",
            "application/pdf",
        ),
        (b"PK\x03\x04 not a zip", DOCX),
        (docx_with_document_xml(b"<unclosed"), DOCX),
        (b"", ODT),
    ],
)
def test_broken_files_give_no_text(data: bytes, content_type: str) -> None:
    assert extract_text(data, content_type) == ""


def test_images_and_audio_have_no_text() -> None:
    assert extract_text(demo_files.make_png(), "image/png") == ""
