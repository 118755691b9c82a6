"""What the mentoring file puts in the one calendar (tessere/core/calendar.py).

- "mentoring.sessions": the sessions Session.objects.visible_to the person (access.py: the whole
  file, or the shared part for monitors: sessions with a monitoring summary). The entry is
  neutral, "Mentoring session · ACRONYM": never the notes, the agenda, the monitoring summary or
  the next steps. The place only for those who read the whole file.
- "mentoring.actions": the person's own open actions, on their due date (all day). Only the
  actions they own, not every action of the files they may read: the calendar says what *they*
  have to do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tessere.core.calendar import CalendarEntry, calendar_sources

from .access import confidential_project_ids
from .models import Action, Session

SESSIONS = "mentoring.sessions"
ACTIONS = "mentoring.actions"


def session_entries(user: Any, start: dt.datetime, end: dt.datetime) -> Iterable[CalendarEntry]:
    if user is None or not user.is_authenticated:
        return []
    sessions = (
        Session.objects.visible_to(user)
        .filter(start__lt=end, end__gt=start)
        .select_related("project", "municipality")
        # The confidential text is not even read from the database.
        .defer("agenda", "notes", "monitoring_summary", "next_steps")
        .order_by("start", "pk")
    )
    full = confidential_project_ids(user)  # cached on the user by visible_to
    return [_session_entry(session, full=session.project_id in full) for session in sessions]


def _session_entry(session: Session, *, full: bool) -> CalendarEntry:
    location = ""
    if full:
        parts = [session.address]
        if session.municipality_id and session.municipality:
            parts.append(session.municipality.name)
        location = ", ".join(part for part in parts if part)
        if not location and session.mode == Session.Mode.ONLINE:
            location = gettext("Online")
    return CalendarEntry(
        uid=f"mentoring-session-{session.pk}@tessere",
        kind=SESSIONS,
        title=gettext("Mentoring session · %(acronym)s") % {"acronym": session.project.acronym},
        start=session.start,
        end=session.end,
        url=session.get_absolute_url(),
        location=location,
        # Every save raises the version: calendars take the new time (SEQUENCE only grows).
        sequence=session.version,
        last_modified=session.updated_at,
    )


def action_entries(user: Any, start: dt.datetime, end: dt.datetime) -> Iterable[CalendarEntry]:
    if user is None or not user.is_authenticated:
        return []
    # An all-day entry on day D spans [D 00:00, D+1 00:00) in Rome: it touches [start, end)
    # from the day of `start` to the day before `end` (or the day of `end` when it is not
    # midnight).
    first = timezone.localdate(start)
    end_local = timezone.localtime(end)
    last = end_local.date()
    if end_local.time() == dt.time(0):
        last -= dt.timedelta(days=1)
    actions = (
        Action.objects.visible_to(user)
        .filter(
            owner=user,
            status__in=[Action.Status.OPEN, Action.Status.IN_PROGRESS],
            due_date__gte=first,
            due_date__lte=last,
        )
        .select_related("project")
        .order_by("due_date", "pk")
    )
    today = timezone.localdate()
    return [_action_entry(action, overdue=action.due_date < today) for action in actions]


def _action_entry(action: Action, *, overdue: bool) -> CalendarEntry:
    description = Truncator(" ".join(action.description.split())).chars(80)
    return CalendarEntry(
        uid=f"mentoring-action-{action.pk}@tessere",
        kind=ACTIONS,
        title=gettext("Deadline: %(description)s") % {"description": description},
        start=action.due_date,
        end=action.due_date + dt.timedelta(days=1),
        url=action.get_absolute_url(),
        all_day=True,
        sequence=action.version,
        last_modified=action.updated_at,
        badge=gettext("overdue") if overdue else "",
    )


calendar_sources.register(SESSIONS, session_entries, label=_("Mentoring sessions"), order=20)
calendar_sources.register(ACTIONS, action_entries, label=_("My action deadlines"), order=40)
