"""Helpers for the notification tests: notify with the throwaway kinds, pick digest moments."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from tessere.accounts.models import User
from tessere.notifications.models import Notification
from tessere.notifications.services import notify

PING = "tests.ping"
NEWS = "tests.news"
ROME = ZoneInfo("Europe/Rome")


def ping(
    person: User, what: str = "Your harvest", *, kind: str = PING, **extra: Any
) -> list[Notification]:
    return notify(
        kind=kind,
        recipients=[person],
        event_key=f"{kind}:{what}",
        data={"what": what},
        url="/incontri/",
        **extra,
    )


def next_monday_morning() -> dt.datetime:
    """The first Monday 08:00 (Rome) after now: a weekly digest is due then."""
    now = timezone.now().astimezone(ROME)
    day = now.date() + dt.timedelta(days=(7 - now.weekday()) % 7)
    moment = dt.datetime.combine(day, dt.time(8), tzinfo=ROME)
    return moment if moment > now else moment + dt.timedelta(days=7)


def this_morning_or_later() -> dt.datetime:
    """A moment today (Rome) when daily digests are due: now, or 07:30 if it is earlier."""
    now = timezone.now().astimezone(ROME)
    return max(now, dt.datetime.combine(now.date(), dt.time(7, 30), tzinfo=ROME))
