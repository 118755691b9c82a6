"""Keeps the built-in methods of methods.py mirrored as Method rows (run after migrate)."""

from __future__ import annotations

from typing import Any

from .methods import BUILTIN_METHODS


def sync_builtin_methods(**kwargs: Any) -> int:
    from .models import Method

    changed = 0
    for spec in BUILTIN_METHODS:
        method, created = Method.objects.get_or_create(
            key=spec.key,
            defaults={"name": spec.name, "description": spec.description, "is_builtin": True},
        )
        if not created and (method.name, method.description, method.is_builtin) != (
            spec.name,
            spec.description,
            True,
        ):
            method.name, method.description, method.is_builtin = spec.name, spec.description, True
            method.save(update_fields=["name", "description", "is_builtin"])
        changed += int(created)
    return changed
