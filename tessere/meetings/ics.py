"""iCalendar for meetings: one event per meeting, the same UID for its whole life and a
SEQUENCE that grows with every change of time, so calendars update instead of duplicating.

icalendar writes TZID=Europe/Rome without a VTIMEZONE unless asked (PITFALLS.md), so every
calendar gets add_missing_timezones(), over the span of its meetings (the library's default
span stops in 2038). The online link is never written into a calendar, nor the check-in code,
the minutes or who else registered: the event points at the meeting page, which shows the link
to registered people when it opens.

Downloads and feeds use METHOD:PUBLISH; the emails send METHOD:REQUEST (a place, a promotion,
a new time) or METHOD:CANCEL (a cancelled place or meeting) with the person as ATTENDEE, as
RFC 5546 asks, so mail clients add, move or remove the entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from email.utils import parseaddr
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vDuration, vText

from .models import Meeting

if TYPE_CHECKING:
    from tessere.accounts.models import User

ROME = ZoneInfo("Europe/Rome")
PRODID = "-//Tessere//Comunità di pratiche//IT"
# Feeds: how often subscribed calendars should come back (Apple and Google read one of these).
REFRESH = dt.timedelta(hours=6)


def meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL + meeting.get_absolute_url()


def _location(meeting: Meeting) -> str:
    parts = [meeting.venue, meeting.address]
    if meeting.municipality_id and meeting.municipality:
        parts.append(meeting.municipality.name)
    where = ", ".join(part for part in parts if part)
    if not where and meeting.format == Meeting.Format.ONLINE:
        where = "Online"
    return where


def meeting_event(meeting: Meeting, *, attendee: User | None = None) -> Event:
    """The VEVENT of a meeting. `attendee` (emails only) names the person the entry is for."""
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.ical_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.start.astimezone(ROME))
    event.add("dtend", meeting.end.astimezone(ROME))
    event.add("summary", meeting.title)
    url = meeting_url(meeting)
    event.add("url", url)
    event.add("description", f"{meeting.programme.title}\n{url}")
    where = _location(meeting)
    if where:
        event.add("location", vText(where))
    event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("last-modified", meeting.updated_at)
    if attendee is not None:
        organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
        organizer.params["CN"] = vText(meeting.programme.title)
        event.add("organizer", organizer)
        person = vCalAddress(f"mailto:{attendee.email}")
        person.params["CN"] = vText(str(attendee))
        person.params["ROLE"] = vText("REQ-PARTICIPANT")
        person.params["PARTSTAT"] = vText("ACCEPTED")
        person.params["RSVP"] = vText("FALSE")  # the place is managed on the site, not by reply
        event.add("attendee", person)
    return event


def calendar_for(
    meetings: Iterable[Meeting],
    *,
    name: str,
    method: str = "PUBLISH",
    attendee: User | None = None,
    refresh: dt.timedelta | None = None,
) -> bytes:
    """A whole VCALENDAR: `meetings` need `programme` and `municipality` selected."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Rome")
    if refresh is not None:
        cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(refresh))
    first: dt.date | None = None
    last: dt.date | None = None
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, attendee=attendee))
        start, end = meeting.start.astimezone(ROME).date(), meeting.end.astimezone(ROME).date()
        first = start if first is None else min(first, start)
        last = end if last is None else max(last, end)
    if first is not None and last is not None:
        # Transitions from a year before the first meeting to a year after the last one.
        cal.add_missing_timezones(
            first_date=first - dt.timedelta(days=366), last_date=last + dt.timedelta(days=366)
        )
    return cal.to_ical()
