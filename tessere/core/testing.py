"""Helpers for tests in every app: query budgets, login redirects, "nothing changed" checks.

Imported by tests only, never by application code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

HTMX: dict[str, str] = {"HX-Request": "true"}


def in_english(client: Client) -> Client:
    """Pages in English (the language switch's cookie), so assertions on wording do not depend
    on the Italian catalogue. Set it after logging in: logging out clears the cookies."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


class Rendered(Protocol):
    """A response with a body: Django's HttpResponse and the test client's responses."""

    @property
    def content(self) -> bytes: ...


def page_text(response: Rendered) -> str:
    """The visible text of a page, tags stripped and whitespace collapsed."""
    return " ".join(strip_tags(response.content.decode()).split())


# --- Redirects to a login page -----------------------------------------------------------------
def login_urls() -> tuple[str, ...]:
    return (reverse("account_login"), reverse("admin:login"))


def is_login_redirect(response: HttpResponseBase) -> bool:
    """A 302 to the site's login page (or the admin's, which sends on to the site's)."""
    location = response.get("Location", "")
    return response.status_code == 302 and location.startswith(login_urls())


# --- Query budgets -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Measure:
    status: int
    queries: list[str]

    @property
    def count(self) -> int:
        return len(self.queries)


def measure_queries(
    client: Client, url: str, *, headers: Mapping[str, str] | None = None
) -> Measure:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, headers=headers)
    return Measure(response.status_code, [q["sql"] for q in ctx.captured_queries])


def _listing(measure: Measure) -> str:
    return "\n".join(f"  {i}. {sql}" for i, sql in enumerate(measure.queries, 1))


def assert_max_queries_stable(
    client: Client,
    url: str,
    build_more: Callable[[], object],
    budget: int,
    *,
    headers: Mapping[str, str] | None = None,
    status: int = 200,
) -> tuple[int, int]:
    """Measure a page's queries, multiply the data with build_more(), measure again.

    Both counts must be within the budget and the second must not exceed the first: a page
    whose queries grow with its rows has an N+1. Returns (small, large) for the record.
    """
    client.get(url, headers=headers)  # warm process-wide caches (content types, templates)
    small = measure_queries(client, url, headers=headers)
    assert small.status == status, f"{url}: status {small.status}, expected {status}"
    build_more()
    large = measure_queries(client, url, headers=headers)
    assert large.status == status, f"{url}: status {large.status} after more data"
    problems = []
    if large.count > small.count:
        problems.append(
            f"{url}: queries grew with the data, {small.count} -> {large.count} (an N+1?)"
        )
    if max(small.count, large.count) > budget:
        problems.append(
            f"{url}: {max(small.count, large.count)} queries, over the budget of {budget}"
        )
    if problems:
        raise AssertionError(
            "\n".join(problems)
            + f"\nSmall data ({small.count}):\n{_listing(small)}"
            + f"\nMore data ({large.count}):\n{_listing(large)}"
        )
    return small.count, large.count


# --- Denied actions change nothing ---------------------------------------------------------------
def rows(queryset: QuerySet[Any]) -> list[dict[str, Any]]:
    """Every column of every row, in a stable order: a snapshot to compare before and after."""
    return list(queryset.order_by("pk").values())


@contextmanager
def unchanged(*querysets: QuerySet[Any]) -> Iterator[None]:
    """Asserts that the rows of these querysets are exactly the same after the block."""
    before = [rows(qs) for qs in querysets]
    yield
    for qs, old in zip(querysets, before, strict=True):
        new = rows(qs)
        assert new == old, f"{qs.model.__name__} changed: {old!r} -> {new!r}"
