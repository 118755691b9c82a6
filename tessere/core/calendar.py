"""The registry of dated things: every app declares what it puts in a person's calendar.

The agenda app renders one calendar (month, week, list) and one personal iCalendar feed from
every source registered here, and never imports the apps. Each app declares its source in a
module named `calendar_entries.py` (autodiscovered by the agenda app):

    calendar_sources.register("meetings", meeting_entries, label=_("Meetings"))

A source is `(user, start, end) -> Iterable[CalendarEntry]`: the entries the user may see that
touch [start, end). It must run a fixed number of queries whatever the data (query budgets) and
apply the same visibility rules as the app's own pages: the calendar is one more path to the
same content. Entries carry only what the user may read; a confidential object is shown by a
neutral title (for example "Mentoring session · ACRONYM"), never its notes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class CalendarEntry:
    """One dated thing. Timed entries have aware datetimes; all-day entries have dates (`end`
    exclusive, as in iCalendar: a one-day entry on 3 May ends on 4 May)."""

    uid: str  # stable for the life of the object: "meeting-12@tessere"
    kind: str  # the source key: "meetings", "mentoring.sessions", ...
    title: str
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date
    url: str  # the page of the object (a path; feeds make it absolute)
    all_day: bool = False
    location: str = ""
    description: str = ""  # plain text, only what the user may read
    status: str = "CONFIRMED"  # CONFIRMED, TENTATIVE or CANCELLED (iCalendar STATUS)
    sequence: int = 0  # grows with every change of time (iCalendar SEQUENCE)
    last_modified: dt.datetime | None = None
    badge: str = ""  # a short note shown beside the title: "you have a place", "deadline"
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def start_date(self, tz: Any) -> dt.date:
        if isinstance(self.start, dt.datetime):
            return self.start.astimezone(tz).date()
        return self.start

    def end_date(self, tz: Any) -> dt.date:
        """The last day the entry touches (inclusive)."""
        if isinstance(self.end, dt.datetime):
            end = self.end.astimezone(tz)
            last = end.date()
            if end.time() == dt.time(0) and last > self.start_date(tz):
                last -= dt.timedelta(days=1)
            return last
        return max(self.end - dt.timedelta(days=1), self.start_date(tz))


CalendarSource = Callable[[Any, dt.datetime, dt.datetime], Iterable[CalendarEntry]]


@dataclass(frozen=True)
class SourceInfo:
    key: str
    source: CalendarSource
    label: str | Promise
    order: int


class CalendarRegistry:
    def __init__(self) -> None:
        self._sources: dict[str, SourceInfo] = {}

    def register(
        self, key: str, source: CalendarSource, *, label: str | Promise, order: int = 100
    ) -> None:
        self._sources[key] = SourceInfo(key, source, label, order)

    def sources(self) -> list[SourceInfo]:
        return sorted(self._sources.values(), key=lambda info: (info.order, info.key))

    def entries_for(
        self,
        user: Any,
        start: dt.datetime,
        end: dt.datetime,
        *,
        kinds: Iterable[str] | None = None,
    ) -> list[CalendarEntry]:
        """Every entry of every source (or of `kinds`) in [start, end), by start."""
        wanted = set(kinds) if kinds is not None else None
        entries: list[CalendarEntry] = []
        for info in self.sources():
            if wanted is not None and info.key not in wanted:
                continue
            entries.extend(info.source(user, start, end))
        return sorted(entries, key=_sort_key)


def _sort_key(entry: CalendarEntry) -> tuple[dt.datetime, str, str]:
    start = entry.start
    if not isinstance(start, dt.datetime):
        from zoneinfo import ZoneInfo

        start = dt.datetime(start.year, start.month, start.day, tzinfo=ZoneInfo("Europe/Rome"))
    return (start, entry.title, entry.uid)


calendar_sources = CalendarRegistry()
