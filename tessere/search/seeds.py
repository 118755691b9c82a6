"""The demo's search index: the seeds write with bulk_create (no signals), so the index is
rebuilt once, after every content seeder (it must come last but for notifications)."""

from __future__ import annotations

from typing import Any, TextIO

from .index import rebuild


def seed(*, scale: int = 1, stdout: TextIO | None = None) -> dict[str, Any]:
    counts = rebuild()
    return {"entries": sum(counts.values()), **{key: n for key, n in counts.items()}}
