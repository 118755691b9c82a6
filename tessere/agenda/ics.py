"""One VCALENDAR from calendar entries of any source (the personal feed).

As meetings/ics.py does for meetings: the entry's own UID and SEQUENCE (a meeting keeps the UID
of its .ics, so a calendar holding both updates one event), times in Europe/Rome with the
VTIMEZONE that icalendar leaves out unless asked (PITFALLS.md) over the span of the entries,
all-day entries as VALUE=DATE, METHOD:PUBLISH, and the refresh hints subscribed calendars read.
Entries carry only what their person may read (each source's rule): this module adds nothing
but the absolute links.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from icalendar import Calendar, Event, vDuration, vText

from tessere.core.calendar import CalendarEntry

ROME = ZoneInfo("Europe/Rome")
PRODID = "-//Tessere//Calendario//IT"
# Feeds: how often subscribed calendars should come back (Apple and Google read one of these).
REFRESH = dt.timedelta(hours=6)


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


def entry_event(
    entry: CalendarEntry, *, label: str | Promise = "", stamp: dt.datetime | None = None
) -> Event:
    event = Event()
    event.add("uid", entry.uid)
    event.add("sequence", entry.sequence)
    event.add("dtstamp", stamp or timezone.now())
    if entry.all_day or not isinstance(entry.start, dt.datetime):
        start = entry.start.date() if isinstance(entry.start, dt.datetime) else entry.start
        end = entry.end.date() if isinstance(entry.end, dt.datetime) else entry.end
        event.add("dtstart", start)  # a date: VALUE=DATE
        event.add("dtend", max(end, start + dt.timedelta(days=1)))
        event.add("transp", "TRANSPARENT")  # a deadline does not make the person busy
    else:
        assert isinstance(entry.end, dt.datetime)
        event.add("dtstart", entry.start.astimezone(ROME))
        event.add("dtend", entry.end.astimezone(ROME))
        event.add("transp", "OPAQUE")
    event.add("summary", entry.title)
    url = absolute(entry.url)
    event.add("url", url)
    event.add("description", "\n".join(part for part in (entry.description, url) if part))
    if entry.location:
        event.add("location", vText(entry.location))
    if label:
        event.add("categories", [str(label)])
    event.add("status", entry.status)
    if entry.last_modified is not None:
        event.add("last-modified", entry.last_modified)
    return event


def calendar_for_entries(
    entries: Iterable[CalendarEntry],
    *,
    name: str,
    labels: Mapping[str, str | Promise] | None = None,
    refresh: dt.timedelta | None = REFRESH,
) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Rome")
    if refresh is not None:
        cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(refresh))
    labels = labels or {}
    stamp = timezone.now()
    first: dt.date | None = None
    last: dt.date | None = None
    for entry in entries:
        cal.add_component(entry_event(entry, label=labels.get(entry.kind, ""), stamp=stamp))
        if isinstance(entry.start, dt.datetime) and not entry.all_day:
            start, end = entry.start_date(ROME), entry.end_date(ROME)
            first = start if first is None else min(first, start)
            last = end if last is None else max(last, end)
    if first is not None and last is not None:
        # Transitions from a year before the first timed entry to a year after the last one
        # (the library's default span stops in 2038).
        cal.add_missing_timezones(
            first_date=first - dt.timedelta(days=366), last_date=last + dt.timedelta(days=366)
        )
    return cal.to_ical()
