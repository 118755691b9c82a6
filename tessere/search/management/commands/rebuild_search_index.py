"""manage.py rebuild_search_index [--source KEY ...]: rebuild the search index from scratch.

The index follows every save and delete by itself; rebuild it after loading data in bulk
(bulk_create sends no signals), restoring a backup, or changing what a source indexes.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tessere.core.search import search_sources
from tessere.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from scratch (every source, or the ones named)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--source",
            action="append",
            dest="sources",
            metavar="KEY",
            help="Only this source (repeatable), e.g. forum.topic.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        keys = options["sources"]
        known = [s.key for s in search_sources.sources()]
        unknown = sorted(set(keys or []) - set(known))
        if unknown:
            raise CommandError(
                f"Unknown source(s): {', '.join(unknown)}. Known: {', '.join(known)}."
            )
        started = time.monotonic()
        counts = rebuild(keys)
        for key, count in counts.items():
            self.stdout.write(f"{key}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Search index rebuilt: {sum(counts.values())} entries "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
