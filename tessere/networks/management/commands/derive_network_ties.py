"""manage.py derive_network_ties [--programme slug]: derive the observed ties again (from cron,
nightly, or after importing data). Idempotent: a second run changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tessere.registry.models import Programme

from ...observed import derive_observed_ties


class Command(BaseCommand):
    help = "Derive the observed ties between organisations (same project, meeting groups, lessons)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", help="The slug of one programme (default: every one).")

    def handle(self, *args: Any, **options: Any) -> None:
        programmes = Programme.objects.order_by("pk")
        if options.get("programme"):
            programmes = programmes.filter(slug=options["programme"])
            if not programmes.exists():
                raise CommandError(f"No programme with the slug {options['programme']!r}.")
        for programme in programmes:
            counts = derive_observed_ties(programme=programme)
            summary = ", ".join(f"{key} {value}" for key, value in counts.items())
            self.stdout.write(f"{programme.slug}: {summary}")
