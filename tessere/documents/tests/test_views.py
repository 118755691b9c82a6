"""The repository's pages: filters and the htmx partial, depositing a link, editing, what the
detail page shows to whom, and hostile input neutralised."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from conftest import Personas
from tessere.accounts.models import User
from tessere.community.tests.factories import Spaces
from tessere.core.models import AuditEntry
from tessere.core.testing import HTMX, in_english, page_text, unchanged
from tessere.meetings.tests.factories import make_meeting
from tessere.registry.tests.factories import make_theme

from .. import demo_files, services
from ..models import Document
from .factories import DocWorld, make_document

pytestmark = pytest.mark.django_db
LoginAs = Callable[[User | None], Client]

LINK_FORM = {"kind": "link", "title": "Mappa", "licence": "cc-by-4.0"}


def test_the_list_filters_by_kind_theme_project_space_year_and_licence(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    theme = make_theme(name="Mediazione culturale")
    by = personas.representative
    make_document(
        spaces.repository, by, title="Relazione 2021", date=dt.date(2021, 5, 1), themes=[theme]
    )
    make_document(
        spaces.repository,
        by,
        title="Foto 2022",
        kind="image",
        file=("f.png", demo_files.make_png()),
        date=dt.date(2022, 3, 1),
        licence="cc0-1.0",
        projects=[personas.project],
    )
    make_document(spaces.project, by, title="Bozza del progetto", date=dt.date(2022, 1, 1))
    client = login_as(by)
    url = reverse("documents:list")

    def titles(**query: str) -> set[str]:
        response = client.get(url, query)
        assert response.status_code == 200
        return {d.title for d in response.context["page"]}

    assert titles() == {"Relazione 2021", "Foto 2022", "Bozza del progetto"}
    assert titles(kind="image") == {"Foto 2022"}
    assert titles(theme=theme.slug) == {"Relazione 2021"}
    assert titles(project=personas.project.slug) == {"Foto 2022", "Bozza del progetto"}
    assert titles(space=spaces.project.slug) == {"Bozza del progetto"}
    assert titles(year="2022") == {"Foto 2022", "Bozza del progetto"}
    assert titles(licence="cc0-1.0") == {"Foto 2022"}
    assert titles(q="relazione") == {"Relazione 2021"}
    # An invalid filter is ignored and said so, never a 500.
    response = in_english(client).get(url, {"kind": "virus", "year": "abc", "theme": "nessuno"})
    assert response.status_code == 200
    assert "Some filters were not valid" in page_text(response)


def test_an_outsider_cannot_filter_their_way_into_a_project_space(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    make_document(spaces.project, personas.representative, title="Bozza del progetto")
    response = login_as(personas.outsider).get(
        reverse("documents:list"), {"space": spaces.project.slug}
    )
    assert "Bozza del progetto" not in response.content.decode()
    assert list(response.context["page"]) == []


def test_htmx_gets_only_the_results(personas: Personas, docs: DocWorld, client: Client) -> None:
    response = client.get(reverse("documents:list"), {"kind": "link"}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mappa dei servizi" in html and "<html" not in html and "<form" not in html


def test_the_list_paginates(personas: Personas, spaces: Spaces, client: Client) -> None:
    for i in range(22):
        make_document(
            spaces.repository,
            personas.representative,
            title=f"Doc {i}",
            link_url=f"https://example.org/{i}",
            kind="link",
        )
    first = client.get(reverse("documents:list"))
    assert len(first.context["page"]) == 20
    second = client.get(reverse("documents:list"), {"page": 2})
    assert len(second.context["page"]) == 2


def test_depositing_a_link(personas: Personas, spaces: Spaces, login_as: LoginAs) -> None:
    response = login_as(personas.representative).post(
        reverse("documents:create"),
        {**LINK_FORM, "space": spaces.repository.pk, "link_url": "https://mappe.example.org/x"},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.link_url == "https://mappe.example.org/x" and document.current_version is None
    assert document.created_by == personas.representative
    assert AuditEntry.objects.filter(action="documents.document.created").count() == 1


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("javascript:alert(1)", "not “javascript:” links"),
        ("JaVaScRiPt:alert(1)", "not “javascript:” links"),
        ("java\tscript:alert(1)", "spaces or control characters"),
        ("data:text/html,<script>alert(1)</script>", "not “data:” links"),
        ("//evil.example/x", "Write the full address"),
        ("\\\\evil.example\\x", "Write the full address"),
        ("ftp://files.example.org/x", "not “ftp:” links"),
        ("evil.example/x", "Write the full address"),
        ("https://", "not a valid web address"),
    ],
)
def test_links_must_be_full_http_addresses(
    personas: Personas, spaces: Spaces, login_as: LoginAs, link: str, message: str
) -> None:
    client = in_english(login_as(personas.representative))
    with unchanged(Document.objects.all(), AuditEntry.objects.all()):
        response = client.post(
            reverse("documents:create"),
            {**LINK_FORM, "space": spaces.repository.pk, "link_url": link},
        )
    assert response.status_code == 400
    assert message in page_text(response)
    with pytest.raises(ValidationError):
        services.check_link(link)


def test_a_file_or_a_link_not_both_and_not_neither(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    client = in_english(login_as(personas.representative))
    base = {
        "space": spaces.repository.pk,
        "kind": "video",
        "title": "Video",
        "licence": "cc-by-4.0",
    }
    neither = client.post(reverse("documents:create"), base)
    assert "Upload a file or give a link." in page_text(neither)
    both = client.post(
        reverse("documents:create"),
        {**base, "link_url": "https://video.example.org/x", "file": demo_files.make_wav(0.1)},
    )
    assert both.status_code == 400
    assert not Document.objects.exists()


def test_markdown_and_text_fields_are_neutralised(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    document = make_document(
        spaces.repository,
        personas.representative,
        title=payload,
        description=(
            f"{payload}\n\n[clicca](javascript:alert(1)) [altro](//evil.example) "
            "<iframe src=https://evil.example></iframe>"
        ),
        authors_text=payload,
    )
    html = login_as(None).get(document.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "<iframe" not in html
    assert 'href="javascript:' not in html.lower() and 'href="//evil.example"' not in html
    assert "&lt;script&gt;" in html  # shown as text
    listing = login_as(None).get(reverse("documents:list")).content.decode()
    assert "<script>alert" not in listing


def test_editing_the_description(personas: Personas, docs: DocWorld, login_as: LoginAs) -> None:
    theme = make_theme(name="Abitare")
    response = login_as(personas.representative).post(
        reverse("documents:edit", args=[docs.public.pk]),
        {
            "kind": "presentation",
            "title": "Relazione pubblica, rivista",
            "licence": "cc-by-sa-4.0",
            "themes": [theme.pk],
            "projects": [personas.project.pk],
            "authors": [personas.coordinator.pk],
            "authors_text": "Università di Torino",
            "date": "2022-04-01",
        },
    )
    assert response.status_code == 302
    document = Document.objects.get(pk=docs.public.pk)
    assert document.title == "Relazione pubblica, rivista" and document.kind == "presentation"
    assert list(document.themes.all()) == [theme]
    assert list(document.authors.all()) == [personas.coordinator]
    assert document.current_version is not None  # the file is untouched
    assert personas.coordinator.has_perm("documents.edit_document", document)  # an author now


def test_an_edit_cannot_change_an_image_into_a_mismatching_kind(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    image = make_document(
        spaces.repository,
        personas.representative,
        kind="image",
        file=("f.png", demo_files.make_png()),
    )
    with unchanged(Document.objects.all()):
        response = in_english(login_as(personas.representative)).post(
            reverse("documents:edit", args=[image.pk]),
            {"kind": "audio", "title": "X", "licence": "cc-by-4.0"},
        )
    assert response.status_code == 400


def test_authors_not_in_the_programme_are_refused(personas: Personas, spaces: Spaces) -> None:
    with pytest.raises(ValidationError) as caught:
        make_document(spaces.repository, personas.representative, authors=[personas.outsider])
    assert "authors" in caught.value.error_dict


def test_the_public_sees_no_member_names(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    document = make_document(
        spaces.repository,
        personas.representative,
        authors=[personas.coordinator],
        authors_text="Università di Torino",
    )
    public = in_english(login_as(None)).get(document.get_absolute_url())
    text = page_text(public)
    assert "1 member of the community" in text and "Università di Torino" in text
    assert personas.coordinator.last_name not in text
    assert personas.representative.last_name not in text
    member = page_text(login_as(personas.expert).get(document.get_absolute_url()))
    assert personas.coordinator.get_full_name() in member


def test_a_private_meeting_is_not_named_to_the_public(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    meeting = make_meeting(personas.programme, is_public=False, title="Incontro riservato XYZ")
    document = make_document(spaces.repository, personas.facilitator, meeting=meeting)
    assert (
        "Incontro riservato XYZ"
        not in login_as(None).get(document.get_absolute_url()).content.decode()
    )
    assert (
        "Incontro riservato XYZ"
        in login_as(personas.representative).get(document.get_absolute_url()).content.decode()
    )


def test_the_detail_page_shows_previews_by_type(
    personas: Personas, spaces: Spaces, client: Client
) -> None:
    by = personas.representative
    audio = make_document(
        spaces.repository, by, kind="audio", file=("a.wav", demo_files.make_wav(0.1))
    )
    image = make_document(
        spaces.repository, by, kind="image", file=("f.png", demo_files.make_png())
    )
    pdf = make_document(spaces.repository, by)
    file_url = reverse("documents:file", args=[audio.pk])
    assert (
        f'<audio class="w-100 mb-3" controls preload="metadata" src="{file_url}">'
        in client.get(audio.get_absolute_url()).content.decode()
    )
    assert (
        f'src="{reverse("documents:file", args=[image.pk])}"'
        in client.get(image.get_absolute_url()).content.decode()
    )
    page = client.get(pdf.get_absolute_url()).content.decode()
    assert f'href="{reverse("documents:file", args=[pdf.pk])}"' in page
    assert "La mediatrice culturale accompagna" in page  # the beginning of its text


def test_a_deposit_with_a_file_shows_its_licence_deed(
    personas: Personas, docs: DocWorld, client: Client
) -> None:
    page = client.get(docs.public.get_absolute_url()).content.decode()
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page
    assert 'rel="license noopener noreferrer"' in page
