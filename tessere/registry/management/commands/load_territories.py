"""manage.py load_territories [--region 01 --region 07]: regions, provinces and municipalities."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tessere.registry.territories import DEFAULT_REGIONS, load_territories


class Command(BaseCommand):
    help = "Load (or refresh) regions, provinces and municipalities from the ISTAT list."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--region",
            action="append",
            dest="regions",
            metavar="CODE",
            help="ISTAT region code, repeatable (default: 01 Piemonte and 07 Liguria).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        regions = options["regions"] or sorted(DEFAULT_REGIONS)
        counts = load_territories(regions)
        self.stdout.write(
            self.style.SUCCESS(
                "Territories: {regions} regions, {provinces} provinces, {municipalities} "
                "municipalities ({created} created, {updated} updated).".format(**counts)
            )
        )
