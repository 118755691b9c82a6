"""Uploads are typed by their content, limited in size, cleaned of directories in their names,
refused when they are SVG, HTML, executables or zip bombs, and images are decoded (refusing
decompression bombs) and re-saved without the GPS position their camera wrote."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from tessere.core import uploads
from tessere.core.uploads import (
    UploadRefused,
    clean_filename,
    clean_image,
    inspect_upload,
    prepare_upload,
    sniff,
)
from tessere.documents import demo_files

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def up(
    name: str, data: bytes, content_type: str = "application/octet-stream"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal(upload: SimpleUploadedFile, **kwargs: int) -> str:
    with translation.override("en"), pytest.raises(UploadRefused) as caught:
        prepare_upload(upload, **kwargs)
    return " ".join(caught.value.messages)


def png_image(size: tuple[int, int] = (8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "blue").save(out, "PNG")
    return out.getvalue()


def image_bytes(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 12), "green").save(out, fmt)
    return out.getvalue()


# --- Types by content ----------------------------------------------------------------------------
def _ogg(codec: bytes) -> bytes:
    return b"OggS" + b"\x00" * 24 + codec + b"\x00" * 32


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (demo_files.make_pdf([("T", ("x",))]), "application/pdf"),
        (image_bytes("PNG"), "image/png"),
        (image_bytes("JPEG"), "image/jpeg"),
        (image_bytes("GIF"), "image/gif"),
        (image_bytes("WEBP"), "image/webp"),
        (demo_files.make_wav(0.1), "audio/wav"),
        (_ogg(b"OpusHead"), "audio/ogg"),
        (_ogg(b"\x01vorbis"), "audio/ogg"),
        (b"ID3\x04" + b"\x00" * 40, "audio/mpeg"),
        (b"\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00" + b"\x00" * 40, "audio/mp4"),
        (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00" + b"\x00" * 40, "video/mp4"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm" + b"\x00" * 40, "video/webm"),
        (demo_files.make_docx("T", ["x"]), DOCX),
        (demo_files.make_odt("T", ["x"]), "application/vnd.oasis.opendocument.text"),
    ],
)
def test_accepted_types_are_recognised_by_their_first_bytes(data: bytes, content_type: str) -> None:
    assert sniff(io.BytesIO(data)) == content_type
    assert inspect_upload(up("qualcosa", data)).content_type == content_type


@pytest.mark.parametrize(
    "data",
    [
        b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska",  # .mkv: not accepted
        _ogg(b"\x80theora"),  # Ogg video
        b"RIFF\x00\x00\x00\x00AVI LIST",
    ],
)
def test_lookalike_containers_are_refused(data: bytes) -> None:
    assert sniff(io.BytesIO(data + b"\x00" * 40)) is None


def test_a_file_whose_extension_lies_gets_its_true_extension() -> None:
    inspected = inspect_upload(up("relazione.pdf", png_image(), "application/pdf"))
    assert inspected.content_type == "image/png"
    assert inspected.filename == "relazione.png"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "disegno.svg",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        ),
        ("disegno.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("disegno.pdf", b"\xef\xbb\xbf  \n<svg><a href='javascript:alert(1)'/></svg>"),
    ],
)
def test_svg_is_refused_with_its_own_message(name: str, data: bytes) -> None:
    assert "SVG images can contain scripts: export it as PNG" in refusal(up(name, data))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("pagina.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("pagina.html", b"<html><body onload=alert(1)>"),
        ("setup.pdf", b"MZ\x90\x00" + b"\x00" * 60),
        ("note.pdf", b"just some text"),
    ],
)
def test_html_executables_and_text_are_refused_whatever_their_name(name: str, data: bytes) -> None:
    assert "This kind of file is not accepted" in refusal(up(name, data))


def test_an_empty_file_is_refused() -> None:
    assert "empty" in refusal(up("vuoto.pdf", b""))


def test_the_size_limit_holds_and_can_be_lowered() -> None:
    pdf = demo_files.make_pdf([("T", ("x",))])
    assert "too large: at most 1 MB" in refusal(
        up("grande.pdf", pdf + b"0" * (1024 * 1024)), max_bytes=1024 * 1024
    )
    assert inspect_upload(up("ok.pdf", pdf), max_bytes=len(pdf)).size == len(pdf)
    with pytest.raises(UploadRefused):
        inspect_upload(up("x.pdf", pdf + b"0" * uploads.MAX_UPLOAD_BYTES))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\System32\\evil.pdf", "evil.pdf"),
        ("C:\\Users\\maria\\Desktop\\relazione finale.pdf", "relazione_finale.pdf"),
        ("/etc/passwd", "passwd.pdf"),
        ("..", "file.pdf"),
        ("rapporto\u202egpj.exe.pdf", "rapportogpj.exe.pdf"),
        ("Città e comunità.pdf", "Città_e_comunità.pdf"),
    ],
)
def test_path_traversal_names_are_cleaned(name: str, expected: str) -> None:
    assert clean_filename(name, "application/pdf") == expected


# --- Zip bombs -----------------------------------------------------------------------------------
def zipped(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_with(extra: list[tuple[str, bytes]]) -> bytes:
    return zipped(
        [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>"), *extra]
    )


def test_a_zip_bomb_docx_is_refused() -> None:
    bomb = docx_with([("word/media/zeros.bin", b"\x00" * (5 * 1024 * 1024))])
    assert len(bomb) < 20_000
    assert "expands more than 100 times" in refusal(up("bomba.docx", bomb))


def test_an_archive_declaring_too_much_once_inflated_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(uploads, "ZIP_MAX_TOTAL_BYTES", 1024 * 1024)
    data = docx_with([("word/media/big.bin", bytes(range(256)) * 5000)])
    assert "more than 1 MB" in refusal(up("grande.docx", data))


def test_an_archive_with_too_many_entries_is_refused() -> None:
    data = docx_with([(f"word/parts/p{i}.xml", b"<p/>") for i in range(2001)])
    assert "too many parts" in refusal(up("parti.docx", data))


def test_a_normal_docx_passes_the_archive_checks() -> None:
    data = demo_files.make_docx("Relazione", ["Testo " * 2000])
    assert prepare_upload(up("relazione.docx", data)).content_type == DOCX


# --- Images --------------------------------------------------------------------------------------
def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def decompression_bomb_png(side: int = 30_000) -> bytes:
    """A PNG declaring side × side pixels (900 megapixels) in a few kilobytes."""
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(200)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", body)
        + _chunk(b"IEND", b"")
    )


def test_a_decompression_bomb_png_is_refused() -> None:
    data = decompression_bomb_png()
    assert inspect_upload(up("mappa.png", data)).content_type == "image/png"  # looks like one
    assert "too many pixels" in refusal(up("mappa.png", data))


def test_an_image_just_over_our_limit_but_under_pillows_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(uploads, "IMAGE_MAX_PIXELS", 50)
    assert "too many pixels" in refusal(up("foto.png", png_image((10, 10))))


def test_a_file_that_only_starts_like_an_image_is_refused() -> None:
    fake = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    assert "damaged or is not really an image" in refusal(up("foto.png", fake))
    truncated = image_bytes("JPEG")[:40]
    assert "damaged or is not really an image" in refusal(up("foto.jpg", truncated))


def test_gps_exif_is_stripped_from_a_jpeg() -> None:
    photo = demo_files.make_jpeg(with_gps=True)
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(0x8825)  # it had a position
    prepared = prepare_upload(up("foto.jpg", photo, "image/jpeg"))
    with Image.open(io.BytesIO(prepared.data)) as cleaned:
        assert cleaned.format == "JPEG"
        assert not cleaned.getexif().get_ifd(0x8825)
        assert len(cleaned.getexif()) == 0
        assert "exif" not in cleaned.info
    assert b"Fotocamera di prova" not in prepared.data


def test_the_orientation_is_applied_before_the_exif_is_dropped() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "red").save(out, "JPEG", exif=exif.tobytes())
    cleaned = Image.open(io.BytesIO(clean_image(out.getvalue(), "image/jpeg")))
    assert cleaned.size == (20, 40)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_exif_is_stripped_from_png_and_webp(fmt: str) -> None:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "red").save(out, fmt, exif=demo_files.gps_exif())
    content_type = f"image/{fmt.lower()}"
    cleaned = Image.open(io.BytesIO(clean_image(out.getvalue(), content_type)))
    assert cleaned.format == fmt
    assert "exif" not in cleaned.info


def test_gifs_are_decoded_and_kept() -> None:
    gif = image_bytes("GIF")
    assert prepare_upload(up("animazione.gif", gif)).data == gif


def test_non_images_are_kept_byte_for_byte() -> None:
    pdf = demo_files.make_pdf([("T", ("x",))])
    prepared = prepare_upload(up("x.pdf", pdf))
    assert prepared.data == pdf and prepared.size == len(pdf) and len(prepared.sha256) == 64
