"""Typed factory functions for mentoring tests: each makes one valid object with sensible
defaults (a session on site last spring, a high critical issue, an action due in a week)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from tessere.mentoring.models import Action, Area, CapacityAssessment, Finding, Session
from tessere.registry.models import Project
from tessere.registry.tests.factories import n

ROME = ZoneInfo("Europe/Rome")


def make_session(
    project: Project,
    *,
    mentors: Iterable[Any] = (),
    start: dt.datetime | None = None,
    monitoring_summary: str = "",
    notes: str = "",
    **extra: Any,
) -> Session:
    start = start or dt.datetime(2021, 6, 1, 10, 0, tzinfo=ROME) + dt.timedelta(days=n())
    session = Session.objects.create(
        project=project,
        start=start,
        end=extra.pop("end", start + dt.timedelta(hours=2)),
        mode=extra.pop("mode", Session.Mode.ON_SITE),
        address=extra.pop("address", "Via Roma 1"),
        agenda=extra.pop("agenda", "1. Avvio"),
        notes=notes,
        monitoring_summary=monitoring_summary,
        next_steps=extra.pop("next_steps", ""),
        **extra,
    )
    mentors = list(mentors)
    if mentors:
        session.mentors.set(mentors)
    return session


def make_finding(
    project: Project,
    *,
    kind: str = Finding.Kind.CRITICAL,
    severity: str = Finding.Severity.HIGH,
    status: str = Finding.Status.OPEN,
    shared: bool = False,
    session: Session | None = None,
    **extra: Any,
) -> Finding:
    i = n()
    return Finding.objects.create(
        project=project,
        session=session,
        kind=kind,
        # Only critical issues carry a severity (a database constraint).
        severity=severity if kind == Finding.Kind.CRITICAL else "",
        status=status,
        area=extra.pop("area", Area.COORDINATION),
        title=extra.pop("title", f"Rilievo {i}"),
        description=extra.pop("description", "Descrizione del rilievo."),
        shared_with_monitoring=shared,
        **extra,
    )


def make_action(
    project: Project,
    owner: Any,
    *,
    due_date: dt.date | None = None,
    status: str = Action.Status.OPEN,
    finding: Finding | None = None,
    session: Session | None = None,
    **extra: Any,
) -> Action:
    return Action.objects.create(
        project=project,
        owner=owner,
        due_date=due_date or timezone.localdate() + dt.timedelta(days=7),
        status=status,
        finding=finding,
        session=session,
        description=extra.pop("description", f"Azione {n()}"),
        **extra,
    )


def make_assessment(
    project: Project,
    *,
    date: dt.date,
    organise: int,
    monitor: int,
    mechanisms: int,
    **extra: Any,
) -> CapacityAssessment:
    return CapacityAssessment.objects.create(
        project=project,
        date=date,
        organise=organise,
        monitor=monitor,
        mechanisms=mechanisms,
        **extra,
    )
