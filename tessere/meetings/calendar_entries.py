"""What meetings put in the one calendar (tessere/core/calendar.py): every meeting the person
may see (Meeting.objects.visible_to), the same ones the meeting list shows.

An entry carries what a public meeting page shows and the meeting's own UID and SEQUENCE, so a
subscribed calendar that already had the meeting from its .ics updates it instead of adding a
copy. Cancelled meetings stay, with STATUS:CANCELLED, so calendars remove them. Never the online
link, the check-in code, the minutes or who registered (as in ics.meeting_event).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tessere.core.calendar import CalendarEntry, calendar_sources

from .ics import _location
from .models import Meeting, Registration

KIND = "meetings"


def meeting_entries(user: Any, start: dt.datetime, end: dt.datetime) -> Iterable[CalendarEntry]:
    """Two queries whatever the data: the meetings, then the person's confirmed places."""
    meetings = list(
        Meeting.objects.visible_to(user)
        .filter(start__lt=end, end__gt=start)
        .select_related("programme", "municipality")
        # Never in a calendar: not even read.
        .defer("online_url", "checkin_code", "minutes", "description", "presence")
        .order_by("start", "pk")
    )
    if not meetings:
        return []
    placed: set[int] = set()
    if user is not None and user.is_authenticated:
        placed = set(
            Registration.objects.filter(
                user=user,
                status=Registration.Status.CONFIRMED,
                meeting__start__lt=end,
                meeting__end__gt=start,
            ).values_list("meeting_id", flat=True)
        )
    return [_entry(meeting, has_place=meeting.pk in placed) for meeting in meetings]


def _entry(meeting: Meeting, *, has_place: bool) -> CalendarEntry:
    cancelled = meeting.status == Meeting.Status.CANCELLED
    if has_place and not cancelled:
        badge = gettext("you have a place")
    elif meeting.status == Meeting.Status.PLANNED:
        badge = gettext("to be confirmed")
    else:
        badge = ""
    return CalendarEntry(
        uid=meeting.uid,
        kind=KIND,
        title=meeting.title,
        start=meeting.start,
        end=meeting.end,
        url=meeting.get_absolute_url(),
        location=_location(meeting),
        description=meeting.programme.title,
        status="CANCELLED" if cancelled else "CONFIRMED",
        sequence=meeting.ical_sequence,
        last_modified=meeting.updated_at,
        badge=badge,
    )


calendar_sources.register(KIND, meeting_entries, label=_("Meetings"), order=10)
