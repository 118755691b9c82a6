"""Keeping the index: one object (re)indexed or removed, or whole sources rebuilt in bulk.

Documents are built from objects fetched through the source's queryset (its prefetching, and
never a stale instance), in the site's default language (Italian labels in the index).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import translation

from tessere.core.search import SearchDocument, SearchSource, search_sources

from .backends import get_backend
from .models import MAX_BODY, MAX_TITLE, SearchEntry, SearchEntryProject, SearchEntryTheme

logger = logging.getLogger(__name__)
BATCH = 500


def _entry(source: SearchSource, pk: Any, doc: SearchDocument) -> SearchEntry:
    return SearchEntry(
        source=source.key,
        object_id=pk,
        programme_id=doc.programme_id,
        date=doc.date,
        title=" ".join(str(doc.title).split())[:MAX_TITLE],
        body=str(doc.body or "").replace("\x00", " ")[:MAX_BODY],
        url=str(doc.url)[:500],
    )


def _document(source: SearchSource, obj: Any) -> SearchDocument | None:
    with translation.override(settings.LANGUAGE_CODE):
        return source.document(obj)


def _facets(pairs: Iterable[tuple[SearchEntry, SearchDocument]]) -> None:
    projects, themes = [], []
    for entry, doc in pairs:
        projects += [SearchEntryProject(entry=entry, project_id=p) for p in set(doc.project_ids)]
        themes += [SearchEntryTheme(entry=entry, theme_id=t) for t in set(doc.theme_ids)]
    SearchEntryProject.objects.bulk_create(projects, batch_size=BATCH)
    SearchEntryTheme.objects.bulk_create(themes, batch_size=BATCH)


def index_source_object(source: SearchSource, pk: Any) -> SearchEntry | None:
    """(Re)index one object of a source; removes its entry when it is gone or not indexed."""
    obj = source.all_objects().filter(pk=pk).first()
    doc = _document(source, obj) if obj is not None else None
    if doc is None:
        remove(source.key, pk)
        return None
    backend = get_backend()
    fresh = _entry(source, pk, doc)
    backend.prepare(fresh)
    with transaction.atomic():
        existing = (
            SearchEntry.objects.filter(source=source.key, object_id=pk).values_list("pk", flat=True)
        ).first()
        if existing is not None:
            fresh.pk = existing
            fresh.save(force_update=True)
            SearchEntryProject.objects.filter(entry_id=existing).delete()
            SearchEntryTheme.objects.filter(entry_id=existing).delete()
        else:
            fresh.save(force_insert=True)
        _facets([(fresh, doc)])
        backend.store([fresh], replace=existing is not None)
    return fresh


def index_object(obj: models.Model) -> None:
    """(Re)index an object under every source whose model it is."""
    for source in search_sources.for_model(type(obj)):
        index_source_object(source, obj.pk)


def remove(source_key: str, pk: Any) -> None:
    SearchEntry.objects.filter(source=source_key, object_id=pk).delete()


def remove_object(obj: models.Model, pk: Any = None) -> None:
    """Remove an object's entries (`pk`: its id, when the object has already lost it)."""
    for source in search_sources.for_model(type(obj)):
        remove(source.key, pk if pk is not None else obj.pk)


def _delete_source(key: str) -> None:
    """Every entry of a source, in three statements (no rows loaded; the FTS rows go with
    their entries by trigger on SQLite)."""
    entries = SearchEntry._meta.db_table
    with connection.cursor() as cursor:
        for model in (SearchEntryProject, SearchEntryTheme):
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE entry_id IN "  # noqa: S608
                f"(SELECT id FROM {entries} WHERE source = %s)",
                [key],
            )
        cursor.execute(f"DELETE FROM {entries} WHERE source = %s", [key])  # noqa: S608


def _batches(source: SearchSource) -> Iterator[list[Any]]:
    objects = source.all_objects().order_by("pk")
    batch: list[Any] = []
    for obj in objects.iterator(chunk_size=BATCH):
        batch.append(obj)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


@transaction.atomic
def rebuild(sources: Iterable[str] | None = None) -> dict[str, int]:
    """Rebuild the index of these sources (all by default) from scratch; returns the number
    of entries per source."""
    keys = list(sources) if sources is not None else [s.key for s in search_sources.sources()]
    backend = get_backend()
    counts: dict[str, int] = {}
    for key in keys:
        source = search_sources.get(key)
        if source is None:
            raise KeyError(key)
        _delete_source(key)
        counts[key] = 0
        for batch in _batches(source):
            pairs = []
            for obj in batch:
                doc = _document(source, obj)
                if doc is not None:
                    entry = _entry(source, obj.pk, doc)
                    backend.prepare(entry)
                    pairs.append((entry, doc))
            entries = SearchEntry.objects.bulk_create([e for e, _ in pairs], batch_size=BATCH)
            _facets(pairs)
            backend.store(entries, replace=False)
            counts[key] += len(entries)
    logger.info("search index rebuilt: %s", counts)
    return counts
