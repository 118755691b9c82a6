"""Small, valid files made on the spot for the demo and the tests: PDFs with real text (that
pypdf extracts), DOCX and ODT documents, PNG and JPEG images (one with a GPS position in its
EXIF), a WAV recording. No file is shipped in the repository; nothing is downloaded."""

from __future__ import annotations

import io
import math
import struct
import textwrap
import wave
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

# --- PDF ---------------------------------------------------------------------------------------


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _page_stream(title: str, paragraphs: Sequence[str]) -> bytes:
    lines: list[tuple[int, str]] = [(16, title), (11, "")]
    for paragraph in paragraphs:
        lines += [(11, line) for line in textwrap.wrap(paragraph, 88)] + [(11, "")]
    ops = [b"BT", b"50 790 Td"]
    for size, line in lines[:58]:
        ops.append(b"/F1 %d Tf" % size)
        ops.append(_pdf_string(line) + b" Tj")
        ops.append(b"0 -%d Td" % (size + 3))
    ops.append(b"ET")
    return b"\n".join(ops)


def make_pdf(pages: Sequence[tuple[str, Sequence[str]]]) -> bytes:
    """A PDF with one page per (title, paragraphs), in Helvetica with WinAnsiEncoding, so
    accented Italian letters survive extraction."""
    objects: list[bytes] = []
    page_ids = [3 + 2 * i for i in range(len(pages))]
    font_id = 3 + 2 * len(pages)
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(b"%d 0 R" % pid for pid in page_ids)
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)))
    for index, (title, paragraphs) in enumerate(pages):
        content = _page_stream(title, paragraphs)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
            % (font_id, page_ids[index] + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


# --- Office and OpenDocument -------------------------------------------------------------------
def _zip(entries: Sequence[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries):
            kind = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            info = zipfile.ZipInfo(name, date_time=(2022, 1, 1, 0, 0, 0))
            info.compress_type = kind
            archive.writestr(info, data)
    return buffer.getvalue()


def make_docx(title: str, paragraphs: Sequence[str]) -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
        for text in (title, *paragraphs)
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>'
    ).encode()
    types = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" '
        b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/word/document.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    return _zip(
        [("[Content_Types].xml", types), ("_rels/.rels", rels), ("word/document.xml", document)]
    )


ODT_TYPE = "application/vnd.oasis.opendocument.text"


def make_odt(title: str, paragraphs: Sequence[str]) -> bytes:
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    body = f'<text:h text:outline-level="1">{escape(title)}</text:h>' + "".join(
        f"<text:p>{escape(text)}</text:p>" for text in paragraphs
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
        f'office:version="1.3"><office:body><office:text>{body}</office:text>'
        f"</office:body></office:document-content>"
    ).encode()
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODT_TYPE}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    ).encode()
    return _zip(
        [
            ("mimetype", ODT_TYPE.encode()),
            ("META-INF/manifest.xml", manifest),
            ("content.xml", content),
        ],
        stored_first=True,
    )


# --- Images --------------------------------------------------------------------------------------
PALETTE = [(0, 102, 204), (0, 153, 102), (204, 102, 0), (153, 51, 102), (51, 51, 153)]


def _picture(seed: int, size: tuple[int, int]) -> object:
    from PIL import Image, ImageDraw

    width, height = size
    image = Image.new("RGB", size, (245, 245, 240))
    draw = ImageDraw.Draw(image)
    for i in range(6):
        colour = PALETTE[(seed + i) % len(PALETTE)]
        x = (seed * 37 + i * 53) % width
        y = (seed * 17 + i * 29) % height
        radius = 12 + (seed + i * 7) % 40
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    draw.rectangle((0, height - 18, width, height), fill=PALETTE[seed % len(PALETTE)])
    return image


def make_png(seed: int = 0, size: tuple[int, int] = (320, 200)) -> bytes:
    out = io.BytesIO()
    _picture(seed, size).save(out, "PNG")  # type: ignore[attr-defined]
    return out.getvalue()


def gps_exif(latitude: float = 44.6436, longitude: float = 7.4931) -> bytes:
    """EXIF with a camera model and a GPS position (Saluzzo, by default)."""
    from PIL import Image

    def dms(value: float) -> tuple[float, float, float]:
        degrees = math.floor(value)
        minutes = math.floor((value - degrees) * 60)
        seconds = round(((value - degrees) * 60 - minutes) * 60, 2)
        return (float(degrees), float(minutes), seconds)

    exif = Image.Exif()
    exif[0x010F] = "Fotocamera di prova"
    exif[0x0112] = 1  # orientation: upright
    exif[0x8825] = {1: "N", 2: dms(latitude), 3: "E", 4: dms(longitude)}
    return exif.tobytes()


def make_jpeg(
    seed: int = 0, size: tuple[int, int] = (320, 200), *, with_gps: bool = False
) -> bytes:
    out = io.BytesIO()
    options = {"exif": gps_exif()} if with_gps else {}
    _picture(seed, size).save(out, "JPEG", quality=85, **options)  # type: ignore[attr-defined]
    return out.getvalue()


# --- Audio ---------------------------------------------------------------------------------------
def make_wav(seconds: float = 1.0, frequency: float = 440.0, rate: int = 8000) -> bytes:
    """A short mono tone, fading in and out (16-bit PCM)."""
    frames = int(seconds * rate)
    samples = bytearray()
    for i in range(frames):
        envelope = min(1.0, i / (rate * 0.05), (frames - i) / (rate * 0.05))
        value = int(12000 * envelope * math.sin(2 * math.pi * frequency * i / rate))
        samples += struct.pack("<h", value)
    out = io.BytesIO()
    with wave.open(out, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(rate)
        recording.writeframes(bytes(samples))
    return out.getvalue()
