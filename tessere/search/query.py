"""Running a search for a person: what they may see, what matches, counts per type, one page.

Visibility is applied in SQL before anything is counted or quoted: an entry is kept only if
its object is in its source's `visible(user)` queryset (one subquery per source, OR'd), so
totals, counts per type, pages and snippets never reveal what the person may not see.

Queries: the counts per type (one GROUP BY), the page (one), the page's project facets (one),
whatever the number of results.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils.functional import Promise
from django.utils.safestring import SafeString

from tessere.core.search import SearchSource, search_sources

from .backends import get_backend
from .models import SearchEntry, SearchEntryProject, SearchEntryTheme
from .snippets import Matcher, highlight, snippet

PAGE_SIZE = 20


@dataclass(frozen=True)
class Filters:
    source: str = ""
    project_id: int | None = None
    theme_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass(frozen=True)
class TypeCount:
    key: str
    label: str | Promise
    count: int


@dataclass
class Result:
    entry: SearchEntry
    label: str | Promise
    title: SafeString
    snippet: SafeString
    projects: list[Any] = field(default_factory=list)


@dataclass
class Outcome:
    counts: list[TypeCount]
    total: int  # of the type chosen (every type when none is)
    all_types: int
    page: Page[Any]
    results: list[Result]


def visible_entries(user: Any, sources: list[SearchSource] | None = None) -> QuerySet[SearchEntry]:
    """The index entries of the objects this person may see."""
    sources = search_sources.sources() if sources is None else sources
    conditions = [
        Q(source=source.key, object_id__in=source.visible(user).values("pk")) for source in sources
    ]
    if not conditions:
        return SearchEntry.objects.none()
    return SearchEntry.objects.filter(reduce(operator.or_, conditions))


def _filtered(entries: QuerySet[SearchEntry], filters: Filters) -> QuerySet[SearchEntry]:
    if filters.project_id is not None:
        entries = entries.filter(
            Exists(
                SearchEntryProject.objects.filter(
                    entry=OuterRef("pk"), project_id=filters.project_id
                )
            )
        )
    if filters.theme_id is not None:
        entries = entries.filter(
            Exists(SearchEntryTheme.objects.filter(entry=OuterRef("pk"), theme_id=filters.theme_id))
        )
    if filters.date_from is not None:
        entries = entries.filter(date__gte=filters.date_from)
    if filters.date_to is not None:
        entries = entries.filter(date__lte=filters.date_to)
    return entries


def search(
    user: Any,
    terms: list[str],
    filters: Filters,
    *,
    page_number: Any = 1,
    projects: dict[int, Any] | None = None,
) -> Outcome:
    """Search `terms` (text.query_terms) for `user`. `projects`: the projects the person
    may see, by id (the results name only those)."""
    sources = search_sources.sources()
    labels = {s.key: s.label for s in sources}
    backend = get_backend()
    matching, rank = backend.matching(_filtered(visible_entries(user, sources), filters), terms)
    by_type = dict(
        matching.order_by().values_list("source").annotate(n=Count("pk")).values_list("source", "n")
    )
    counts = [TypeCount(s.key, s.label, by_type[s.key]) for s in sources if by_type.get(s.key)]
    if filters.source:
        matching = matching.filter(source=filters.source)
        total = by_type.get(filters.source, 0)
    else:
        total = sum(by_type.values())
    ordered = matching.annotate(rank=rank).order_by(
        F("rank").desc(), F("date").desc(nulls_last=True), "pk"
    )
    paginator = Paginator(ordered, PAGE_SIZE)
    paginator.__dict__["count"] = total  # known from the counts: no COUNT query
    page = paginator.get_page(page_number)
    entries: list[SearchEntry] = list(page.object_list) if total else []
    page.object_list = entries  # type: ignore[assignment]  # the rows, fetched once
    facets: dict[int, list[int]] = {}
    if entries and projects:
        for entry_id, project_id in SearchEntryProject.objects.filter(
            entry_id__in=[e.pk for e in entries]
        ).values_list("entry_id", "project_id"):
            facets.setdefault(entry_id, []).append(project_id)
    matcher = Matcher.for_terms(terms)
    results = [
        Result(
            entry=entry,
            label=labels.get(entry.source, entry.source),
            title=highlight(entry.title, matcher),
            snippet=snippet(entry.body, matcher),
            projects=sorted(
                (projects[p] for p in facets.get(entry.pk, []) if projects and p in projects),
                key=str,
            ),
        )
        for entry in entries
    ]
    return Outcome(
        counts=counts, total=total, all_types=sum(by_type.values()), page=page, results=results
    )
