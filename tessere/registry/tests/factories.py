"""Typed factory functions for tests: each makes one valid object with sensible defaults."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils.text import slugify

from tessere.accounts.models import User
from tessere.registry.models import (
    Call,
    Line,
    Organisation,
    Partnership,
    Programme,
    ProgrammeRole,
    Project,
    ProjectRole,
    Territory,
    Theme,
)

_seq = itertools.count(1)
PASSWORD = "a-long-test-password-42"


def n() -> int:
    return next(_seq)


def make_user(
    *, email: str | None = None, first_name: str = "Ada", last_name: str | None = None, **extra: Any
) -> User:
    i = n()
    return User.objects.create_user(
        email=email or f"person{i}@example.test",
        password=PASSWORD,
        first_name=first_name,
        last_name=last_name or f"Rossi{i}",
        **extra,
    )


def make_territory(
    *,
    kind: str = Territory.Kind.MUNICIPALITY,
    name: str | None = None,
    parent: Territory | None = None,
    **extra: Any,
) -> Territory:
    i = n()
    return Territory.objects.create(
        kind=kind,
        name=name or f"Luogo {i}",
        istat_code=extra.pop("istat_code", f"{i:06d}"),
        parent=parent,
        **extra,
    )


def make_province(*, name: str | None = None, car_code: str = "TO") -> Territory:
    region = Territory.objects.filter(kind=Territory.Kind.REGION).first() or make_territory(
        kind=Territory.Kind.REGION, name="Piemonte"
    )
    return make_territory(
        kind=Territory.Kind.PROVINCE,
        name=name or f"Provincia {n()}",
        parent=region,
        car_code=car_code,
    )


def make_municipality(*, name: str | None = None, province: Territory | None = None) -> Territory:
    province = province or make_province()
    return make_territory(
        kind=Territory.Kind.MUNICIPALITY, name=name, parent=province, car_code=province.car_code
    )


def make_theme(*, name: str | None = None) -> Theme:
    name = name or f"Tema {n()}"
    return Theme.objects.create(name=name, slug=slugify(name))


def make_organisation(
    *,
    name: str | None = None,
    kind: str = Organisation.Kind.ASSOCIATION,
    municipality: Territory | None = None,
) -> Organisation:
    name = name or f"Ente {n()}"
    return Organisation.objects.create(
        name=name, slug=slugify(name) + f"-{n()}", kind=kind, municipality=municipality
    )


def make_programme(
    *, title: str | None = None, is_public: bool = True, representation_limit: int = 3, **extra: Any
) -> Programme:
    funder = make_organisation(name=f"Fondazione {n()}", kind=Organisation.Kind.FOUNDATION)
    call = Call.objects.create(title=f"Bando {n()}", funder=funder, year=2020, budget=1_210_000)
    title = title or f"Programma {n()}"
    programme = Programme.objects.create(
        call=call,
        title=title,
        slug=slugify(title) + f"-{n()}",
        summary="Un programma di accompagnamento.",
        start_date=dt.date(2021, 5, 13),
        end_date=dt.date(2022, 10, 31),
        lead_organisation=extra.pop("lead_organisation", None)
        or make_organisation(kind=Organisation.Kind.UNIVERSITY),
        representation_limit=representation_limit,
        is_public=is_public,
        **extra,
    )
    Line.objects.create(programme=programme, code="comunita", number=1, name="Comunità di pratiche")
    return programme


def make_project(
    *,
    programme: Programme | None = None,
    acronym: str | None = None,
    partners: int = 2,
    territories: list[Territory] | None = None,
) -> Project:
    programme = programme or make_programme()
    acronym = acronym or f"PRJ{n()}"
    project = Project.objects.create(
        programme=programme,
        acronym=acronym,
        title=f"Progetto {acronym}",
        slug=slugify(acronym) + f"-{n()}",
        summary="Un progetto.",
    )
    Partnership.objects.create(
        project=project, organisation=make_organisation(), role=Partnership.Role.LEAD
    )
    for _ in range(partners):
        Partnership.objects.create(
            project=project, organisation=make_organisation(), role=Partnership.Role.PARTNER
        )
    if territories:
        project.territories.set(territories)
    return project


def project_organisations(project: Project) -> list[Organisation]:
    return [
        p.organisation
        for p in project.partnerships.select_related("organisation").order_by("-role", "pk")
    ]


def give_project_role(
    user: User, project: Project, role: str, organisation: Organisation | None = None
) -> ProjectRole:
    organisation = organisation or project_organisations(project)[0]
    return ProjectRole.objects.create(
        user=user, project=project, organisation=organisation, role=role
    )


def give_programme_role(
    user: User, programme: Programme, role: str, organisation: Organisation | None = None
) -> ProgrammeRole:
    return ProgrammeRole.objects.create(
        user=user, programme=programme, role=role, organisation=organisation
    )
