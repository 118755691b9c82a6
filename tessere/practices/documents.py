"""The link to the work repository (the documents app), guarded: good practices work, and
their pages render, whether or not the documents app and its `Document` model are there.

The `documents` many-to-many of GoodPractice comes in its own migration, added once the
documents app has its first one; until then `documents_available()` is False and the
practice pages show no linked documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from .models import GoodPractice

# The name of the many-to-many to the work repository's documents (see the docstring).
FIELD = "documents"


@dataclass(frozen=True)
class LinkedDocument:
    title: str
    url: str | None


def documents_available() -> bool:
    return any(f.name == FIELD for f in GoodPractice._meta.get_fields())


def _document_url(document: Any) -> str | None:
    for name in ("documents:detail", "documents:document_detail"):
        try:
            return reverse(name, args=[document.pk])
        except NoReverseMatch:
            continue
    getter = getattr(document, "get_absolute_url", None)
    return getter() if callable(getter) else None


def visible_documents(user: Any) -> Any:
    """The documents this person may see (a queryset), or None without the documents app."""
    if not documents_available():
        return None
    from tessere.documents.models import Document  # type: ignore[import-not-found,unused-ignore]

    manager = Document.objects
    return manager.visible_to(user) if hasattr(manager, "visible_to") else manager.none()


def linked_documents(practice: GoodPractice, user: Any) -> list[LinkedDocument]:
    """The practice's documents this person may see, by title (one query)."""
    visible = visible_documents(user)
    if visible is None:
        return []
    linked = getattr(practice, FIELD).filter(pk__in=visible.values("pk")).order_by("title")
    return [LinkedDocument(str(getattr(d, "title", d)), _document_url(d)) for d in linked]
