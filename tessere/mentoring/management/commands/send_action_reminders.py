"""Remind the owners of mentoring actions: 3 days before the due date, and once overdue.

Run it once a day, in the morning, from cron (or any scheduler):

    30 8 * * *  cd /srv/tessere && .venv/bin/python manage.py send_action_reminders

Each reminder goes once per action and due date (moving the due date re-arms both): running
the command twice on a day sends nothing new.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from tessere.mentoring.services.actions import due_soon, overdue, send_action_reminders


class Command(BaseCommand):
    help = (
        "Email the owners of open mentoring actions due in 3 days or overdue (once each). "
        "Run daily from cron: '30 8 * * * .venv/bin/python manage.py send_action_reminders'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="Act as if today were this date (YYYY-MM-DD).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the reminders due, send nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        if options["dry_run"]:
            count = due_soon(today).count() + overdue(today).count()
            self.stdout.write(f"{count} reminder(s) would be sent.")
            return
        sent = send_action_reminders(today=today)
        self.stdout.write(f"{sent} reminder(s) sent.")
