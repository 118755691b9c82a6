"""Demo data: forty opportunities of the Territori Inclusivi projects and organisations on the
board, over the twelve provinces of Piedmont and Liguria (the offers are in `seed_data.py`).

Dates are counted from today, so the board always has current opportunities (and the archive
past ones, the digest some closing within three weeks). Idempotent like the other seeds:
opportunities are matched on their slug, their territories set exactly, and a second run on
the same day creates and changes nothing (on a later day only the dates move). Copies of the
programme (`scale` > 1) get the same offers, posted by their own people.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from tessere.core.seeding import BulkWriter
from tessere.meetings.seed_data import rome
from tessere.meetings.seeds import copy_slug, programme_slug
from tessere.registry.models import (
    Partnership,
    Programme,
    ProgrammeRole,
    ProjectRole,
    Territory,
)
from tessere.registry.seed_data import CAPITALS

from .models import Opportunity
from .seed_data import OFFERS, PIEMONTE, Offer, check_offers

_TOWN = re.compile(r"^(?P<name>.+) \((?P<car>[A-Z]{2})\)$")


class _Places:
    """Regions, provinces and municipalities by code and name, in three queries."""

    def __init__(self) -> None:
        territories = Territory.objects.only("id", "kind", "name", "istat_code", "car_code")
        self.regions = {t.istat_code: t.pk for t in territories.filter(kind=Territory.Kind.REGION)}
        self.provinces = {
            t.car_code: t.pk for t in territories.filter(kind=Territory.Kind.PROVINCE)
        }
        self.municipalities = {
            (t.name.casefold(), t.car_code): t.pk
            for t in territories.filter(kind=Territory.Kind.MUNICIPALITY)
        }
        self.fallbacks: list[str] = []

    def town(self, label: str) -> int | None:
        match = _TOWN.match(label)
        if match is None:
            return None
        name, car = match["name"], match["car"]
        found = self.municipalities.get((name.casefold(), car))
        if found is None:
            self.fallbacks.append(label)
            found = self.municipalities.get((CAPITALS.get(car, "").casefold(), car))
        return found

    def area(self, code: str) -> int | None:
        if code in self.regions:
            return self.regions[code]
        if code in self.provinces:
            return self.provinces[code]
        return self.town(code)


def _day(today: dt.date, offset: int | None) -> dt.date | None:
    return None if offset is None else today + dt.timedelta(days=offset)


def _run(
    writer: BulkWriter, programme: Programme, copy: int, places: _Places, today: dt.date
) -> int:
    projects = {p.acronym: p.pk for p in programme.projects.all()}
    partners: dict[str, dict[str, int]] = {}
    numbers: dict[str, int] = {}
    for acronym, role, organisation_id in (
        Partnership.objects.filter(project__programme=programme)
        .order_by("project_id", "pk")
        .values_list("project__acronym", "role", "organisation_id")
    ):
        slots = partners.setdefault(acronym, {})
        if role == Partnership.Role.LEAD:
            slots["lead"] = organisation_id
        else:
            numbers[acronym] = numbers.get(acronym, 0) + 1
            slots[f"partner-{numbers[acronym]}"] = organisation_id
    people: dict[tuple[str, str], int] = {}
    for acronym, role, user_id in (
        ProjectRole.objects.filter(project__programme=programme)
        .order_by("pk")
        .values_list("project__acronym", "role", "user_id")
    ):
        people.setdefault((acronym, role), user_id)
    facilitator = (
        ProgrammeRole.objects.filter(programme=programme, role=ProgrammeRole.Role.FACILITATOR)
        .order_by("pk")
        .values_list("user_id", flat=True)
        .first()
    )

    def organisation(offer: Offer) -> int | None:
        if offer.organisation is None:
            return None
        if offer.organisation == "programme":
            return programme.lead_organisation_id
        slot, _sep, acronym = offer.organisation.partition(":")
        return partners.get(acronym or offer.project or "", {}).get(slot)

    def author(offer: Offer) -> int | None:
        acronym = offer.project or (offer.organisation or "").partition(":")[2]
        if offer.author == "facilitator" or not acronym:
            return facilitator
        role = (
            ProjectRole.Role.COORDINATOR
            if offer.author == "coordinator"
            else ProjectRole.Role.REPRESENTATIVE
        )
        return people.get((acronym, role)) or facilitator

    rows: list[dict[str, Any]] = []
    wanted_areas: dict[str, set[int]] = {}
    for index, offer in enumerate(OFFERS):
        if offer.project is not None and offer.project not in projects:
            continue
        starts = _day(today, offer.start)
        ends = _day(today, offer.start + offer.days - 1) if offer.start is not None else None
        deadline = _day(today, offer.deadline)
        dates = [d for d in (starts, ends, deadline) if d is not None]
        # Posted three weeks before its first date, and never in the future.
        posted = min(min(dates) - dt.timedelta(days=21), today - dt.timedelta(days=index % 9))
        slug = copy_slug(slugify(offer.title)[:200], copy)
        rows.append(
            {
                "slug": slug,
                "programme_id": programme.pk,
                "kind": offer.kind,
                "title": offer.title,
                "description": offer.description,
                "project_id": projects.get(offer.project) if offer.project else None,
                "organisation_id": organisation(offer),
                "scope": offer.scope,
                "audience": offer.audience,
                "starts_on": starts,
                "ends_on": ends if ends != starts else None,
                "deadline": deadline,
                "time_note": offer.time_note,
                "is_online": offer.online,
                "place": offer.place,
                "municipality_id": places.town(offer.town) if offer.town else None,
                "languages": list(offer.languages),
                "registration_url": f"https://www.example.org/{offer.link}" if offer.link else "",
                "contact": offer.contact,
                "is_public": offer.public,
                "status": Opportunity.Status.WITHDRAWN
                if offer.withdrawn
                else Opportunity.Status.PUBLISHED,
                "withdrawn_at": rome(today - dt.timedelta(days=2), "09:00")
                if offer.withdrawn
                else None,
                "expires_on": max(dates),
                "created_by_id": author(offer),
                "created_at": rome(posted, "10:00"),
            }
        )
        wanted_areas[slug] = {pk for code in offer.areas if (pk := places.area(code))}
    existing = Opportunity.objects.filter(slug__in=[row["slug"] for row in rows])
    by_slug = writer.sync(
        Opportunity,
        rows,
        ("slug",),
        existing,
        create_only=("created_at", "withdrawn_at"),
    )
    writer.sync_m2m(
        Opportunity.territories.through,
        "opportunity_id",
        "territory_id",
        {by_slug[(slug,)].pk: areas for slug, areas in wanted_areas.items()},
    )
    return len(rows)


def seed(*, scale: int = 1, stdout: TextIO | None = None) -> dict[str, Any]:
    """Write the demo opportunities of the programme (and of its copies, for `scale` > 1)."""
    if scale < 1:
        raise ValueError("scale must be 1 or more")
    check_offers()
    writer = BulkWriter()
    warnings: list[str] = []
    count = 0
    today = timezone.localdate()
    with transaction.atomic():
        places = _Places()
        if PIEMONTE not in places.regions:
            warnings.append("territories not loaded: seed the registry first")
        for copy in range(1, scale + 1):
            programme = Programme.objects.filter(slug=programme_slug(copy)).first()
            if programme is None:
                warnings.append(
                    f"programme {programme_slug(copy)} not found: seed the registry first"
                )
                continue
            count += _run(writer, programme, copy, places, today)
    return {
        "opportunities": count,
        "created": dict(writer.created),
        "updated": dict(writer.updated),
        "warnings": warnings,
        "fallbacks": sorted(set(places.fallbacks)),
    }
