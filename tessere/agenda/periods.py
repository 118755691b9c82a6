"""Months, ISO weeks and days of the calendar in Europe/Rome, and the entries placed on them.

Pure functions: the views parse the query string with them and never trust it (a bad month or
week is None, and the view says so and shows the current one).
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils.functional import Promise

from tessere.core.calendar import CalendarEntry

ROME = ZoneInfo("Europe/Rome")
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")
MIN_YEAR, MAX_YEAR = 2000, 2100
ONE_DAY = dt.timedelta(days=1)


def local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=ROME)


# --- Months ---------------------------------------------------------------------------------------
def parse_month(value: str | None) -> dt.date | None:
    """`YYYY-MM` to the first day of that month; None when missing or not a real month."""
    match = MONTH_RE.match(value or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    return dt.date(year, month, 1)


def shift_month(month: dt.date, delta: int) -> dt.date | None:
    index = month.year * 12 + month.month - 1 + delta
    year, month_number = divmod(index, 12)
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    return dt.date(year, month_number + 1, 1)


def month_weeks(month: dt.date) -> list[list[dt.date]]:
    """The weeks of the month grid, Monday first, with the days of the months around it."""
    return pycalendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)


# --- ISO weeks ------------------------------------------------------------------------------------
def parse_week(value: str | None) -> dt.date | None:
    """`YYYY-Www` (ISO 8601, what <input type="week"> sends) to its Monday; None otherwise."""
    match = WEEK_RE.match(value or "")
    if not match:
        return None
    year, week = int(match.group(1)), int(match.group(2))
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date.fromisocalendar(year, week, 1)
    except ValueError:  # week 0, 54, or 53 of a year that has 52
        return None


def week_monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def iso_week(day: dt.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def shift_week(monday: dt.date, delta: int) -> dt.date | None:
    shifted = monday + dt.timedelta(weeks=delta)
    if not MIN_YEAR <= shifted.isocalendar()[0] <= MAX_YEAR:
        return None
    return shifted


# --- Entries on days ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Shown:
    """An entry as a page shows it: with its source's label; `continued` on the days after the
    first of an entry that spans several; `is_past` in the list."""

    entry: CalendarEntry
    label: str | Promise
    continued: bool = False
    is_past: bool = False

    @property
    def cancelled(self) -> bool:
        return self.entry.status == "CANCELLED"

    @property
    def tentative(self) -> bool:
        return self.entry.status == "TENTATIVE"

    @property
    def first_day(self) -> dt.date:
        return self.entry.start_date(ROME)

    @property
    def last_day(self) -> dt.date:
        return self.entry.end_date(ROME)


@dataclass
class Day:
    date: dt.date
    is_today: bool
    in_month: bool = True
    entries: list[Shown] = field(default_factory=list)


def place_on_days(
    entries: Iterable[CalendarEntry],
    first: dt.date,
    last: dt.date,
    labels: Mapping[str, str | Promise],
) -> dict[dt.date, list[Shown]]:
    """Each entry on every day from `first` to `last` (inclusive) that it touches."""
    days: dict[dt.date, list[Shown]] = {}
    for entry in entries:
        begins = entry.start_date(ROME)
        day = max(begins, first)
        until = min(entry.end_date(ROME), last)
        while day <= until:
            shown = Shown(entry, labels.get(entry.kind, entry.kind), continued=day > begins)
            days.setdefault(day, []).append(shown)
            day += ONE_DAY
    return days


def ends_at(entry: CalendarEntry) -> dt.datetime:
    """When the entry is over (an all-day entry: at midnight, Rome time, of its end date)."""
    if isinstance(entry.end, dt.datetime):
        return entry.end
    return local_midnight(entry.end)
