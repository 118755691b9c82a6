"""Helpers for the calendar tests: a throwaway source, dates near today, parsing a feed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo

from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from tessere.accounts.models import User
from tessere.core.calendar import CalendarEntry, CalendarSource, calendar_sources

ROME = ZoneInfo("Europe/Rome")
LoginAs = Callable[[User | None], Client]
EXTRA = "test.extra"


def rome(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ROME)


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def month_of(day: dt.date) -> str:
    return f"{day:%Y-%m}"


def week_of(day: dt.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def extra_entry(day: dt.date, *, title: str = "Voce di prova", **fields: Any) -> CalendarEntry:
    """An all-day entry of the throwaway source on `day`."""
    return CalendarEntry(
        uid=fields.pop("uid", f"extra-{day:%Y%m%d}-{title}@test"),
        kind=EXTRA,
        title=title,
        start=fields.pop("start", day),
        end=fields.pop("end", day + dt.timedelta(days=1)),
        url=fields.pop("url", "/prova/"),
        all_day=fields.pop("all_day", True),
        **fields,
    )


def touches(entry: CalendarEntry, start: dt.datetime, end: dt.datetime) -> bool:
    first = entry.start if isinstance(entry.start, dt.datetime) else rome(entry.start, 0)
    last = entry.end if isinstance(entry.end, dt.datetime) else rome(entry.end, 0)
    return first < end and last > start


@contextmanager
def registered_source(
    entries: Iterable[CalendarEntry],
    *,
    key: str = EXTRA,
    label: str = "Test entries",
    seen_by: Callable[[Any], bool] = lambda user: True,
) -> Iterator[list[tuple[Any, dt.datetime, dt.datetime]]]:
    """A source registered for the block only; yields the calls it received."""
    calls: list[tuple[Any, dt.datetime, dt.datetime]] = []
    fixed = list(entries)

    def source(user: Any, start: dt.datetime, end: dt.datetime) -> list[CalendarEntry]:
        calls.append((user, start, end))
        if not seen_by(user):
            return []
        return [entry for entry in fixed if touches(entry, start, end)]

    typed: CalendarSource = source
    calendar_sources.register(key, typed, label=label, order=99)
    try:
        yield calls
    finally:
        calendar_sources._sources.pop(key, None)


def feed_calendar(response: Any) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def feed_events(response: Any) -> dict[str, Any]:
    """The VEVENTs of a feed by SUMMARY."""
    return {str(e["SUMMARY"]): e for e in feed_calendar(response).walk("VEVENT")}


def titles(response: Any) -> list[str]:
    """The titles of the entries a calendar page shows, in the order of its context."""
    context = response.context
    if "weeks" in context:
        lines = [line for week in context["weeks"] for day in week for line in day.entries]
    elif "days" in context:
        lines = [line for day in context["days"] for line in day.entries]
    else:
        lines = list(context["page"].object_list)
    seen: list[str] = []
    for line in lines:
        if line.entry.title not in seen:
            seen.append(line.entry.title)
    return seen
