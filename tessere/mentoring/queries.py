"""Lookups for the capacity pages and the programme overview, with their query budgets.

- capacity_context(project): the lead partner's assessments over time, the chart's geometry and
  the change per capacity (one query). The project's file page includes
  mentoring/includes/capacity_summary.html with this context.
- programme_overview(user, programme, sort): one row per project (one query, whatever the
  number of projects), computed only from what the user may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tessere.registry.models import PROGRAMME_TEAM_ROLES, Programme, Project
from tessere.registry.permissions import has_programme_role

from .models import Action, CapacityAssessment, Finding, Session
from .rubric import CAPACITIES, MAX_SCORE, MIN_SCORE, SCORES, Capacity

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise  # a type only (django-stubs is a dev dependency)

# --- Capacity over time ------------------------------------------------------------------------
# The chart's drawing area, in SVG units (the viewBox adds room for the labels).
CHART_LEFT, CHART_RIGHT = 40.0, 580.0
CHART_TOP, CHART_BOTTOM = 16.0, 196.0
CHART_WIDTH, CHART_HEIGHT = 600, 236
SERIES_OFFSETS = (-5.0, 0.0, 5.0)


def score_y(score: int) -> float:
    """Vertical position of a score: 4 at the top, 1 at the bottom."""
    step = (CHART_BOTTOM - CHART_TOP) / (MAX_SCORE - MIN_SCORE)
    return round(CHART_BOTTOM - (score - MIN_SCORE) * step, 1)


@dataclass(frozen=True)
class Change:
    """From the first assessment to the latest, for one capacity (or their sum)."""

    first: int | None
    latest: int | None
    count: int

    @property
    def delta(self) -> int | None:
        if self.first is None or self.latest is None or self.count < 2:
            return None
        return self.latest - self.first

    @property
    def direction(self) -> str:
        """ "up", "down", "same", or "" with fewer than two assessments."""
        if self.delta is None:
            return ""
        return "up" if self.delta > 0 else "down" if self.delta < 0 else "same"

    @property
    def symbol(self) -> str:
        return {"up": "↑", "down": "↓", "same": "="}.get(self.direction, "—")

    @property
    def signed(self) -> str:
        """The delta with its sign (+2, −1, 0), or "" when there is none."""
        if self.delta is None:
            return ""
        return f"+{self.delta}" if self.delta > 0 else f"−{-self.delta}" if self.delta < 0 else "0"

    @property
    def words(self) -> str:
        """The change in words, for screen readers and for whoever reads the table."""
        if self.direction == "":
            return _("not enough assessments to show a change")
        delta = self.delta or 0
        if self.direction == "up":
            return ngettext("up by %(n)d point", "up by %(n)d points", delta) % {"n": delta}
        if self.direction == "down":
            return ngettext("down by %(n)d point", "down by %(n)d points", -delta) % {"n": -delta}
        return _("unchanged")


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    score: int
    date: dt.date

    @property
    def box_x(self) -> float:
        return round(self.x - 5, 1)

    @property
    def box_y(self) -> float:
        return round(self.y - 5, 1)

    @property
    def triangle(self) -> str:
        return f"{self.x},{round(self.y - 6, 1)} {round(self.x + 6, 1)},{round(self.y + 5, 1)} {round(self.x - 6, 1)},{round(self.y + 5, 1)}"


@dataclass
class Series:
    capacity: Capacity
    points: list[Point] = field(default_factory=list)
    change: Change = field(default_factory=lambda: Change(None, None, 0))

    @property
    def key(self) -> str:
        return self.capacity.key

    @property
    def label(self) -> StrPromise:
        return self.capacity.label

    @property
    def polyline(self) -> str:
        """A step line: each score holds until the next assessment."""
        coords: list[str] = []
        for i, point in enumerate(self.points):
            if i:
                coords.append(f"{point.x},{self.points[i - 1].y}")
            coords.append(f"{point.x},{point.y}")
        return " ".join(coords)

    @property
    def latest(self) -> int | None:
        return self.points[-1].score if self.points else None

    @property
    def latest_descriptor(self) -> str:
        return self.capacity.descriptor(self.points[-1].score) if self.points else ""


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass
class CapacitySummary:
    assessments: list[CapacityAssessment]
    series: list[Series]
    ticks: list[Tick]
    levels: list[tuple[int, float]]
    total: Change

    def __bool__(self) -> bool:
        return bool(self.assessments)

    @property
    def first(self) -> CapacityAssessment | None:
        return self.assessments[0] if self.assessments else None

    @property
    def latest(self) -> CapacityAssessment | None:
        return self.assessments[-1] if self.assessments else None

    @property
    def rows(self) -> list[dict[str, Any]]:
        """The data table: one row per assessment, its three scores in rubric order."""
        return [
            {"assessment": a, "scores": [getattr(a, c.key) for c in CAPACITIES]}
            for a in self.assessments
        ]


def capacity_summary(assessments: list[CapacityAssessment]) -> CapacitySummary:
    """The chart and the change per capacity, from a project's assessments in date order."""
    dates = [a.date for a in assessments]
    first_day, last_day = (dates[0], dates[-1]) if dates else (None, None)
    span = (last_day - first_day).days if first_day and last_day else 0

    def x_of(day: dt.date) -> float:
        if not span or first_day is None:
            return round((CHART_LEFT + CHART_RIGHT) / 2, 1)
        return round(CHART_LEFT + (day - first_day).days * (CHART_RIGHT - CHART_LEFT) / span, 1)

    series = []
    for cap, offset in zip(CAPACITIES, SERIES_OFFSETS, strict=True):
        # Each line sits a little apart, so equal scores stay readable as three lines.
        points = [
            Point(
                x_of(a.date),
                round(score_y(getattr(a, cap.key)) + offset, 1),
                getattr(a, cap.key),
                a.date,
            )
            for a in assessments
        ]
        change = Change(
            points[0].score if points else None,
            points[-1].score if points else None,
            len(points),
        )
        series.append(Series(cap, points, change))
    totals = [sum(getattr(a, c.key) for c in CAPACITIES) for a in assessments]
    total = Change(totals[0] if totals else None, totals[-1] if totals else None, len(totals))
    ticks: list[Tick] = []
    seen: set[float] = set()
    for a in assessments:
        x = x_of(a.date)
        if x not in seen:
            seen.add(x)
            ticks.append(Tick(x, date_format(a.date, "SHORT_DATE_FORMAT")))
    return CapacitySummary(
        assessments=assessments,
        series=series,
        ticks=ticks,
        levels=[(score, score_y(score)) for score in SCORES],
        total=total,
    )


def assessments_of(project: Project) -> list[CapacityAssessment]:
    return list(
        CapacityAssessment.objects.filter(project=project)
        .select_related("session", "assessed_by")
        .order_by("date", "pk")
    )


def capacity_context(project: Project) -> dict[str, Any]:
    """What mentoring/includes/capacity_summary.html needs (one query). The caller has already
    checked that the user may read the whole file (permissions.can_view_file)."""
    return {"project": project, "capacity": capacity_summary(assessments_of(project))}


# --- The programme overview -----------------------------------------------------------------------
OPEN_FINDING = [Finding.Status.OPEN, Finding.Status.ADDRESSING]
SEVERITIES = [Finding.Severity.HIGH, Finding.Severity.MEDIUM, Finding.Severity.LOW]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    field: str  # the annotation or field to order by
    numeric: bool = True
    sortable: bool = True


def overview_columns(full: bool) -> list[Column]:
    """The overview's columns. Monitors and the call's project manager see the overdue actions
    as "not shared" (a column they cannot sort) and no capacity trend at all."""
    columns = [
        Column("project", _("Project"), "acronym", numeric=False),
        Column("last_session", _("Last session"), "last_session", numeric=False),
        Column("high", _("Critical issues: high"), "critical_high"),
        Column("medium", _("Critical issues: medium"), "critical_medium"),
        Column("low", _("Critical issues: low"), "critical_low"),
        Column("overdue", _("Overdue actions"), "overdue_actions", sortable=full),
    ]
    if full:
        columns.append(Column("trend", _("Capacity trend"), "capacity_trend"))
    return columns


def overview_is_full(user: Any, programme: Programme) -> bool:
    """The programme team sees everything; the monitors and the call's project manager only
    what is shared with them."""
    return bool(user.is_superuser or has_programme_role(user, programme.pk, PROGRAMME_TEAM_ROLES))


def _count(queryset: QuerySet[Any]) -> Coalesce:
    return Coalesce(
        Subquery(
            queryset.filter(project=OuterRef("pk"))
            .order_by()
            .values("project")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _assessment_total(order: list[str]) -> Subquery:
    return Subquery(
        CapacityAssessment.objects.filter(project=OuterRef("pk"))
        .annotate(total=F("organise") + F("monitor") + F("mechanisms"))
        .order_by(*order)
        .values("total")[:1],
        output_field=IntegerField(),
    )


def _assessment_score(key: str, order: list[str]) -> Subquery:
    return Subquery(
        CapacityAssessment.objects.filter(project=OuterRef("pk")).order_by(*order).values(key)[:1],
        output_field=IntegerField(),
    )


def overview_queryset(programme: Programme, *, full: bool, today: dt.date) -> QuerySet[Project]:
    """The programme's projects, each annotated with its row of the overview (one query).
    With full=False, only what is shared with the funder's monitoring counts."""
    sessions = Session.objects.all()
    findings = Finding.objects.filter(kind=Finding.Kind.CRITICAL, status__in=OPEN_FINDING)
    if not full:
        sessions = sessions.exclude(monitoring_summary="")
        findings = findings.filter(shared_with_monitoring=True)
    last_session = Subquery(
        sessions.filter(project=OuterRef("pk")).order_by("-start").values("start")[:1]
    )
    projects = (
        Project.objects.filter(programme=programme)
        .only("pk", "acronym", "title", "slug", "programme_id")
        .annotate(
            last_session=last_session,
            critical_high=_count(findings.filter(severity=Finding.Severity.HIGH)),
            critical_medium=_count(findings.filter(severity=Finding.Severity.MEDIUM)),
            critical_low=_count(findings.filter(severity=Finding.Severity.LOW)),
        )
        .annotate(critical_total=F("critical_high") + F("critical_medium") + F("critical_low"))
    )
    if full:
        first, latest = ["date", "pk"], ["-date", "-pk"]
        projects = projects.annotate(
            overdue_actions=_count(Action.objects.overdue(today)),
            assessment_count=_count(CapacityAssessment.objects.all()),
            first_total=_assessment_total(first),
            latest_total=_assessment_total(latest),
            **{f"first_{c.key}": _assessment_score(c.key, first) for c in CAPACITIES},
            **{f"latest_{c.key}": _assessment_score(c.key, latest) for c in CAPACITIES},
        ).annotate(capacity_trend=F("latest_total") - F("first_total"))
    return projects


@dataclass
class OverviewRow:
    project: Project
    last_session: dt.datetime | None
    critical: dict[str, int]
    critical_total: int
    overdue: int | None  # None: not shared with this user
    trend: Change | None  # None: not shared with this user
    by_capacity: list[tuple[Capacity, Change]]


@dataclass
class SortLink:
    column: Column
    url_sort: str  # the value of ?sort= that the header's link sets
    aria_sort: str  # "ascending", "descending" or "" (not the sorted column)


@dataclass
class Overview:
    programme: Programme
    full: bool
    rows: list[OverviewRow]
    headers: list[SortLink]
    sort: str
    totals: dict[str, int]


def parse_sort(value: str | None, columns: list[Column]) -> tuple[Column, bool]:
    """?sort=<column> or -<column>; anything else falls back to the project, ascending."""
    value = (value or "").strip()
    descending = value.startswith("-")
    key = value[1:] if descending else value
    by_key = {c.key: c for c in columns if c.sortable}
    if key not in by_key:
        return columns[0], False
    return by_key[key], descending


def programme_overview(user: Any, programme: Programme, sort: str | None = None) -> Overview:
    full = overview_is_full(user, programme)
    columns = overview_columns(full)
    column, descending = parse_sort(sort, columns)
    expression = F(column.field)
    ordering = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    projects = overview_queryset(programme, full=full, today=timezone.localdate()).order_by(
        ordering, "acronym", "pk"
    )
    rows = []
    for project in projects:
        values: Any = project
        by_capacity: list[tuple[Capacity, Change]] = []
        trend = None
        if full:
            count = values.assessment_count
            by_capacity = [
                (
                    c,
                    Change(
                        getattr(values, f"first_{c.key}"), getattr(values, f"latest_{c.key}"), count
                    ),
                )
                for c in CAPACITIES
            ]
            trend = Change(values.first_total, values.latest_total, count)
        rows.append(
            OverviewRow(
                project=project,
                last_session=values.last_session,
                critical={
                    "high": values.critical_high,
                    "medium": values.critical_medium,
                    "low": values.critical_low,
                },
                critical_total=values.critical_total,
                overdue=values.overdue_actions if full else None,
                trend=trend,
                by_capacity=by_capacity,
            )
        )
    current = f"-{column.key}" if descending else column.key
    headers = []
    for c in columns:
        if not c.sortable:
            url_sort, aria = "", ""
        elif c.key == column.key:
            url_sort = c.key if descending else f"-{c.key}"
            aria = "descending" if descending else "ascending"
        else:
            # Counts and dates read best largest/latest first.
            url_sort = f"-{c.key}" if c.key not in {"project"} else c.key
            aria = ""
        headers.append(SortLink(c, url_sort, aria))
    totals = {
        "high": sum(r.critical["high"] for r in rows),
        "medium": sum(r.critical["medium"] for r in rows),
        "low": sum(r.critical["low"] for r in rows),
        "overdue": sum(r.overdue or 0 for r in rows),
    }
    return Overview(programme, full, rows, headers, current, totals)
