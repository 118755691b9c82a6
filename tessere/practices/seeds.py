"""Demo data: twenty good practices of the Territori Inclusivi projects and of the community
itself (the texts are in `seed_data.py`): most published, two in review, two drafts, one
returned to its authors with the programme team's comment.

Idempotent like the other seeds: practices are matched on (programme, title), their themes,
territories and authors set exactly; dates are written when a practice is created and never
moved afterwards, so a second run creates and changes nothing. Copies of the programme
(`scale` > 1) get the same practices, written by their own people.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from tessere.core.seeding import BulkWriter
from tessere.meetings.seed_data import rome
from tessere.meetings.seeds import programme_slug
from tessere.registry.models import (
    Programme,
    ProgrammeRole,
    ProjectRole,
    Territory,
    Theme,
)

from .models import GoodPractice
from .seed_data import (
    DRAFT,
    IN_REVIEW,
    PIEMONTE,
    PRACTICES,
    RETURNED,
    PracticeSpec,
    check_practices,
)

_TOWN = re.compile(r"^(?P<name>.+) \((?P<car>[A-Z]{2})\)$")
DATED = ("created_at", "submitted_at", "published_at", "reviewed_at")


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
        self.missing: list[str] = []

    def find(self, code: str) -> int | None:
        if code in self.regions:
            return self.regions[code]
        if code in self.provinces:
            return self.provinces[code]
        match = _TOWN.match(code)
        found = self.municipalities.get((match["name"].casefold(), match["car"])) if match else None
        if found is None:
            self.missing.append(code)
        return found


def _dates(spec: PracticeSpec, today: dt.date) -> dict[str, dt.datetime | None]:
    """When it was written, submitted, reviewed and published, counted back from today."""
    day = today - dt.timedelta(days=spec.days_ago)

    def at(days_before: int, time: str = "10:00") -> dt.datetime:
        return rome(day - dt.timedelta(days=days_before), time)

    if spec.status == DRAFT:
        return {
            "created_at": at(0),
            "submitted_at": None,
            "published_at": None,
            "reviewed_at": None,
        }
    if spec.status == IN_REVIEW:
        return {
            "created_at": at(12),
            "submitted_at": at(0),
            "published_at": None,
            "reviewed_at": None,
        }
    if spec.status == RETURNED:
        return {
            "created_at": at(14),
            "submitted_at": at(5),
            "published_at": None,
            "reviewed_at": at(0, "16:30"),
        }
    return {
        "created_at": at(25),
        "submitted_at": at(6),
        "published_at": at(0, "12:00"),
        "reviewed_at": at(0, "12:00"),
    }


def _run(
    writer: BulkWriter,
    programme: Programme,
    places: _Places,
    themes: dict[str, int],
    today: dt.date,
) -> int:
    projects = {p.acronym: p.pk for p in programme.projects.all()}
    people: dict[tuple[str, str], int] = {}
    for acronym, role, user_id in (
        ProjectRole.objects.filter(project__programme=programme)
        .order_by("pk")
        .values_list("project__acronym", "role", "user_id")
    ):
        people.setdefault((acronym, role), user_id)
    team = dict(
        ProgrammeRole.objects.filter(
            programme=programme,
            role__in=[ProgrammeRole.Role.FACILITATOR, ProgrammeRole.Role.ADMIN],
        )
        .order_by("-pk")
        .values_list("role", "user_id")
    )
    facilitator = team.get(ProgrammeRole.Role.FACILITATOR) or team.get(ProgrammeRole.Role.ADMIN)

    def author(spec: PracticeSpec) -> int | None:
        if spec.project is None:
            return facilitator
        role = (
            ProjectRole.Role.REPRESENTATIVE
            if spec.status in {DRAFT, RETURNED}
            else ProjectRole.Role.COORDINATOR
        )
        return people.get((spec.project, role)) or people.get(
            (spec.project, ProjectRole.Role.COORDINATOR)
        )

    rows: list[dict[str, Any]] = []
    links: dict[str, tuple[set[int], set[int], set[int]]] = {}
    for spec in PRACTICES:
        if spec.project is not None and spec.project not in projects:
            continue
        writer_id = author(spec)
        reviewed = spec.status not in {DRAFT, IN_REVIEW}
        rows.append(
            {
                "programme_id": programme.pk,
                "title": spec.title,
                "summary": spec.summary,
                "project_id": projects.get(spec.project) if spec.project else None,
                "context": spec.context,
                "problem": spec.problem,
                "practice": spec.practice,
                "resources": spec.resources,
                "results": spec.results,
                "transferability": spec.transferability,
                "contact": spec.contact,
                "status": GoodPractice.Status.DRAFT if spec.status == RETURNED else spec.status,
                "review_comment": spec.review_comment,
                "reviewed_by_id": facilitator if reviewed else None,
                "created_by_id": writer_id,
                **_dates(spec, today),
            }
        )
        links[spec.title] = (
            {pk for code in spec.places if (pk := places.find(code))},
            {themes[name] for name in spec.themes if name in themes},
            {writer_id} if writer_id else set(),
        )
    existing = GoodPractice.objects.filter(programme=programme)
    by_key = writer.sync(GoodPractice, rows, ("programme_id", "title"), existing, create_only=DATED)
    pk_of = {title: by_key[(programme.pk, title)].pk for title in links}
    for index, (through, target) in enumerate(
        [
            (GoodPractice.territories.through, "territory_id"),
            (GoodPractice.themes.through, "theme_id"),
            (GoodPractice.authors.through, "user_id"),
        ]
    ):
        writer.sync_m2m(
            through,
            "goodpractice_id",
            target,
            {pk_of[title]: wanted[index] for title, wanted in links.items()},
        )
    return len(rows)


def seed(*, scale: int = 1, stdout: TextIO | None = None) -> dict[str, Any]:
    """Write the demo good practices of the programme (and of its copies, for `scale` > 1)."""
    if scale < 1:
        raise ValueError("scale must be 1 or more")
    check_practices()
    writer = BulkWriter()
    warnings: list[str] = []
    count = 0
    today = timezone.localdate()
    with transaction.atomic():
        places = _Places()
        if PIEMONTE not in places.regions:
            warnings.append("territories not loaded: seed the registry first")
        themes = dict(Theme.objects.values_list("name", "pk"))
        for copy in range(1, scale + 1):
            programme = Programme.objects.filter(slug=programme_slug(copy)).first()
            if programme is None:
                warnings.append(
                    f"programme {programme_slug(copy)} not found: seed the registry first"
                )
                continue
            count += _run(writer, programme, places, themes, today)
    if places.missing:
        warnings.append("places not found: " + ", ".join(sorted(set(places.missing))))
    return {
        "practices": count,
        "created": dict(writer.created),
        "updated": dict(writer.updated),
        "warnings": warnings,
    }
