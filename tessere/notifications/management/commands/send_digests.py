"""Send the digest emails that are due: daily ones every day, weekly ones on Mondays.

Run it every hour (`manage.py run_schedule` does, or cron):

    5 * * * *  cd /srv/tessere && .venv/bin/python manage.py send_digests

Digests go out from 07:00 Rome time (the first run after it). Each person gets at most one
digest per period ("D2026-11-25", "W2026-49"): the record is written before sending, so running
the command again, or on two machines, sends nothing new. Empty digests are not sent.
`--now` acts as if it were another moment (tests, or catching up after an outage); a date alone
means that day at 07:00.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tessere.notifications.digest import DIGEST_HOUR, ROME, send_digests


def moment(raw: str) -> dt.datetime:
    """An ISO date or date-time; naive ones are Rome time; a date alone is DIGEST_HOUR."""
    try:
        if len(raw) == 10:
            day = dt.date.fromisoformat(raw)
            return dt.datetime.combine(day, dt.time(DIGEST_HOUR), tzinfo=ROME)
        value = dt.datetime.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError(f"--now must be an ISO date or date-time, not {raw!r}") from exc
    return value if timezone.is_aware(value) else value.replace(tzinfo=ROME)


class Command(BaseCommand):
    help = (
        "Send the daily and weekly (Monday) digest emails that are due, once per person and "
        "period. Run hourly: '5 * * * * .venv/bin/python manage.py send_digests'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            default=None,
            help="Act as if it were this moment (ISO, e.g. 2026-11-30T08:00; Rome time).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List who would get a digest and how many items, send nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = moment(options["now"]) if options["now"] else timezone.now()
        run = send_digests(now=now, dry_run=options["dry_run"])
        if options["dry_run"]:
            for person, period, count in run.previews:
                state = f"{count} item(s)" if count else "empty, not sent"
                self.stdout.write(f"would send {period} to {person.email}: {state}")
            self.stdout.write(
                f"{len(run.previews)} digest(s) due, {run.already} already done this period."
            )
            return
        self.stdout.write(
            f"{len(run.queued)} digest(s) queued, {run.already} already done this period."
        )
