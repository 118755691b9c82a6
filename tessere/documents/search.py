"""What the one search box finds in the work repository: documents, by their title, their
description, their external authors and the text of their current file (PDF, DOCX, ODT...,
extracted at upload). Visible as on the pages: the space's visibility decides."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from tessere.core.search import SearchDocument, SearchSource, search_sources

from .models import Document, DocumentVersion

TEXT_CAP = 100_000


def document_entry(document: Document) -> SearchDocument:
    version = document.current_version
    body = "\n\n".join(
        part
        for part in (
            document.description,
            document.authors_text,
            version.text[:TEXT_CAP] if version is not None else "",
        )
        if part
    )
    return SearchDocument(
        title=document.title,
        body=body,
        url=document.get_absolute_url(),
        programme_id=document.space.programme_id,
        project_ids=tuple(p.pk for p in document.projects.all()),
        theme_ids=tuple(t.pk for t in document.themes.all()),
        date=document.date or document.created_at.date(),
    )


def all_documents() -> QuerySet[Document]:
    return Document.objects.select_related("space", "current_version").prefetch_related(
        Prefetch("projects"), Prefetch("themes")
    )


def _version_document(version: DocumentVersion) -> list[Document]:
    return [version.document]


search_sources.register(
    SearchSource(
        key="documents.document",
        label=_("Documents"),
        model=Document,
        visible=lambda user: Document.objects.visible_to(user),
        document=document_entry,
        queryset=all_documents,
        triggers={DocumentVersion: _version_document},
        order=30,
    )
)
