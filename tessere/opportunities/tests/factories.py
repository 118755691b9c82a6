"""Typed factory functions for the opportunities board."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from tessere.accounts.models import User
from tessere.opportunities.models import Opportunity
from tessere.registry.models import Organisation, Programme, Project, Territory
from tessere.registry.tests.factories import n


def days(offset: int) -> dt.date:
    """A day relative to today (Italy)."""
    return timezone.localdate() + dt.timedelta(days=offset)


def make_opportunity(
    programme: Programme,
    *,
    title: str | None = None,
    kind: str = Opportunity.Kind.TRAINING,
    scope: str = Opportunity.Scope.LOCAL,
    audience: str = Opportunity.Audience.OPERATORS,
    project: Project | None = None,
    organisation: Organisation | None = None,
    territories: Iterable[Territory] = (),
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    deadline: dt.date | None = None,
    created_by: User | None = None,
    is_public: bool = True,
    status: str = Opportunity.Status.PUBLISHED,
    is_online: bool = False,
    place: str = "Sala civica, via Roma 3",
    municipality: Territory | None = None,
    languages: Iterable[str] = ("it",),
    registration_url: str = "https://www.example.org/iscrizioni",
    contact: str = "segreteria@example.org",
    description: str = "Un percorso di formazione per operatori e operatrici.",
    time_note: str = "",
    ical_sequence: int = 0,
) -> Opportunity:
    i = n()
    if starts_on is None and deadline is None:
        starts_on = days(10)
    opportunity = Opportunity.objects.create(
        programme=programme,
        title=title or f"Opportunità {i}",
        slug=f"opportunita-{i}",
        kind=kind,
        scope=scope,
        audience=audience,
        project=project,
        organisation=organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        deadline=deadline,
        created_by=created_by,
        is_public=is_public,
        status=status,
        is_online=is_online,
        place=place,
        municipality=municipality,
        languages=list(languages),
        registration_url=registration_url,
        contact=contact,
        description=description,
        time_note=time_note,
        ical_sequence=ical_sequence,
        withdrawn_at=timezone.now() if status == Opportunity.Status.WITHDRAWN else None,
    )
    opportunity.territories.set(list(territories))
    return opportunity
