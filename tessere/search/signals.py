"""Keeping the index current: saving or deleting a registered object (or one of its triggers,
or changing one of their many-to-many relations) re-indexes it at once, in the same
transaction. The project's domain flow never uses signals (CONVENTIONS.md); the index is a
derived copy, and signals are the one way to follow every write of every app without the
apps knowing about search.

An indexing error never breaks the user's save: the work runs in a savepoint, and a failure
is logged (the entry is then stale until the next save or `rebuild_search_index`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from tessere.core.search import SearchSource, search_sources

from . import index

logger = logging.getLogger(__name__)
_connected: set[type[models.Model]] = set()
_connected_through: set[type[models.Model]] = set()


def _safely(action: Callable[[], None], what: str) -> None:
    try:
        with transaction.atomic():
            action()
    except Exception:
        logger.exception("search index: could not update %s", what)


def _watched(source: SearchSource, update_fields: Any) -> bool:
    if update_fields is None or source.watched_fields is None:
        return True
    return bool(set(update_fields) & source.watched_fields)


def object_changed(obj: models.Model, *, update_fields: Any = None) -> None:
    """Re-index an object (as a source's object and through its triggers)."""
    model = type(obj)
    for source in search_sources.for_model(model):
        if _watched(source, update_fields):
            _safely(partial(_reindex, source, obj.pk), f"{source.key} {obj.pk}")
    for source in search_sources.triggered_by(model):
        _trigger(source, obj)


def _reindex(source: SearchSource, pk: Any) -> None:
    index.index_source_object(source, pk)


def _trigger(source: SearchSource, obj: models.Model) -> None:
    def run() -> None:
        for target in source.triggers[type(obj)](obj) or ():
            if target is not None and target.pk is not None:
                index.index_source_object(source, target.pk)

    _safely(run, f"{source.key} triggered by {type(obj).__name__} {obj.pk}")


def _following() -> bool:
    """Off only where a test says so (conftest.py: the index follows saves in the tests marked
    `search_index`; elsewhere indexing every factory-made row would triple the suite's time)."""
    return bool(getattr(settings, "SEARCH_FOLLOWS_SAVES", True))


def _on_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw") or not _following():  # loading fixtures
        return
    object_changed(instance, update_fields=kwargs.get("update_fields"))


def _on_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not _following():
        return
    for source in search_sources.for_model(sender):
        _safely(
            partial(index.remove, source.key, instance.pk), f"{source.key} {instance.pk} (deleted)"
        )
    for source in search_sources.triggered_by(sender):
        _trigger(source, instance)


def _through_ends(through: type[models.Model], model: type[models.Model]) -> tuple[str, str]:
    """The attnames of a through table's foreign keys: (to `model`'s side, to the other)."""
    fks = [f for f in through._meta.concrete_fields if isinstance(f, models.ForeignKey)]
    mine = next(f for f in fks if issubclass(model, f.related_model))  # type: ignore[arg-type]
    other = next(f for f in fks if f is not mine)
    return mine.attname, other.attname


def _on_m2m(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not _following():
        return
    action, reverse, model = kwargs["action"], kwargs["reverse"], kwargs["model"]
    if not reverse:
        if action in {"post_add", "post_remove", "post_clear"}:
            object_changed(instance)
        return
    # Reverse side: `instance` is e.g. a Theme, the changed objects are `model` rows.
    if action == "pre_clear":
        mine, other = _through_ends(sender, type(instance))
        pks = list(
            sender._default_manager.filter(**{mine: instance.pk}).values_list(other, flat=True)
        )
        instance._search_cleared = pks  # type: ignore[attr-defined]
        return
    if action == "post_clear":
        pks = getattr(instance, "_search_cleared", [])
    elif action in {"post_add", "post_remove"}:
        pks = list(kwargs.get("pk_set") or ())
    else:
        return
    for obj in model._default_manager.filter(pk__in=pks):
        object_changed(obj)


def connect() -> None:
    """Connect the handlers for every registered model and trigger model (idempotent)."""
    models_to_watch: set[type[models.Model]] = set()
    for source in search_sources.sources():
        models_to_watch.add(source.model)
        models_to_watch.update(source.triggers)
    for model in models_to_watch - _connected:
        post_save.connect(_on_save, sender=model, dispatch_uid=f"search-save-{model._meta.label}")
        post_delete.connect(
            _on_delete, sender=model, dispatch_uid=f"search-delete-{model._meta.label}"
        )
        _connected.add(model)
        for field in model._meta.get_fields():
            if isinstance(field, models.ManyToManyField):
                through = field.remote_field.through
                if through is not None and through not in _connected_through:
                    m2m_changed.connect(
                        _on_m2m, sender=through, dispatch_uid=f"search-m2m-{through._meta.label}"
                    )
                    _connected_through.add(through)
