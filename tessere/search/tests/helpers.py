"""Shared helpers for the search tests: run a search through the page, read what it found."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from tessere.accounts.models import User
from tessere.search.query import Filters, search
from tessere.search.text import query_terms


def titles(client: Client, q: str, **params: Any) -> list[str]:
    """The titles found by the search page, for whoever the client is logged in as."""
    response = client.get(reverse("search:results"), {"q": q, **params})
    assert response.status_code == 200, response.status_code
    outcome = response.context["outcome"]
    return [r.entry.title for r in outcome.results] if outcome else []


def found(user: User | None, q: str, filters: Filters | None = None) -> list[str]:
    """The titles found by the search service itself (first page)."""
    from django.contrib.auth.models import AnonymousUser

    outcome = search(user or AnonymousUser(), query_terms(q), filters or Filters())
    return [r.entry.title for r in outcome.results]
