"""Run Tessere's periodic jobs: once, or every hour with --loop (what `make run` does).

The jobs are the management commands listed in settings.PERIODIC_COMMANDS (by default
send_pending_notifications, send_digests, send_meeting_reminders, send_action_reminders). Each
is idempotent — running it twice in an hour sends nothing twice — and each runs on its own: an
error in one is logged and the others still run.

In production, either keep one `run_schedule --loop` process next to the task worker
(systemd unit, supervisor), or use cron instead and run it once an hour:

    5 * * * *  cd /srv/tessere && .venv/bin/python manage.py run_schedule

(or one cron line per command, at the times you prefer: see each command's help).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

logger = logging.getLogger(__name__)

DEFAULT_COMMANDS = [
    "send_pending_notifications",
    "send_digests",
    "send_meeting_reminders",
    "send_action_reminders",
]


def periodic_commands() -> list[str]:
    return list(getattr(settings, "PERIODIC_COMMANDS", DEFAULT_COMMANDS))


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (settings.PERIODIC_COMMANDS) once, or every --interval seconds "
        "with --loop. Cron alternative: '5 * * * * .venv/bin/python manage.py run_schedule'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop", action="store_true", help="Keep running: repeat every --interval seconds."
        )
        parser.add_argument(
            "--interval",
            type=int,
            default=3600,
            help="Seconds between two runs with --loop (default 3600: hourly).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        interval = max(1, options["interval"])
        while True:
            started = time.monotonic()
            self.run_once()
            if not options["loop"]:
                return
            time.sleep(max(0.0, interval - (time.monotonic() - started)))

    def run_once(self) -> int:
        """Run every command; return how many failed."""
        failed = 0
        for name in periodic_commands():
            try:
                call_command(name, stdout=self.stdout, stderr=self.stderr)
            except Exception:
                failed += 1
                logger.exception("Periodic command %s failed", name)
                self.stderr.write(f"{name}: failed (see the log)")
        return failed
