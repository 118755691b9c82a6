"""Idempotent bulk writes for demo data: every app's seed matches rows on a natural key,
creates what is missing, updates what changed, and counts what it did."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone

M = TypeVar("M", bound=models.Model)


class BulkWriter:
    """Creates missing rows and updates changed ones in bulk, matching on a natural key, and
    counts what it did by model."""

    def __init__(self) -> None:
        self.created: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()

    def sync(
        self,
        model: type[M],
        rows: Sequence[dict[str, Any]],
        key: tuple[str, ...],
        existing: Iterable[M],
        *,
        create_only: tuple[str, ...] = (),
    ) -> dict[tuple[Any, ...], M]:
        """Returns every row by key. Fields in `create_only` are written on creation and never
        compared again (a random check-in code, a backdated creation time). Creation times are
        backdated after the insert, since `auto_now_add` overrides them on the way in."""
        label = model._meta.model_name or model.__name__
        index = {tuple(getattr(obj, f) for f in key): obj for obj in existing}
        to_create: list[M] = []
        to_update: list[M] = []
        changed_fields: set[str] = set()
        for row in rows:
            row_key = tuple(row[f] for f in key)
            obj = index.get(row_key)
            if obj is None:
                obj = model(**row)
                to_create.append(obj)
                index[row_key] = obj
                continue
            changed = [f for f, v in row.items() if f not in create_only and getattr(obj, f) != v]
            if changed:
                for name in changed:
                    setattr(obj, name, row[name])
                changed_fields.update(changed)
                to_update.append(obj)
        if to_create:
            model._default_manager.bulk_create(to_create, batch_size=500)
            self.created[label] += len(to_create)
            self._backdate(model, rows, key, to_create)
        if to_update:
            if any(f.name == "updated_at" for f in model._meta.concrete_fields):
                now = timezone.now()
                for obj in to_update:
                    obj.updated_at = now  # type: ignore[attr-defined]
                changed_fields.add("updated_at")
            model._default_manager.bulk_update(to_update, sorted(changed_fields), batch_size=500)
            self.updated[label] += len(to_update)
        return index

    @staticmethod
    def _backdate(
        model: type[M], rows: Sequence[dict[str, Any]], key: tuple[str, ...], created: list[M]
    ) -> None:
        stamped = [
            f.name
            for f in model._meta.concrete_fields
            if getattr(f, "auto_now_add", False) and rows and f.name in rows[0]
        ]
        if not stamped:
            return
        wanted = {tuple(row[f] for f in key): row for row in rows}
        for obj in created:
            row = wanted[tuple(getattr(obj, f) for f in key)]
            for name in stamped:
                setattr(obj, name, row[name])
        model._default_manager.bulk_update(created, stamped, batch_size=500)

    def sync_m2m(
        self, through: type[models.Model], source: str, target: str, wanted: dict[int, set[int]]
    ) -> None:
        """Make a many-to-many relation of these source rows exactly `wanted`."""
        present: dict[int, set[int]] = {pk: set() for pk in wanted}
        stale: list[int] = []
        links = through._default_manager.filter(**{f"{source}__in": list(wanted)}).values_list(
            "pk", source, target
        )
        for pk, src, dst in links:
            if dst in wanted[src]:
                present[src].add(dst)
            else:
                stale.append(pk)
        new = [
            through(**{source: src, target: dst})
            for src, targets in wanted.items()
            for dst in sorted(targets - present[src])
        ]
        if new:
            through._default_manager.bulk_create(new, batch_size=500)
            self.created[through._meta.model_name or "m2m"] += len(new)
        if stale:
            through._default_manager.filter(pk__in=stale).delete()
            self.updated[through._meta.model_name or "m2m"] += len(stale)


# --- Who came ------------------------------------------------------------------------------------
