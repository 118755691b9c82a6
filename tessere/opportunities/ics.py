"""iCalendar for an opportunity: its days as one all-day event, and its deadline as another
("Deadline: title"), each with a UID that lasts as long as the opportunity and a SEQUENCE that
grows when its dates change (or it is withdrawn: STATUS:CANCELLED), so calendars update the
entries instead of duplicating them.

All-day events are dates (VALUE=DATE) with an exclusive DTEND, as RFC 5545 says: a course on
3 and 4 May is DTSTART 20260503, DTEND 20260505. Dates carry no time zone, so no VTIMEZONE.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText

from .models import Opportunity

PRODID = "-//Tessere//Comunità di pratiche//IT"
ONE_DAY = dt.timedelta(days=1)


def opportunity_url(opportunity: Opportunity) -> str:
    return settings.SITE_URL + opportunity.get_absolute_url()


def location(opportunity: Opportunity) -> str:
    """Where, in words: the place and municipality, "Online", or both."""
    parts = [opportunity.place.strip()]
    if opportunity.municipality_id and opportunity.municipality is not None:
        parts.append(opportunity.municipality.name)
    where = ", ".join(part for part in parts if part)
    if opportunity.is_online:
        where = f"{where} · Online" if where else "Online"
    return where


def offered_by(opportunity: Opportunity) -> str:
    names = []
    if opportunity.project_id and opportunity.project is not None:
        names.append(opportunity.project.acronym)
    if opportunity.organisation_id and opportunity.organisation is not None:
        names.append(opportunity.organisation.name)
    return " · ".join(names)


def _description(opportunity: Opportunity, url: str) -> str:
    lines = [str(opportunity.get_kind_display()).capitalize()]
    if who := offered_by(opportunity):
        lines.append(who)
    if opportunity.time_note:
        lines.append(opportunity.time_note)
    lines.append(url)
    return "\n".join(lines)


def _event(
    opportunity: Opportunity, *, uid: str, summary: str, first: dt.date, last: dt.date
) -> Event:
    url = opportunity_url(opportunity)
    event = Event()
    event.add("uid", uid)
    event.add("sequence", opportunity.ical_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", first)
    event.add("dtend", last + ONE_DAY)  # exclusive
    event.add("summary", summary)
    event.add("url", url)
    event.add("description", _description(opportunity, url))
    if where := location(opportunity):
        event.add("location", vText(where))
    withdrawn = opportunity.status == Opportunity.Status.WITHDRAWN
    event.add("status", "CANCELLED" if withdrawn else "CONFIRMED")
    event.add("transp", "TRANSPARENT")  # an opportunity does not make anyone busy
    event.add("last-modified", opportunity.updated_at)
    return event


def opportunity_events(opportunity: Opportunity) -> list[Event]:
    """The dated span (if any) and the deadline (if any)."""
    events = []
    if opportunity.starts_on is not None:
        events.append(
            _event(
                opportunity,
                uid=opportunity.uid,
                summary=opportunity.title,
                first=opportunity.starts_on,
                last=opportunity.ends_on or opportunity.starts_on,
            )
        )
    if opportunity.deadline is not None:
        events.append(
            _event(
                opportunity,
                uid=opportunity.deadline_uid,
                summary=_("Deadline: %(title)s") % {"title": opportunity.title},
                first=opportunity.deadline,
                last=opportunity.deadline,
            )
        )
    return events


def opportunity_calendar(opportunity: Opportunity) -> bytes:
    """A whole VCALENDAR for one opportunity (`project`, `organisation` and `municipality`
    selected, to stay within the page's queries)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", opportunity.title)
    for event in opportunity_events(opportunity):
        cal.add_component(event)
    return cal.to_ical()
