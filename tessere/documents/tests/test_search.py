"""What the search index gets from the repository: the title, the description, external
authors and the text of the current file; the facets; and the same visibility as the pages."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import Personas
from tessere.community.tests.factories import Spaces
from tessere.core.search import search_sources
from tessere.registry.tests.factories import make_theme

from .. import demo_files, search, services
from ..models import Document, DocumentVersion
from .factories import DocWorld, make_document, upload

pytestmark = pytest.mark.django_db


def test_documents_are_registered_as_a_search_source() -> None:
    source = search_sources.get("documents.document")
    assert source is not None and source.model is Document
    assert DocumentVersion in source.triggers


def test_the_entry_holds_the_files_text_and_the_facets(personas: Personas, spaces: Spaces) -> None:
    theme = make_theme(name="Mediazione culturale")
    document = make_document(
        spaces.repository,
        personas.representative,
        title="Linee guida",
        description="Per i **servizi**.",
        authors_text="Università di Torino",
        themes=[theme],
        projects=[personas.project],
        date=dt.date(2022, 5, 1),
    )
    entry = search.document_entry(Document.objects.get(pk=document.pk))
    assert entry.title == "Linee guida"
    assert "Per i **servizi**." in entry.body and "Università di Torino" in entry.body
    assert "La mediatrice culturale accompagna le famiglie" in entry.body  # from the PDF
    assert entry.url == document.get_absolute_url()
    assert entry.programme_id == personas.programme.pk
    assert entry.project_ids == (personas.project.pk,) and entry.theme_ids == (theme.pk,)
    assert entry.date == dt.date(2022, 5, 1)


def test_the_entry_follows_the_current_version(personas: Personas, spaces: Spaces) -> None:
    document = make_document(spaces.repository, personas.representative)
    services.add_version(
        document=document,
        upload=upload("v2.docx", demo_files.make_docx("Nuova versione", ["Testo aggiornato"])),
        by=personas.representative,
    )
    source = search_sources.get("documents.document")
    assert source is not None
    version = Document.objects.get(pk=document.pk).current_version
    assert version is not None
    (triggered,) = source.triggers[DocumentVersion](version)
    entry = search.document_entry(source.all_objects().get(pk=triggered.pk))
    assert "Testo aggiornato" in entry.body and "La mediatrice" not in entry.body


def test_the_text_is_capped(
    personas: Personas, spaces: Spaces, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "TEXT_CAP", 20)
    document = make_document(spaces.repository, personas.representative, description="")
    assert len(search.document_entry(Document.objects.get(pk=document.pk)).body) == 20


def test_search_sees_what_the_pages_show(personas: Personas, docs: DocWorld) -> None:
    source = search_sources.get("documents.document")
    assert source is not None
    for user, private in (
        (None, False),
        (personas.outsider, False),
        (personas.other_representative, False),
        (personas.representative, True),
        (personas.programme_admin, True),
    ):
        visible = set(source.visible(user).values_list("pk", flat=True))
        assert docs.public.pk in visible
        assert (docs.private.pk in visible) == private
