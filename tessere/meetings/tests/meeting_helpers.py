"""Helpers shared by the meeting-page tests (plan, agenda, attendance, materials, closing...)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.test import Client
from django.utils import timezone

from tessere.accounts.models import User
from tessere.registry.models import Programme

from ..models import Meeting
from .factories import make_meeting

ROME = ZoneInfo("Europe/Rome")
LoginAs = Callable[[User | None], Client]

# The personas every view is checked as; the meeting team is the programme's admins and
# facilitators (and the facilitators named on a meeting).
CHECKED = [
    "anonymous",
    "outsider",
    "other_representative",
    "representative",
    "coordinator",
    "programme_admin",
    "facilitator",
    "mentor",
    "expert",
    "monitor",
]
TEAM = {"programme_admin", "facilitator"}
MEMBERS = set(CHECKED) - {"anonymous", "outsider"}


def rome(year: int, month: int, day: int, hour: int = 9, minute: int = 30) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=ROME)


def days_from_today(days: int, hour: int = 9, minute: int = 30) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return rome(day.year, day.month, day.day, hour, minute)


def ended_meeting(programme: Programme, *, days_ago: int = 1, **extra: object) -> Meeting:
    """A half-day that took place `days_ago` days ago, 09:30–13:30."""
    start = days_from_today(-days_ago)
    return make_meeting(programme, start=start, end=start + dt.timedelta(hours=4), **extra)  # type: ignore[arg-type]


def running_meeting(programme: Programme, **extra: object) -> Meeting:
    """A meeting that started half an hour ago and ends in three and a half hours."""
    start = timezone.now() - dt.timedelta(minutes=30)
    return make_meeting(programme, start=start, end=start + dt.timedelta(hours=4), **extra)  # type: ignore[arg-type]


# --- Files, by their first bytes -----------------------------------------------------------------
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 64
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


def zipped(entries: dict[str, bytes], *, stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if stored_first:
            archive.writestr(stored_first, entries.pop(stored_first), zipfile.ZIP_STORED)
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx() -> bytes:
    return zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def docm() -> bytes:
    return zipped(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
            "word/vbaProject.bin": b"\x00" * 16,
        }
    )


def odt() -> bytes:
    return zipped(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"},
        stored_first="mimetype",
    )


def plain_zip() -> bytes:
    return zipped({"notes.txt": b"hello"})
