"""Typed factory functions for the networks tests: one valid object each, written directly
(no service, no audit), with sensible defaults.

Answers made here are submitted unless told otherwise: a draft's ties are nobody's network
(`Tie.objects.for_wave` and `visible_to` leave them out).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from tessere.accounts.models import User
from tessere.registry.models import Organisation, Programme, Project, ProjectRole
from tessere.registry.tests import factories as f

from ..models import DIRECTED_KINDS, Response, Tie, TieKind, TieSource, Wave


def make_wave(
    programme: Programme,
    *,
    label: str | None = None,
    title: str = "Autunno 2021",
    status: str = Wave.Status.OPEN,
    opens_on: dt.date = dt.date(2021, 10, 1),
    closes_on: dt.date = dt.date(2021, 11, 30),
    measures: dict[str, object] | None = None,
) -> Wave:
    return Wave.objects.create(
        programme=programme,
        label=label or f"T{f.n()}",
        title=title,
        status=status,
        opens_on=opens_on,
        closes_on=closes_on,
        closed_at=timezone.now() if status == Wave.Status.CLOSED else None,
        measures=measures or {},
    )


def make_response(
    wave: Wave,
    organisation: Organisation,
    *,
    status: str = Response.Status.SUBMITTED,
    respondent: User | None = None,
) -> Response:
    return Response.objects.create(
        wave=wave,
        organisation=organisation,
        status=status,
        respondent=respondent,
        submitted_at=timezone.now() if status == Response.Status.SUBMITTED else None,
    )


def make_tie(
    programme: Programme,
    source_org: Organisation,
    target_org: Organisation,
    *,
    kind: str = TieKind.JOINT_ACTIVITY,
    source: str = TieSource.RECORDED,
    strength: int = 2,
    response: Response | None = None,
    started_on: dt.date | None = None,
    ended_on: dt.date | None = None,
    projects: Iterable[Project] = (),
    note: str = "",
    recorded_by: User | None = None,
    observed_key: str = "",
) -> Tie:
    tie = Tie.objects.create(
        programme=programme,
        source_org=source_org,
        target_org=target_org,
        kind=kind,
        source=source,
        strength=strength,
        directed=kind in DIRECTED_KINDS,
        response=response,
        started_on=started_on,
        ended_on=ended_on,
        note=note,
        recorded_by=recorded_by,
        observed_key=observed_key,
    )
    if projects:
        tie.projects.set(list(projects))
    return tie


def declare(
    wave: Wave,
    organisation: Organisation,
    targets: Iterable[Organisation],
    *,
    status: str = Response.Status.SUBMITTED,
    kind: str = TieKind.INFORMATION,
    note: str = "",
    projects: Iterable[Project] = (),
) -> Response:
    """An answer of `organisation` declaring one tie with each target."""
    response = make_response(wave, organisation, status=status)
    for target in targets:
        make_tie(
            wave.programme,
            organisation,
            target,
            kind=kind,
            source=TieSource.DECLARED,
            response=response,
            note=note,
            projects=projects,
        )
    return response


def make_coordinator(
    project: Project, organisation: Organisation | None = None, **extra: object
) -> User:
    """A new person coordinating `project` for `organisation` (by default the organisation
    `give_project_role` picks: the first of `project_organisations`)."""
    person = f.make_user(**extra)  # type: ignore[arg-type]
    f.give_project_role(person, project, ProjectRole.Role.COORDINATOR, organisation)
    return person
