"""Serving files: only through the permission-checked views, with nosniff, a sandboxing CSP,
private caching, a safe Content-Disposition; Range requests so players can seek; downloads
counted (previews are not)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from conftest import Personas
from tessere.accounts.models import User
from tessere.community.tests.factories import Spaces

from .. import demo_files
from ..models import Document
from ..ranges import ByteRange, Unsatisfiable, parse_range
from .factories import PDF, DocWorld, make_document

pytestmark = pytest.mark.django_db
LoginAs = Callable[[User | None], Client]


def body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def count(document: Document) -> int:
    document.refresh_from_db()
    return document.download_count


def test_a_download_is_an_attachment_with_safe_headers(
    personas: Personas, docs: DocWorld, client: Client
) -> None:
    response = client.get(reverse("documents:download", args=[docs.public.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="relazione.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "private" in response["Cache-Control"]
    assert response["Accept-Ranges"] == "bytes"
    assert body(response) == PDF


def test_a_non_ascii_filename_uses_rfc_5987(
    personas: Personas, spaces: Spaces, client: Client
) -> None:
    document = make_document(
        spaces.repository, personas.representative, file=("Città sicura.pdf", PDF)
    )
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert "filename*=utf-8''Citt%C3%A0_sicura.pdf" in response["Content-Disposition"]


def test_images_audio_video_and_pdfs_open_inline(
    personas: Personas, spaces: Spaces, client: Client
) -> None:
    image = make_document(
        spaces.repository,
        personas.representative,
        kind="image",
        file=("foto.png", demo_files.make_png()),
    )
    response = client.get(reverse("documents:file", args=[image.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert "sandbox" in response["Content-Security-Policy"]
    pdf = make_document(spaces.repository, personas.representative)
    opened = client.get(reverse("documents:file", args=[pdf.pk]))
    assert opened["Content-Disposition"].startswith("inline")
    # Chrome will not start its PDF viewer in a sandboxed document: no sandbox, still no scripts.
    assert "sandbox" not in opened["Content-Security-Policy"]
    assert "script-src" not in opened["Content-Security-Policy"]
    assert opened["Content-Security-Policy"].startswith("default-src 'none'")
    assert opened["X-Content-Type-Options"] == "nosniff"


def test_an_office_file_is_never_inline(personas: Personas, spaces: Spaces, client: Client) -> None:
    document = make_document(
        spaces.repository,
        personas.representative,
        file=("scheda.docx", demo_files.make_docx("T", ["x"])),
    )
    response = client.get(reverse("documents:file", args=[document.pk]))
    assert response["Content-Disposition"].startswith("attachment")


def test_range_requests_let_players_seek(
    personas: Personas, spaces: Spaces, client: Client
) -> None:
    wav = demo_files.make_wav(0.5)
    audio = make_document(
        spaces.repository, personas.representative, kind="audio", file=("voce.wav", wav)
    )
    url = reverse("documents:file", args=[audio.pk])
    partial = client.get(url, headers={"Range": "bytes=100-199"})
    assert partial.status_code == 206
    assert partial["Content-Range"] == f"bytes 100-199/{len(wav)}"
    assert partial["Content-Length"] == "100"
    assert body(partial) == wav[100:200]
    assert partial["X-Content-Type-Options"] == "nosniff"
    tail = client.get(url, headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and body(tail) == wav[-10:]
    open_ended = client.get(url, headers={"Range": f"bytes={len(wav) - 5}-"})
    assert body(open_ended) == wav[-5:]
    too_far = client.get(url, headers={"Range": f"bytes={len(wav)}-"})
    assert too_far.status_code == 416
    assert too_far["Content-Range"] == f"bytes */{len(wav)}"
    several = client.get(url, headers={"Range": "bytes=0-1,5-9"})
    assert several.status_code == 200 and body(several) == wav
    stale = client.get(url, headers={"Range": "bytes=0-9", "If-Range": '"not-this-file"'})
    assert stale.status_code == 200


@pytest.mark.parametrize(
    ("header", "size", "expected"),
    [
        (None, 100, None),
        ("bytes=0-9", 100, ByteRange(0, 9)),
        ("bytes=90-200", 100, ByteRange(90, 99)),
        ("bytes=-30", 100, ByteRange(70, 99)),
        ("bytes=-300", 100, ByteRange(0, 99)),
        ("bytes=5-", 100, ByteRange(5, 99)),
        ("bytes=9-3", 100, None),
        ("items=0-9", 100, None),
        ("bytes=0-1, 4-5", 100, None),
        ("bytes=-", 100, None),
    ],
)
def test_parse_range(header: str | None, size: int, expected: ByteRange | None) -> None:
    assert parse_range(header, size) == expected


@pytest.mark.parametrize(
    ("header", "size"), [("bytes=100-", 100), ("bytes=-0", 100), ("bytes=-5", 0)]
)
def test_unsatisfiable_ranges(header: str, size: int) -> None:
    with pytest.raises(Unsatisfiable):
        parse_range(header, size)


def test_downloads_are_counted_previews_are_not(
    personas: Personas, docs: DocWorld, client: Client
) -> None:
    document = docs.public
    version = document.current_version
    assert version is not None
    client.get(reverse("documents:file", args=[document.pk]))
    client.get(document.get_absolute_url())
    assert count(document) == 0
    client.get(reverse("documents:download", args=[document.pk]))
    client.get(reverse("documents:version_download", args=[document.pk, version.pk]))
    assert count(document) == 2
    client.get(reverse("documents:download", args=[document.pk]), headers={"Range": "bytes=50-"})
    assert count(document) == 2  # a resumed download is the same download
    client.head(reverse("documents:download", args=[document.pk]))
    assert count(document) == 2


def test_a_links_download_is_a_counted_redirect(docs: DocWorld, client: Client) -> None:
    response = client.get(reverse("documents:download", args=[docs.link.pk]))
    assert response.status_code == 302
    assert response["Location"] == "https://mappe.example.org/saluzzo"
    assert count(docs.link) == 1
    assert client.get(reverse("documents:file", args=[docs.link.pk])).status_code == 404


def test_files_are_never_reachable_from_the_media_url(
    personas: Personas, docs: DocWorld, login_as: LoginAs, settings, media: Path
) -> None:
    version = docs.private.current_version
    assert version is not None
    assert (media / version.file.name).exists()
    media_path = settings.MEDIA_URL + version.file.name
    with pytest.raises(Resolver404):
        resolve(media_path)
    for persona in (None, personas.outsider, personas.representative):
        assert login_as(persona).get(media_path).status_code == 404
    # The stored path is not guessable from the document: it holds a random part.
    parts = version.file.name.split("/")
    assert parts[0] == "documents" and parts[1] == str(docs.private.pk) and len(parts[2]) == 16
    page = login_as(personas.representative).get(docs.private.get_absolute_url()).content.decode()
    assert version.file.name not in page and "/media/" not in page


def test_a_missing_file_is_a_404_not_a_500(
    personas: Personas, docs: DocWorld, client: Client, media: Path
) -> None:
    version = docs.public.current_version
    assert version is not None
    (media / version.file.name).unlink()
    assert client.get(reverse("documents:download", args=[docs.public.pk])).status_code == 404
