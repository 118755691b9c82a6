"""Remind facilitators to close the meetings that ended and are still open.

Run it once a day, in the morning, from cron (or any scheduler):

    15 8 * * *  cd /srv/tessere && .venv/bin/python manage.py send_meeting_reminders

Each meeting is reminded once (the day after it ended, or at the first run after that):
running the command twice sends nothing new. With a task backend that defers work
(django-tasks-db), meetings also queue their own reminder for the day after their end; both
paths go through the same service, so nobody gets two emails.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from tessere.meetings.services.meetings import meetings_to_remind, send_close_reminder


class Command(BaseCommand):
    help = (
        "Email the facilitators of every meeting that ended before today and is not closed "
        "yet (once per meeting). Meant for cron, daily: "
        "'15 8 * * * .venv/bin/python manage.py send_meeting_reminders'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=30,
            help="Look back this many days for meetings that ended (default 30): older ones "
            "are history, not reminders.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List the meetings, send nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        meetings = list(meetings_to_remind(now, within_days=options["days"]).order_by("end"))
        sent = 0
        for meeting in meetings:
            if options["dry_run"]:
                self.stdout.write(f"would remind: {meeting.slug}")
                continue
            if send_close_reminder(meeting=meeting, now=now):
                sent += 1
                self.stdout.write(f"reminded: {meeting.slug}")
        if not options["dry_run"]:
            self.stdout.write(
                f"{sent} reminder(s) sent, {len(meetings)} meeting(s) waiting to be closed."
            )
