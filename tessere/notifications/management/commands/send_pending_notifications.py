"""Queue again the emails whose task was lost: notifications and digests still waiting.

Run it every hour (`manage.py run_schedule` does, or cron):

    0 * * * *  cd /srv/tessere && .venv/bin/python manage.py send_pending_notifications

It queues PENDING notifications and digests older than 5 minutes (a retry after an SMTP error,
or a task that never reached the queue), and puts back SENDING ones claimed more than 30
minutes ago (the worker died mid-send). The tasks claim each row before sending, so a row
queued twice is still sent once.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tessere.notifications.tasks import requeue_stuck


class Command(BaseCommand):
    help = (
        "Queue again notification emails and digests left waiting (lost tasks, SMTP retries). "
        "Run hourly: '0 * * * * .venv/bin/python manage.py send_pending_notifications'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count them, queue nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        done = requeue_stuck(dry_run=options["dry_run"])
        verb = "would be queued" if options["dry_run"] else "queued"
        self.stdout.write(
            f"{done.notifications} notification email(s) and {done.digests} digest(s) {verb}."
        )
