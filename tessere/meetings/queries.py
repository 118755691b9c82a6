"""Lookups shared by meeting pages, with their prefetches in one place (query budgets live here)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tessere.registry.models import Programme, Project

from .models import AgendaItem, Material, Meeting, Registration

CONFIRMED = Registration.Status.CONFIRMED
# Statuses of a meeting that still waits to be closed once it is over.
OPEN_STATUSES = frozenset({Meeting.Status.PLANNED, Meeting.Status.CONFIRMED})


def meetings_with_attendance(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Meetings with their confirmed and attended counts, and how many projects and
    organisations the attendees came from (one query)."""
    attended = Q(registrations__attended=True, registrations__status=CONFIRMED)
    return meetings.select_related("programme", "municipality").annotate(
        attended_count=Count("registrations", filter=attended, distinct=True),
        projects_present=Count("registrations__project", filter=attended, distinct=True),
        organisations_present=Count("registrations__organisation", filter=attended, distinct=True),
        confirmed_count=Count(
            "registrations", filter=Q(registrations__status=CONFIRMED), distinct=True
        ),
    )


def places_left(meeting: Meeting) -> int | None:
    """Free places (None: no limit). Needs the confirmed_count annotation."""
    if meeting.capacity is None:
        return None
    return max(0, meeting.capacity - getattr(meeting, "confirmed_count", 0))


# --- The list and the page of a meeting ----------------------------------------------------------
def list_queryset(user: Any) -> QuerySet[Meeting]:
    return (
        Meeting.objects.visible_to(user)
        .select_related("programme", "municipality")
        .prefetch_related("themes")
        .annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=CONFIRMED), distinct=True
            )
        )
    )


def filter_meetings(meetings: QuerySet[Meeting], data: dict[str, Any]) -> QuerySet[Meeting]:
    if q := (data.get("q") or "").strip():
        meetings = meetings.filter(
            Q(title__icontains=q) | Q(description__icontains=q) | Q(venue__icontains=q)
        )
    if status := data.get("status"):
        meetings = meetings.filter(status=status)
    if kind := data.get("format"):
        meetings = meetings.filter(format=kind)
    if theme := data.get("theme"):
        meetings = meetings.filter(themes=theme)
    return meetings


def detail_queryset(user: Any) -> QuerySet[Meeting]:
    return (
        Meeting.objects.visible_to(user)
        .select_related("programme__lead_organisation", "municipality", "closed_by")
        .prefetch_related(
            "themes",
            "facilitators",
            Prefetch("agenda", queryset=AgendaItem.objects.select_related("method")),
        )
        .annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=CONFIRMED), distinct=True
            ),
            attended_count=Count(
                "registrations",
                filter=Q(registrations__status=CONFIRMED, registrations__attended=True),
                distinct=True,
            ),
        )
    )


def materials_of(meeting: Meeting) -> list[Material]:
    return list(meeting.materials.select_related("agenda_item").order_by("-created_at", "-pk"))


@dataclass
class ProjectPresence:
    acronym: str
    people: int = 0
    organisations: dict[str, int] = field(default_factory=dict)


@dataclass
class Attendance:
    """Who was present at a meeting, by project and organisation (no names)."""

    total: int = 0
    by_project: list[ProjectPresence] = field(default_factory=list)
    without_project: int = 0

    @property
    def organisation_count(self) -> int:
        return len({name for p in self.by_project for name in p.organisations})


def attendance_of(meeting: Meeting) -> Attendance:
    """Attendance by project and organisation, from the registrations ticked present (one query)."""
    rows = (
        Registration.objects.confirmed()
        .filter(meeting=meeting, attended=True)
        .values_list("project__acronym", "organisation__name")
        .order_by()
    )
    summary = Attendance()
    projects: dict[str, ProjectPresence] = {}
    for acronym, organisation in rows:
        summary.total += 1
        if acronym is None:
            summary.without_project += 1
            continue
        presence = projects.setdefault(acronym, ProjectPresence(acronym))
        presence.people += 1
        if organisation:
            presence.organisations[organisation] = presence.organisations.get(organisation, 0) + 1
    summary.by_project = sorted(projects.values(), key=lambda p: p.acronym.lower())
    return summary


def attendance_sheet(meeting: Meeting) -> list[Registration]:
    """The people with a place, by name, for ticking on the day."""
    return list(
        Registration.objects.confirmed()
        .filter(meeting=meeting)
        .select_related("user", "project", "organisation")
        .order_by("user__last_name", "user__first_name", "pk")
    )


# --- The plan on the programme page ------------------------------------------------------------
@dataclass
class PlanLine:
    """One target of the plan (e.g. 8 online half-days) and where the meetings stand against it.
    Counts are in the target's unit: an online full day counts as two half-days."""

    key: str
    label: str
    target: int
    planned: int = 0
    confirmed: int = 0
    held: int = 0
    cancelled: int = 0

    @property
    def scheduled(self) -> int:
        return self.planned + self.confirmed + self.held

    @property
    def missing(self) -> int:
        return max(0, self.target - self.scheduled)

    @property
    def beyond(self) -> int:
        return max(0, self.scheduled - self.target)

    @property
    def slots(self) -> list[str]:
        """One status per unit of the target (held first), then "missing"; extra units after."""
        filled = ["held"] * self.held + ["confirmed"] * self.confirmed + ["planned"] * self.planned
        return filled + ["missing"] * self.missing


@dataclass
class TimelineEntry:
    meeting: Meeting
    x: float  # 0..1000 along the timeline's SVG
    within_programme: bool
    projects: list[str]
    organisations: int
    line: str  # the PlanLine key it counts towards, or ""
    units: int

    @property
    def box_x(self) -> float:
        """Left edge of a 12-unit square marker centred on x."""
        return round(self.x - 6, 1)

    @property
    def side(self) -> str:
        """Where a meeting outside the programme's dates lies: "before", "after" or ""."""
        if self.within_programme:
            return ""
        return "before" if self.x <= 0 else "after"


@dataclass
class Tick:
    x: float
    label: str


SVG_WIDTH = 1000.0


def _plan_line_of(meeting: Meeting) -> tuple[str, int]:
    if meeting.format == Meeting.Format.ONLINE:
        return "online", 2 if meeting.length == Meeting.Length.DAY else 1
    if meeting.length == Meeting.Length.DAY:
        return "in_person", 1
    return "", 0


def _ticks(first: dt.date, last: dt.date, x_of: Any) -> list[Tick]:
    """A labelled tick at the start of every month, quarter, half or year: at most eight."""
    from django.utils.formats import date_format

    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = next((s for s in (1, 3, 6, 12) if months / s <= 8), 24)
    ticks = []
    month = dt.date(first.year, first.month, 1)
    while month <= last:
        if month >= first and (month.month - 1) % step == 0:
            ticks.append(Tick(x_of(month), date_format(month, "YEAR_MONTH_FORMAT")))
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return ticks


def meeting_plan(user: Any, programme: Programme) -> dict[str, Any]:
    """The plan against the programme's targets, a timeline across its dates and attendance by
    project. At most three queries: the meetings, then (when someone attended) the attendees'
    projects and organisations, and the programme's projects."""
    meetings = list(
        meetings_with_attendance(
            Meeting.objects.visible_to(user).filter(programme=programme)
        ).order_by("start", "pk")
    )
    lines = {
        "in_person": PlanLine("in_person", _("In-person days"), programme.target_in_person_days),
        "online": PlanLine("online", _("Online half-days"), programme.target_online_half_days),
    }
    present: dict[int, set[str]] = defaultdict(set)
    organisations: dict[int, set[str]] = defaultdict(set)
    by_project: list[dict[str, Any]] = []
    if any(m.attended_count for m in meetings):  # type: ignore[attr-defined]
        rows = (
            Registration.objects.confirmed()
            .filter(meeting__in=[m.pk for m in meetings], attended=True)
            .values_list("meeting_id", "project_id", "project__acronym", "organisation__name")
            .order_by()
        )
        meetings_of_project: dict[int, set[int]] = defaultdict(set)
        for meeting_id, project_id, acronym, organisation in rows:
            if acronym:
                present[meeting_id].add(acronym)
                meetings_of_project[project_id].add(meeting_id)
            if organisation:
                organisations[meeting_id].add(organisation)
        with_attendance = len([m for m in meetings if m.attended_count])  # type: ignore[attr-defined]
        for project in (
            Project.objects.filter(programme=programme)
            .order_by("acronym")
            .only("pk", "acronym", "slug", "title")
        ):
            by_project.append(
                {
                    "project": project,
                    "meetings": len(meetings_of_project.get(project.pk, ())),
                    "of": with_attendance,
                }
            )

    # The timeline spans the programme's dates; a meeting outside them sits at the edge, flagged.
    first, last = programme.start_date, programme.end_date
    span = max((last - first).days, 1)

    def x_of(day: dt.date) -> float:
        return round(min(max((day - first).days, 0), span) * SVG_WIDTH / span, 1)

    timeline = []
    ended_open = 0
    now = timezone.now()
    for meeting in meetings:
        key, units = _plan_line_of(meeting)
        if key:
            line = lines[key]
            setattr(line, meeting.status, getattr(line, meeting.status) + units)
        day = timezone.localdate(meeting.start)
        if meeting.end <= now and meeting.closed_at is None and meeting.status in OPEN_STATUSES:
            ended_open += 1
        timeline.append(
            TimelineEntry(
                meeting=meeting,
                x=x_of(day),
                within_programme=programme.start_date <= day <= programme.end_date,
                projects=sorted(present.get(meeting.pk, ()), key=str.lower),
                organisations=len(organisations.get(meeting.pk, ())),
                line=key,
                units=units,
            )
        )
    today = timezone.localdate()
    return {
        "programme": programme,
        "lines": list(lines.values()),
        "timeline": timeline,
        "meetings": meetings,
        "others": [entry.meeting for entry in timeline if not entry.line],
        "by_project": by_project,
        "never_present": [row["project"] for row in by_project if not row["meetings"]],
        "ended_open": ended_open,
        "ticks": _ticks(first, last, x_of),
        "today_x": x_of(today) if first <= today <= last else None,
        "outside": sum(1 for entry in timeline if not entry.within_programme),
    }
