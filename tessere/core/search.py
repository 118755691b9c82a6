"""The registry of searchable things: every app declares what the one search box finds.

Each app declares its sources in a module named `search.py` (autodiscovered by the search
app, which never imports the apps):

    search_sources.register(SearchSource(
        key="forum.topic",
        label=_("Discussions"),
        model=Topic,
        visible=lambda user: Topic.objects.visible_to(user),
        document=topic_document,           # obj -> SearchDocument | None (None: not indexed)
        queryset=lambda: Topic.objects.select_related("space").prefetch_related("posts"),
        triggers={Post: lambda post: [post.topic]},   # a changed post re-indexes its topic
        order=10,
    ))

A source's `document()` is called with an object fetched through `queryset()` (or the default
manager), inside `translation.override(settings.LANGUAGE_CODE)`: labels come out in Italian.
`date` is the day the result is dated by (shown, and filtered by the date range).

The search app keeps one index row per (source, object): it is updated when a registered
model (or a trigger model) is saved or deleted, and rebuilt by `manage.py rebuild_search_index`.
Results are filtered in SQL by `visible(user)` of each source: what a person may not see on
the page is never found, never counted and never quoted in a snippet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise


@dataclass(frozen=True)
class SearchDocument:
    """What the index keeps of one object. `title` weighs more than `body`; both are plain
    text (Markdown is fine: it is tokenised). Facets filter the results."""

    title: str
    body: str
    url: str
    programme_id: int | None = None
    project_ids: tuple[int, ...] = ()
    theme_ids: tuple[int, ...] = ()
    date: dt.date | None = None


@dataclass(frozen=True)
class SearchSource:
    key: str  # "app.thing": also the type filter's value
    label: str | Promise  # plural, shown as the type filter and the result's badge
    model: type[models.Model]
    visible: Callable[[Any], models.QuerySet[Any]]  # user -> the objects they may see
    document: Callable[[Any], SearchDocument | None]
    queryset: Callable[[], models.QuerySet[Any]] | None = None  # for rebuilds (prefetching)
    triggers: dict[type[models.Model], Callable[[Any], Iterable[models.Model]]] = field(
        default_factory=dict
    )
    order: int = 100
    # Saving only other fields (`save(update_fields=...)`, e.g. last_login) does not re-index.
    watched_fields: frozenset[str] | None = None

    def all_objects(self) -> models.QuerySet[Any]:
        if self.queryset is not None:
            return self.queryset()
        return self.model._default_manager.all()


class SearchRegistry:
    def __init__(self) -> None:
        self._sources: dict[str, SearchSource] = {}

    def register(self, source: SearchSource) -> None:
        self._sources[source.key] = source

    def get(self, key: str) -> SearchSource | None:
        return self._sources.get(key)

    def sources(self) -> list[SearchSource]:
        return sorted(self._sources.values(), key=lambda s: (s.order, s.key))

    def for_model(self, model: type[models.Model]) -> list[SearchSource]:
        return [s for s in self.sources() if s.model is model]

    def triggered_by(self, model: type[models.Model]) -> list[SearchSource]:
        return [s for s in self.sources() if model in s.triggers]


search_sources = SearchRegistry()
