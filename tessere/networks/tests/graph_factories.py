"""Typed factories for the map, measures and exports tests: waves, answers and ties.

(The survey tests have their own in factories.py; these stay small and independent.)
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tessere.registry.models import Organisation, Partnership, Programme, Project, Territory
from tessere.registry.tests import factories as f

from ..models import Response, Tie, TieKind, TieSource, Wave

if TYPE_CHECKING:
    from conftest import Personas

_seq = itertools.count(1)


def make_wave(
    programme: Programme,
    *,
    label: str | None = None,
    closes_on: dt.date = dt.date(2022, 11, 30),
    status: str = Wave.Status.OPEN,
    title: str = "",
) -> Wave:
    label = label or f"T{next(_seq)}"
    return Wave.objects.create(
        programme=programme,
        label=label,
        title=title or f"Wave {label}",
        opens_on=closes_on - dt.timedelta(days=30),
        closes_on=closes_on,
        status=status,
    )


def answer(wave: Wave, organisation: Organisation) -> Response:
    """The submitted answer of an organisation to a wave (created if missing)."""
    response, _created = Response.objects.get_or_create(
        wave=wave,
        organisation=organisation,
        defaults={"status": Response.Status.SUBMITTED},
    )
    return response


def make_tie(
    programme: Programme,
    source_org: Organisation,
    target_org: Organisation,
    *,
    kind: str = TieKind.JOINT_ACTIVITY,
    strength: int = 1,
    source: str = TieSource.RECORDED,
    wave: Wave | None = None,
    projects: Iterable[Project] = (),
    note: str = "",
    directed: bool = False,
    started_on: dt.date | None = None,
    ended_on: dt.date | None = None,
) -> Tie:
    """A tie; a declared one (`wave=` given) belongs to the source organisation's answer."""
    tie = Tie.objects.create(
        programme=programme,
        source_org=source_org,
        target_org=target_org,
        kind=kind,
        strength=strength,
        source=TieSource.DECLARED if wave is not None else source,
        response=answer(wave, source_org) if wave is not None else None,
        note=note,
        directed=directed,
        started_on=started_on,
        ended_on=ended_on,
        observed_key=f"test:{next(_seq)}" if source == TieSource.OBSERVED else "",
    )
    if projects:
        tie.projects.set(projects)
    return tie


def partner(
    project: Project,
    *,
    name: str | None = None,
    kind: str = Organisation.Kind.ASSOCIATION,
    municipality: Territory | None = None,
) -> Organisation:
    """A new organisation, partner of the project."""
    organisation = f.make_organisation(name=name, kind=kind, municipality=municipality)
    Partnership.objects.create(project=project, organisation=organisation)
    return organisation


@dataclass
class SmallWorld:
    """The personas' programme with two waves and a handful of ties:

    - T0 (closed 30/11/2021): declared a0 — a1 (strength 1), a1 — b0.
    - T1 (open, closes 31/05/2022): declared a0 — a1 (strength 3), a1 — b1 (co-design, 2).
    - Always: recorded referral a2 → b2 tagged with project A, with a confidential note;
      observed partnership a0 — a2.
    a0, a1 are in Saluzzo (province of Cuneo), b0, b1 in Moncalieri (province of Torino).
    """

    programme: Programme
    project: Project
    other_project: Project
    a: list[Organisation]
    b: list[Organisation]
    t0: Wave
    t1: Wave
    noted: Tie
    cuneo: Territory
    torino: Territory

    NOTE = "Segreto confidenziale di Ubuntu"


def small_world(personas: Personas) -> SmallWorld:
    programme = personas.programme
    a = f.project_organisations(personas.project)
    b = f.project_organisations(personas.other_project)
    saluzzo = Territory.objects.get(name="Saluzzo")
    assert saluzzo.parent is not None
    torino = f.make_province(name="Torino", car_code="TO")
    moncalieri = f.make_municipality(name="Moncalieri", province=torino)
    for org, town in ((a[0], saluzzo), (a[1], saluzzo), (b[0], moncalieri), (b[1], moncalieri)):
        org.municipality = town
        org.save()
    t0 = make_wave(programme, label="T0", closes_on=dt.date(2021, 11, 30))
    t1 = make_wave(programme, label="T1", closes_on=dt.date(2022, 5, 31))
    make_tie(programme, a[0], a[1], wave=t0)
    make_tie(programme, a[1], b[0], wave=t0, kind=TieKind.INFORMATION)
    make_tie(programme, a[0], a[1], wave=t1, strength=3)
    make_tie(programme, a[1], b[1], wave=t1, kind=TieKind.CO_DESIGN, strength=2)
    noted = make_tie(
        programme,
        a[2],
        b[2],
        kind=TieKind.REFERRAL,
        directed=True,
        projects=[personas.project],
        note=SmallWorld.NOTE,
    )
    make_tie(
        programme,
        a[0],
        a[2],
        kind=TieKind.PARTNERSHIP,
        source=TieSource.OBSERVED,
        projects=[personas.project],
        started_on=dt.date(2021, 1, 1),
    )
    t0.status = Wave.Status.CLOSED
    t0.save()
    return SmallWorld(
        programme=programme,
        project=personas.project,
        other_project=personas.other_project,
        a=a,
        b=b,
        t0=t0,
        t1=t1,
        noted=noted,
        cuneo=saluzzo.parent,
        torino=torino,
    )


def grow(world: SmallWorld, rounds: int = 1) -> None:
    """More of everything: a project with partners in a new province, declared, recorded and
    observed ties in both waves, notes included (for query budgets)."""
    for _ in range(rounds):
        province = f.make_province(car_code="AT")
        town = f.make_municipality(province=province)
        project = f.make_project(programme=world.programme, partners=3)
        orgs = f.project_organisations(project)
        for org in orgs:
            org.municipality = town
            org.save()
        for wave in (world.t0, world.t1):
            make_tie(world.programme, orgs[0], orgs[1], wave=wave)
            make_tie(world.programme, orgs[1], world.a[0], wave=wave, strength=2)
        make_tie(world.programme, orgs[2], world.a[1], projects=[project], note="Nota")
        make_tie(world.programme, orgs[3], world.b[1], source=TieSource.OBSERVED)
