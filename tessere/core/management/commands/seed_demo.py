"""manage.py seed_demo [--scale N] [--if-empty]: territories, then every app's demo data.

Core knows no domain app: each app's seed function is listed below as a dotted path and
imported only when the command runs. A seeder takes `scale` and `stdout` keyword arguments and
returns a dict of counts; a "logins" entry, a list of (role, email) pairs, is printed as the
table of demo logins. Add an app's seeder after the ones it builds on.
"""

from __future__ import annotations

import time
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.utils.module_loading import import_string

TERRITORY_LOADER = "tessere.registry.territories.load_territories"
SEEDERS: list[str] = [
    "tessere.registry.seeds.seed",
    "tessere.meetings.seeds.seed",
    "tessere.learning.seeds.seed",
    "tessere.mentoring.seeds.seed",
    "tessere.opportunities.seeds.seed",
    "tessere.networks.seeds.seed",
    "tessere.community.seeds.seed",
    "tessere.forum.seeds.seed",
    "tessere.forum.seeds_consult.seed",
    "tessere.documents.seeds.seed",
    "tessere.practices.seeds.seed",
    # After every content seeder: the seeds write in bulk (no signals), so the index is
    # rebuilt once here.
    "tessere.search.seeds.seed",
    # Last: the notifications the demo data implies (each app declares its demo_sources).
    "tessere.notifications.seeds.seed",
]


class Command(BaseCommand):
    help = "Load the ISTAT territories and the demo data (idempotent: safe to run again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Multiply projects, organisations and people N-fold, for load tests.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when a programme already exists.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale: int = options["scale"]
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        if options["if_empty"] and apps.get_model("registry", "Programme").objects.exists():
            self.stdout.write("A programme already exists: demo data not loaded.")
            return
        started = time.monotonic()
        counts = import_string(TERRITORY_LOADER)()
        self.stdout.write(
            "Territories: {regions} regions, {provinces} provinces, "
            "{municipalities} municipalities.".format(**counts)
        )
        logins: list[tuple[str, str]] = []
        for path in SEEDERS:
            result = import_string(path)(scale=scale, stdout=self.stdout)
            logins += result.pop("logins", [])
            summary = ", ".join(
                f"{key} {value}" for key, value in result.items() if isinstance(value, int)
            )
            self.stdout.write(f"{path}: {summary}")
            for warning in result.get("warnings", []):
                self.stdout.write(self.style.WARNING(f"  ! {warning}"))
            for place in result.get("fallbacks", []):
                self.stdout.write(
                    self.style.WARNING(
                        f"  ! municipality not found, province capital used: {place}"
                    )
                )
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f} s.")
        )
        if logins:
            write_logins(self.stdout, logins)


def write_logins(out: OutputWrapper, logins: list[tuple[str, str]]) -> None:
    """Print (role, email) pairs as a table with the demo password."""
    password = settings.TESSERE_DEMO_PASSWORD
    rows = [
        ("Role", "Email", "Password"),
        *((label, email, password) for label, email in logins),
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    out.write("")
    for index, row in enumerate(rows):
        out.write(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
        if index == 0:
            out.write("  ".join("-" * width for width in widths))
