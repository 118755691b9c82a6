"""Materials: files accepted by what they are (not by their name), links http(s) only, and files
served only through the permission-checked download view."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import Personas
from tessere.core.models import AuditEntry
from tessere.core.testing import in_english, is_login_redirect, page_text, unchanged
from tessere.meetings.models import Material, Meeting
from tessere.meetings.services import materials as services

from .factories import make_meeting
from .meeting_helpers import (
    CHECKED,
    EXE,
    HTML,
    JPEG,
    MEMBERS,
    MP3,
    MP4,
    PDF,
    PNG,
    SVG,
    TEAM,
    LoginAs,
    docm,
    docx,
    odt,
    plain_zip,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def add_url(meeting: Meeting) -> str:
    return reverse("meetings:material_add", args=[meeting.slug])


def download_url(material: Material) -> str:
    return reverse("meetings:material_download", args=[material.meeting.slug, material.pk])


# --- Who ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("persona", CHECKED)
def test_who_may_add_material(persona: str, personas: Personas, login_as: LoginAs) -> None:
    meeting = make_meeting(personas.programme)
    client = login_as(personas.get(persona))
    response = client.get(add_url(meeting))
    if persona == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == (200 if persona in TEAM else 403)
    if persona in TEAM:
        return
    with unchanged(Material.objects.all(), AuditEntry.objects.all()):
        client.post(add_url(meeting), {"title": "Slide", "file": upload("slide.pdf", PDF)})
        client.post(add_url(meeting), {"title": "Link", "url": "https://example.org"})


@pytest.mark.parametrize("persona", CHECKED)
def test_who_may_download_material(persona: str, personas: Personas, login_as: LoginAs) -> None:
    meeting = make_meeting(personas.programme)
    material = services.add_file_material(
        meeting=meeting, title="Slide", upload=upload("slide.pdf", PDF), by=personas.facilitator
    )
    response = login_as(personas.get(persona)).get(download_url(material))
    if persona == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == (200 if persona in MEMBERS else 403)


def test_a_private_meetings_material_is_404_for_outsiders(
    personas: Personas, login_as: LoginAs
) -> None:
    meeting = make_meeting(personas.programme, is_public=False)
    material = services.add_file_material(
        meeting=meeting, title="Slide", upload=upload("slide.pdf", PDF), by=personas.facilitator
    )
    assert login_as(personas.outsider).get(download_url(material)).status_code == 404


def test_material_of_another_meeting_is_404(personas: Personas, login_as: LoginAs) -> None:
    meeting, other = make_meeting(personas.programme), make_meeting(personas.programme)
    material = services.add_file_material(
        meeting=other, title="Slide", upload=upload("slide.pdf", PDF), by=personas.facilitator
    )
    url = reverse("meetings:material_download", args=[meeting.slug, material.pk])
    assert login_as(personas.representative).get(url).status_code == 404


# --- Uploading -----------------------------------------------------------------------------------
def test_uploading_a_pdf(personas: Personas, login_as: LoginAs, media: Path) -> None:
    meeting = make_meeting(personas.programme)
    response = login_as(personas.facilitator).post(
        add_url(meeting), {"title": "Slide della giornata", "file": upload("slide.pdf", PDF)}
    )
    assert response.status_code == 302
    material = Material.objects.get()
    assert material.kind == "file" and material.content_type == "application/pdf"
    assert material.size == len(PDF) and material.uploaded_by == personas.facilitator
    assert material.file.name.startswith("meetings/") and material.file.name.endswith("slide.pdf")
    assert (media / material.file.name).read_bytes() == PDF
    page = login_as(personas.representative).get(meeting.get_absolute_url()).content.decode()
    assert download_url(material) in page
    assert "/media/" not in page  # never a public media URL


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("foto.jpg", JPEG, "image/jpeg"),
        ("foto.png", PNG, "image/png"),
        ("audio.mp3", MP3, "audio/mpeg"),
        ("video.mp4", MP4, "video/mp4"),
        (
            "relazione.docx",
            docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("relazione.odt", odt(), "application/vnd.oasis.opendocument.text"),
    ],
)
def test_accepted_kinds_are_typed_by_their_content(
    personas: Personas, name: str, data: bytes, content_type: str
) -> None:
    material = services.add_file_material(
        meeting=make_meeting(personas.programme),
        title="File",
        upload=upload(name, data, "application/octet-stream"),
        by=personas.facilitator,
    )
    assert material.content_type == content_type


def test_a_png_called_pdf_is_stored_and_served_as_a_png(
    personas: Personas, login_as: LoginAs
) -> None:
    meeting = make_meeting(personas.programme)
    response = login_as(personas.facilitator).post(
        add_url(meeting),
        {"title": "Lavagna", "file": upload("lavagna.pdf", PNG, "application/pdf")},
    )
    assert response.status_code == 302
    material = Material.objects.get()
    assert material.content_type == "image/png"
    assert material.file.name.endswith("lavagna.png")
    served = login_as(personas.representative).get(download_url(material))
    assert served["Content-Type"] == "image/png"
    assert "attachment" not in served.get("Content-Disposition", "")  # an image opens inline


@pytest.mark.parametrize(
    ("name", "data", "declared"),
    [
        ("setup.exe", EXE, "application/octet-stream"),
        ("setup.pdf", EXE, "application/pdf"),
        ("pagina.html", HTML, "text/html"),
        ("pagina.pdf", HTML, "application/pdf"),
        ("disegno.svg", SVG, "image/svg+xml"),
        ("disegno.png", SVG, "image/png"),
        ("archivio.zip", plain_zip(), "application/zip"),
        (
            "macro.docx",
            docm(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("vuoto.pdf", b"", "application/pdf"),
    ],
)
def test_other_kinds_are_refused_whatever_their_name(
    personas: Personas, login_as: LoginAs, name: str, data: bytes, declared: str
) -> None:
    meeting = make_meeting(personas.programme)
    with unchanged(Material.objects.all(), AuditEntry.objects.all()):
        response = in_english(login_as(personas.facilitator)).post(
            add_url(meeting), {"title": "File", "file": upload(name, data, declared)}
        )
    assert response.status_code == 400
    assert "file" in response.context["form"].errors


def test_an_oversized_file_is_refused(personas: Personas) -> None:
    big = upload("grande.pdf", PDF + b"0" * (services.MAX_UPLOAD_BYTES - len(PDF) + 1))
    with pytest.raises(ValidationError, match="too large"):
        services.add_file_material(
            meeting=make_meeting(personas.programme), title="X", upload=big, by=personas.facilitator
        )
    assert not Material.objects.exists()
    just = upload("giusto.pdf", PDF + b"0" * (services.MAX_UPLOAD_BYTES - len(PDF)))
    assert services.inspect_upload(just).size == services.MAX_UPLOAD_BYTES


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\win.ini.pdf", "win.ini.pdf"),
        ("/abs/path/slide.pdf", "slide.pdf"),
        ("slide finali (v2).pdf", "slide_finali_v2.pdf"),
        (".nascosto.pdf", "nascosto.pdf"),
        ("relazione\x00.exe.pdf", "relazione.exe.pdf"),
        ("senza estensione", "senza_estensione.pdf"),
        ("...", "file.pdf"),
    ],
)
def test_filenames_are_sanitised(name: str, expected: str) -> None:
    assert services.clean_filename(name, "application/pdf") == expected


def test_a_traversal_name_is_stored_inside_the_meetings_folder(
    personas: Personas, media: Path
) -> None:
    material = services.add_file_material(
        meeting=make_meeting(personas.programme),
        title="X",
        upload=upload("../../../escape.pdf", PDF),
        by=personas.facilitator,
    )
    stored = (media / material.file.name).resolve()
    assert stored.is_relative_to((media / "meetings").resolve())
    assert stored.name == "escape.pdf"


# --- Links ---------------------------------------------------------------------------------------
def test_adding_a_link(personas: Personas, login_as: LoginAs) -> None:
    meeting = make_meeting(personas.programme)
    response = login_as(personas.facilitator).post(
        add_url(meeting), {"title": "Registrazione", "url": "https://video.example.org/x"}
    )
    assert response.status_code == 302
    material = Material.objects.get()
    assert material.kind == "link"
    redirect = login_as(personas.representative).get(download_url(material))
    assert redirect.status_code == 302 and redirect["Location"] == "https://video.example.org/x"


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.org/file", "data:text/html,x"]
)
def test_links_are_http_or_https_only(personas: Personas, login_as: LoginAs, url: str) -> None:
    meeting = make_meeting(personas.programme)
    response = login_as(personas.facilitator).post(add_url(meeting), {"title": "X", "url": url})
    assert response.status_code == 400
    assert not Material.objects.exists()
    with pytest.raises(ValidationError):
        services.add_link_material(meeting=meeting, title="X", url=url, by=personas.facilitator)


def test_a_link_without_scheme_becomes_https(personas: Personas, login_as: LoginAs) -> None:
    meeting = make_meeting(personas.programme)
    login_as(personas.facilitator).post(add_url(meeting), {"title": "X", "url": "//example.org/x"})
    assert Material.objects.get().url == "https://example.org/x"
    with pytest.raises(ValidationError):  # the service itself takes only full http(s) links
        services.add_link_material(
            meeting=meeting, title="X", url="//example.org/x", by=personas.facilitator
        )


def test_a_file_or_a_link_not_both(personas: Personas, login_as: LoginAs) -> None:
    meeting = make_meeting(personas.programme)
    client = in_english(login_as(personas.facilitator))
    both = client.post(
        add_url(meeting),
        {"title": "X", "url": "https://example.org", "file": upload("a.pdf", PDF)},
    )
    neither = client.post(add_url(meeting), {"title": "X"})
    for response in (both, neither):
        assert response.status_code == 400
        assert "Upload a file or give a link" in page_text(response)


# --- Serving -------------------------------------------------------------------------------------
def test_a_pdf_is_downloaded_as_an_attachment_with_nosniff(
    personas: Personas, login_as: LoginAs
) -> None:
    material = services.add_file_material(
        meeting=make_meeting(personas.programme),
        title="Slide della giornata",
        upload=upload("x.pdf", PDF),
        by=personas.facilitator,
    )
    response = login_as(personas.representative).get(download_url(material))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="slide-della-giornata.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]


def test_agenda_item_of_another_meeting_is_refused(personas: Personas) -> None:
    from tessere.meetings.models import AgendaItem

    other = AgendaItem.objects.create(meeting=make_meeting(personas.programme), title="Altro")
    with pytest.raises(ValidationError):
        services.add_link_material(
            meeting=make_meeting(personas.programme),
            title="X",
            url="https://example.org",
            agenda_item=other,
            by=personas.facilitator,
        )
