"""Depositing files: checked by content, limited in size, names cleaned, bombs refused,
photos without their GPS position; every refusal a clear message on the form (never a 500),
and nothing stored."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from conftest import Personas
from tessere.accounts.models import User
from tessere.community.tests.factories import Spaces
from tessere.core.models import AuditEntry
from tessere.core.testing import in_english, page_text, unchanged
from tessere.core.tests.test_uploads import decompression_bomb_png, docx_with

from .. import demo_files
from ..models import Document, DocumentVersion
from .factories import PDF, upload

pytestmark = pytest.mark.django_db
LoginAs = Callable[[User | None], Client]


def post(client: Client, space_pk: int, name: str, data: bytes, **extra: str) -> Any:
    fields = {
        "space": space_pk,
        "kind": "document",
        "title": "Relazione",
        "licence": "cc-by-4.0",
        "file": upload(name, data),
        **extra,
    }
    return client.post(reverse("documents:create"), fields)


def nothing_stored(media: Path) -> bool:
    return not (media / "documents").exists() or not any((media / "documents").rglob("*.*"))


@pytest.mark.parametrize(
    ("name", "data", "kind", "message"),
    [
        (
            "disegno.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image",
            "SVG images can contain scripts: export it as PNG",
        ),
        (
            "relazione.pdf",
            b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>",
            "document",
            "This kind of file is not accepted",
        ),
        (
            "bomba.docx",
            docx_with([("word/media/z.bin", b"\x00" * (5 * 1024 * 1024))]),
            "document",
            "compressed bomb",
        ),
        ("mappa.png", decompression_bomb_png(), "image", "too many pixels"),
        ("relazione.pdf", PDF, "audio", "does not match the kind chosen"),
        ("intervista.wav", demo_files.make_wav(0.1), "document", "choose “audio” or “video”"),
    ],
)
def test_hostile_or_wrong_files_are_refused_with_a_message(
    personas: Personas,
    spaces: Spaces,
    login_as: LoginAs,
    media: Path,
    name: str,
    data: bytes,
    kind: str,
    message: str,
) -> None:
    client = in_english(login_as(personas.representative))
    with unchanged(Document.objects.all(), DocumentVersion.objects.all(), AuditEntry.objects.all()):
        response = post(client, spaces.repository.pk, name, data, kind=kind, title="Il mio titolo")
    assert response.status_code == 400
    assert message in page_text(response)
    assert response.context["form"]["title"].value() == "Il mio titolo"  # nothing typed is lost
    assert nothing_stored(media)


def test_an_oversized_file_is_refused_under_the_setting(
    personas: Personas, spaces: Spaces, login_as: LoginAs, settings, media: Path
) -> None:
    settings.DOCUMENTS_MAX_UPLOAD_MB = 0.01  # about 10 KB
    client = in_english(login_as(personas.representative))
    big = PDF + b"0" * 20_000
    with unchanged(Document.objects.all()):
        response = post(client, spaces.repository.pk, "grande.pdf", big)
    assert response.status_code == 400
    assert "The file is too large" in page_text(response)
    assert nothing_stored(media)


def test_a_png_called_pdf_is_stored_as_a_png(
    personas: Personas, spaces: Spaces, login_as: LoginAs, media: Path
) -> None:
    png = demo_files.make_png()
    response = post(
        login_as(personas.representative), spaces.repository.pk, "mappa.pdf", png, kind="image"
    )
    assert response.status_code == 302
    version = Document.objects.get().current_version
    assert version is not None
    assert version.content_type == "image/png" and version.filename == "mappa.png"
    assert version.file.name.endswith("/mappa.png")


def test_a_traversal_name_is_stored_inside_the_documents_folder(
    personas: Personas, spaces: Spaces, login_as: LoginAs, media: Path
) -> None:
    response = post(
        login_as(personas.representative), spaces.repository.pk, "../../../etc/passwd.pdf", PDF
    )
    assert response.status_code == 302
    document = Document.objects.get()
    version = document.current_version
    assert version is not None and version.filename == "passwd.pdf"
    stored = (media / version.file.name).resolve()
    assert stored.is_relative_to((media / "documents" / str(document.pk)).resolve())
    assert stored.read_bytes() == PDF


def test_a_photos_gps_position_is_stripped(
    personas: Personas, spaces: Spaces, login_as: LoginAs, media: Path
) -> None:
    photo = demo_files.make_jpeg(with_gps=True)
    response = post(
        login_as(personas.representative), spaces.repository.pk, "foto.jpg", photo, kind="image"
    )
    assert response.status_code == 302
    version = Document.objects.get().current_version
    assert version is not None
    stored = (media / version.file.name).read_bytes()
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif().get_ifd(0x8825)
        assert "exif" not in image.info
    assert version.size == len(stored)


def test_a_new_version_keeps_the_old_ones(
    personas: Personas, spaces: Spaces, login_as: LoginAs, media: Path
) -> None:
    client = login_as(personas.representative)
    post(client, spaces.repository.pk, "relazione.pdf", PDF)
    document = Document.objects.get()
    second = demo_files.make_pdf([("Seconda versione", ("Con le cifre corrette.",))])
    response = client.post(
        reverse("documents:new_version", args=[document.pk]),
        {"file": upload("relazione-v2.pdf", second), "note": "Cifre corrette"},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    versions = list(document.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert document.current_version == versions[1]
    assert versions[1].note == "Cifre corrette" and "cifre corrette" in versions[1].text
    assert (media / versions[0].file.name).read_bytes() == PDF
    assert versions[0].file.name != versions[1].file.name
    old = client.get(reverse("documents:version_download", args=[document.pk, versions[0].pk]))
    assert b"".join(old.streaming_content) == PDF  # type: ignore[attr-defined]
    page = client.get(document.get_absolute_url()).content.decode()
    assert reverse("documents:version_download", args=[document.pk, versions[0].pk]) in page
    assert "Cifre corrette" in page


def test_a_refused_new_version_changes_nothing(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    client = in_english(login_as(personas.representative))
    post(client, spaces.repository.pk, "relazione.pdf", PDF)
    document = Document.objects.get()
    with unchanged(Document.objects.all(), DocumentVersion.objects.all()):
        response = client.post(
            reverse("documents:new_version", args=[document.pk]),
            {"file": upload("pagina.pdf", b"<html><script>alert(1)</script>"), "note": "x"},
        )
    assert response.status_code == 400
    assert "This kind of file is not accepted" in page_text(response)
