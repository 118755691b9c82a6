"""Lookups shared by the views, with what they prefetch (the query budgets live here)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from tessere.community.models import Space

from .models import Document, DocumentVersion, deposit_spaces
from .permissions import can_deposit_in_space


def readable_spaces(user: Any) -> list[Space]:
    """The repositories and project spaces a person may read (the list's space filter)."""
    return list(
        Space.objects.visible_to(user)
        .filter(deposit_spaces())
        .select_related("programme")
        .order_by("programme__title", "position", "name", "pk")
    )


def spaces_for_deposit(user: Any) -> list[Space]:
    """The spaces a person may deposit a document in."""
    if user is None or not user.is_authenticated:
        return []
    return [space for space in readable_spaces(user) if can_deposit_in_space(user, space)]


def for_listing(documents: QuerySet[Document]) -> QuerySet[Document]:
    return (
        documents.select_related("space", "current_version")
        .defer("current_version__text")
        .prefetch_related("themes", "projects")
    )


def for_detail(documents: QuerySet[Document]) -> QuerySet[Document]:
    return documents.select_related(
        "space__programme", "space__project", "current_version", "created_by", "meeting"
    ).prefetch_related(
        "themes",
        "projects",
        "authors",
        Prefetch(
            "versions",
            queryset=DocumentVersion.objects.select_related("uploaded_by").defer("text"),
        ),
    )


def years_of(documents: QuerySet[Document]) -> list[int]:
    return [d.year for d in documents.dates("date", "year", order="DESC")]


def filter_documents(documents: QuerySet[Document], data: dict[str, Any]) -> QuerySet[Document]:
    """The valid filters applied (the invalid ones are ignored, and the page says so)."""
    if data.get("q"):
        for word in str(data["q"]).split()[:8]:
            documents = documents.filter(title__icontains=word)
    if data.get("kind"):
        documents = documents.filter(kind=data["kind"])
    if data.get("theme"):
        documents = documents.filter(themes=data["theme"])
    if data.get("project"):
        documents = documents.filter(projects=data["project"])
    if data.get("meeting"):
        documents = documents.filter(meeting=data["meeting"])
    if data.get("space"):
        documents = documents.filter(space__slug=data["space"])
    if data.get("year"):
        documents = documents.filter(date__year=data["year"])
    if data.get("licence"):
        documents = documents.filter(licence=data["licence"])
    return documents
