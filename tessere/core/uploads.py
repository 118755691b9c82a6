"""Uploaded files, checked by what they are: the first bytes decide the type, never the name
or the type the browser declared. A PNG called "slides.pdf" is stored and served as a PNG; an
HTML page, an SVG or an executable is refused whatever it is called; filenames are cleaned of
directories and odd characters. Every app that accepts files (meeting materials, forum
attachments, the work repository) calls inspect_upload(); files are then served only through
a permission-checked view, never from a public media URL.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
IMAGE_TYPES = frozenset({"image/png", "image/jpeg"})

# Extensions each type may keep; the first is the one given when the name says otherwise.
EXTENSIONS = {
    "application/pdf": ("pdf",),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg"),
    "audio/mpeg": ("mp3",),
    "audio/mp4": ("m4a", "mp4"),
    "video/mp4": ("mp4", "m4v"),
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
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return None


def sniff(stream: IO[bytes]) -> str | None:
    """The content type the first bytes reveal, among the accepted ones (None otherwise)."""
    stream.seek(0)
    head = stream.read(32)
    stream.seek(0)
    content_type: str | None = None
    if head.startswith(b"%PDF-"):
        content_type = "application/pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        content_type = "image/png"
    elif head.startswith(b"\xff\xd8\xff"):
        content_type = "image/jpeg"
    elif head.startswith(b"PK\x03\x04"):
        content_type = _zip_type(stream)
    elif head.startswith(b"ID3") or (
        len(head) > 1 and head[0] == 0xFF and head[1] in MP3_FRAME_SECOND_BYTES
    ):
        content_type = "audio/mpeg"
    elif head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand == b"M4A ":
            content_type = "audio/mp4"
        elif brand in MP4_BRANDS:
            content_type = "video/mp4"
    stream.seek(0)
    return content_type


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


def inspect_upload(upload: UploadedFile) -> Inspected:
    """Checks an upload's size and real type; raises UploadRefused with the reason."""
    size = upload.size or 0
    if size > MAX_UPLOAD_BYTES:
        raise UploadRefused(
            _("The file is too large: at most %(size)s MB.")
            % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    if size == 0:
        raise UploadRefused(_("The file is empty."))
    content_type = sniff(upload)
    if content_type is None:
        raise UploadRefused(
            _(
                "This kind of file is not accepted: PDF, PNG or JPEG images, Office or "
                "OpenDocument files, MP3 audio and MP4 video are."
            )
        )
    return Inspected(
        content_type=content_type,
        filename=clean_filename(upload.name or "", content_type),
        size=size,
    )
