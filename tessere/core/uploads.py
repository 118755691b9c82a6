"""Uploaded files, checked by what they are: the first bytes decide the type, never the name
or the type the browser declared. A PNG called "slides.pdf" is stored and served as a PNG; an
HTML page, an SVG or an executable is refused whatever it is called; filenames are cleaned of
directories and odd characters. Every app that accepts files (meeting materials, forum
attachments, the work repository) calls inspect_upload(); files are then served only through
a permission-checked view, never from a public media URL.

Two levels:

- `inspect_upload(upload)`: size, real type (magic bytes), a clean filename, and, for Office
  and OpenDocument files, the archive's directory checked against zip bombs (too many
  entries, too much once inflated, a member inflating more than 100 times). Nothing is
  decoded: cheap enough for every form.
- `prepare_upload(upload)`: all of the above, then images are decoded with Pillow (a file that
  only starts like a PNG is refused, and so is a decompression bomb: too many pixels) and
  photos are re-saved without their metadata (EXIF with the GPS position, XMP, comments),
  the EXIF orientation applied first so the picture stays upright. It returns the bytes to
  store. The work repository uses it; whoever stores photos should.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
AUDIO_TYPES = frozenset({"audio/mpeg", "audio/mp4", "audio/ogg", "audio/wav"})
VIDEO_TYPES = frozenset({"video/mp4", "video/webm"})

# Extensions each type may keep; the first is the one given when the name says otherwise.
EXTENSIONS = {
    "application/pdf": ("pdf",),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/gif": ("gif",),
    "image/webp": ("webp",),
    "audio/mpeg": ("mp3",),
    "audio/mp4": ("m4a", "mp4"),
    "audio/ogg": ("ogg", "oga", "opus"),
    "audio/wav": ("wav",),
    "video/mp4": ("mp4", "m4v"),
    "video/webm": ("webm",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ("pptx",),
    "application/vnd.oasis.opendocument.text": ("odt",),
    "application/vnd.oasis.opendocument.spreadsheet": ("ods",),
    "application/vnd.oasis.opendocument.presentation": ("odp",),
}
KNOWN_EXTENSIONS = frozenset(ext for exts in EXTENSIONS.values() for ext in exts)
OOXML_PARTS = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
ARCHIVE_TYPES = frozenset(
    content_type
    for content_type in EXTENSIONS
    if content_type.startswith("application/vnd.openxmlformats")
    or content_type.startswith("application/vnd.oasis")
)
MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"dash",
    b"M4V ",
}
MP3_FRAME_SECOND_BYTES = {0xFB, 0xFA, 0xF3, 0xF2, 0xE3, 0xE2}

# Zip bombs: an Office file of a few kilobytes can declare gigabytes. These hold for every
# real document the community shares (a 300-page report with photos is ~30 MB inflated).
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_TOTAL_BYTES = 100 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_RATIO_FLOOR = 1024 * 1024  # smaller members cannot hurt, whatever their ratio
# Images: 50 megapixels (a 48 MP phone photo passes); decoding costs ~4 bytes a pixel.
IMAGE_MAX_PIXELS = 50_000_000


class UploadRefused(ValidationError):
    """The file is not one Tessere accepts (the message says why)."""


@dataclass(frozen=True)
class Inspected:
    content_type: str
    filename: str
    size: int

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGE_TYPES


@dataclass(frozen=True)
class Prepared:
    """An upload checked in depth: the bytes to store (images without their metadata)."""

    content_type: str
    filename: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGE_TYPES


def _zip_type(stream: IO[bytes]) -> str | None:
    """The Office or OpenDocument type of a zip, read from its directory (nothing inflated
    but ODF's few-byte `mimetype` entry); None for any other zip, or a macro-enabled one."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None  # macros: not shared through the community's pages
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return declared if declared in EXTENSIONS else None
            if "[Content_Types].xml" in names:
                for prefix, content_type in OOXML_PARTS.items():
                    if any(name.startswith(prefix) for name in names):
                        return content_type
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
        return None
    return None


def _ogg_type(head: bytes) -> str | None:
    # The first Ogg page carries the codec's identification header at byte 28.
    codec = head[28:36]
    if codec.startswith(b"OpusHead") or codec.startswith(b"\x01vorbis"):
        return "audio/ogg"
    return None


def _mp4_type(head: bytes) -> str | None:
    brand = head[8:12]
    if brand == b"M4A ":
        return "audio/mp4"
    if brand in MP4_BRANDS:
        return "video/mp4"
    return None


def sniff(stream: IO[bytes]) -> str | None:
    """The content type the first bytes reveal, among the accepted ones (None otherwise)."""
    stream.seek(0)
    head = stream.read(64)
    stream.seek(0)
    content_type: str | None = None
    if head.startswith(b"%PDF-"):
        content_type = "application/pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        content_type = "image/png"
    elif head.startswith(b"\xff\xd8\xff"):
        content_type = "image/jpeg"
    elif head.startswith((b"GIF87a", b"GIF89a")):
        content_type = "image/gif"
    elif head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        content_type = "image/webp"
    elif head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        content_type = "audio/wav"
    elif head.startswith(b"OggS"):
        content_type = _ogg_type(head)
    elif head.startswith(b"\x1a\x45\xdf\xa3"):
        content_type = "video/webm" if b"webm" in head else None  # Matroska (.mkv) is not
    elif head.startswith(b"PK\x03\x04"):
        content_type = _zip_type(stream)
    elif head.startswith(b"ID3") or (
        len(head) > 1 and head[0] == 0xFF and head[1] in MP3_FRAME_SECOND_BYTES
    ):
        content_type = "audio/mpeg"
    elif head[4:8] == b"ftyp":
        content_type = _mp4_type(head)
    stream.seek(0)
    return content_type


def looks_like_svg(stream: IO[bytes]) -> bool:
    """An SVG (XML whose root is <svg>): refused with its own message, since people meet it
    as "an image" and deserve to know why and what to do instead."""
    stream.seek(0)
    head = stream.read(2048)
    stream.seek(0)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<?xml", b"<svg", b"<!doctype svg")) and b"<svg" in text


def clean_filename(name: str, content_type: str) -> str:
    """A safe base name (no directories, no control or odd characters) whose extension says
    what the content really is."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFKC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = re.sub(r"[^\w.\- ]", "", base).strip().replace(" ", "_")
    base = re.sub(r"\.{2,}", ".", base).strip("._-")
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    allowed = EXTENSIONS[content_type]
    if ext.lower() not in allowed:
        if ext.lower() not in KNOWN_EXTENSIONS:
            stem = base  # "notes.final" keeps its dot part and gets the true extension
        ext = allowed[0]
    stem = stem[:80].strip("._-") or "file"
    return f"{stem}.{ext.lower()}"


def _megabytes(size: int) -> int:
    return size // (1024 * 1024)


def check_archive(stream: IO[bytes]) -> None:
    """Refuses an Office or OpenDocument file whose directory promises a zip bomb. Only the
    central directory is read: nothing is inflated."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise UploadRefused(_("The file is damaged: it cannot be opened.")) from None
    finally:
        stream.seek(0)
    if len(members) > ZIP_MAX_ENTRIES:
        raise UploadRefused(
            _(
                "This document contains too many parts (more than %(count)s): it looks "
                "like a compressed bomb, not a real document."
            )
            % {"count": ZIP_MAX_ENTRIES}
        )
    total = sum(member.file_size for member in members)
    if total > ZIP_MAX_TOTAL_BYTES:
        raise UploadRefused(
            _(
                "Once opened, this document would take more than %(size)s MB: it looks like "
                "a compressed bomb, not a real document."
            )
            % {"size": _megabytes(ZIP_MAX_TOTAL_BYTES)}
        )
    for member in members:
        if member.file_size > ZIP_RATIO_FLOOR and member.file_size > ZIP_MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise UploadRefused(
                _(
                    "A part of this document expands more than %(ratio)s times once "
                    "opened: it looks like a compressed bomb, not a real document."
                )
                % {"ratio": ZIP_MAX_RATIO}
            )


def inspect_upload(upload: UploadedFile, *, max_bytes: int | None = None) -> Inspected:
    """Checks an upload's size and real type; raises UploadRefused with the reason."""
    limit = MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    size = upload.size or 0
    if size > limit:
        raise UploadRefused(
            _("The file is too large: at most %(size)s MB.") % {"size": max(_megabytes(limit), 1)}
        )
    if size == 0:
        raise UploadRefused(_("The file is empty."))
    content_type = sniff(upload)
    if content_type is None:
        if looks_like_svg(upload):
            raise UploadRefused(
                _("SVG images can contain scripts: export it as PNG and upload that.")
            )
        raise UploadRefused(
            _(
                "This kind of file is not accepted: PDF, images (PNG, JPEG, GIF, WebP), "
                "Office or OpenDocument files, audio (MP3, M4A, OGG, WAV) and video (MP4, "
                "WebM) are."
            )
        )
    if content_type in ARCHIVE_TYPES:
        check_archive(upload)
    return Inspected(
        content_type=content_type,
        filename=clean_filename(upload.name or "", content_type),
        size=size,
    )


# --- Images: decoded, bombs refused, metadata stripped ------------------------------------------
PILLOW_FORMATS = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "GIF": "image/gif",
    "WEBP": "image/webp",
}


def _bomb_message() -> str:
    return _(
        "This image has too many pixels (more than %(pixels)s million): reduce it and upload "
        "it again."
    ) % {"pixels": IMAGE_MAX_PIXELS // 1_000_000}


def _damaged_image() -> UploadRefused:
    return UploadRefused(_("This image is damaged or is not really an image: it cannot be opened."))


def clean_image(data: bytes, content_type: str) -> bytes:
    """Decodes the image (refusing bombs and fakes) and returns it re-saved without metadata:
    EXIF (and with it the GPS position), XMP and comments are dropped; the EXIF orientation
    is applied first. GIFs are decoded and kept as they are (they carry no EXIF)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that: refuse both.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                if PILLOW_FORMATS.get(probe.format or "") != content_type:
                    raise _damaged_image()
                width, height = probe.size
                frames = getattr(probe, "n_frames", 1)
                if width * height * max(frames, 1) > IMAGE_MAX_PIXELS:
                    raise UploadRefused(_bomb_message())
                probe.verify()
            if content_type == "image/gif":
                with Image.open(io.BytesIO(data)) as image:
                    image.load()
                return data
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                icc = image.info.get("icc_profile")
                animated = frames > 1
                upright = image if animated else ImageOps.exif_transpose(image)
                return _resave(upright, content_type, icc=icc, animated=animated)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise UploadRefused(_bomb_message()) from None
        except UploadRefused:
            raise
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise _damaged_image() from None


def _resave(image: object, content_type: str, *, icc: object, animated: bool) -> bytes:
    from PIL import Image

    assert isinstance(image, Image.Image)
    transparency = image.info.get("transparency")
    image.info = {}  # nothing of the original's metadata may ride along
    if transparency is not None:
        image.info["transparency"] = transparency
    out = io.BytesIO()
    options: dict[str, object] = {}
    if icc:
        options["icc_profile"] = icc
    if content_type == "image/jpeg":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90, optimize=True, **options)
    elif content_type == "image/png":
        image.save(out, "PNG", optimize=True, **options)
    else:
        image.save(out, "WEBP", quality=90, save_all=animated, **options)
    return out.getvalue()


def prepare_upload(upload: UploadedFile, *, max_bytes: int | None = None) -> Prepared:
    """inspect_upload(), then images decoded and cleaned: the bytes to store."""
    inspected = inspect_upload(upload, max_bytes=max_bytes)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if inspected.is_image:
        data = clean_image(data, inspected.content_type)
    return Prepared(content_type=inspected.content_type, filename=inspected.filename, data=data)
