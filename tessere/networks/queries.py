"""Lookups for the network pages (map, measures, comparisons, exports), each in a fixed number
of queries whatever the size of the network: rows come as `values_list()` tuples, never one
query per tie or per organisation.

A *network* is the ties of one wave (`Tie.objects.for_wave`) or, before any wave, the recorded
and observed ties alive today, optionally narrowed by filters, plus the organisations at their
ends and the partner organisations of the programme's projects (which count even when they
have no tie yet: they are the isolated nodes of the network).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Subquery
from django.utils import timezone

from tessere.registry.models import Organisation, Partnership, Programme, Project, Territory

from .models import Tie, TieSource, Wave


@dataclass(frozen=True)
class NetworkFilters:
    """What part of a programme's network a page shows. `project` and `province` select the
    organisations of that project (its partners) or located in that province, with their ties
    (radius 1: the organisations they are tied to come along)."""

    wave: Wave | None = None
    kind: str = ""
    source: str = ""
    project: int | None = None
    province: int | None = None

    @property
    def is_whole_network(self) -> bool:
        return not (self.kind or self.source or self.project or self.province)

    def cache_part(self) -> str:
        return f"k={self.kind};s={self.source};p={self.project or ''};v={self.province or ''}"

    def query(self) -> dict[str, str]:
        """The filters as GET parameters (for links to exports and to the JSON)."""
        params = {
            "wave": self.wave.label if self.wave else "",
            "kind": self.kind,
            "source": self.source,
            "project": str(self.project or ""),
            "province": str(self.province or ""),
        }
        return {key: value for key, value in params.items() if value}


@dataclass(frozen=True)
class TieRow:
    id: int
    source_org: int
    target_org: int
    kind: str
    strength: int
    directed: bool
    source: str
    note: str
    projects: tuple[int, ...] = ()


@dataclass(frozen=True)
class OrgRow:
    id: int
    name: str
    slug: str
    kind: str
    municipality: str
    province_id: int | None
    province: str
    projects: frozenset[int] = field(default_factory=frozenset)


# --- Waves, projects, provinces (the filters' choices) -----------------------------------------
def waves_for(user: Any, programme: Programme) -> list[Wave]:
    """The programme's waves this person may see, oldest first."""
    waves = list(
        Wave.objects.visible_to(user).filter(programme=programme).order_by("opens_on", "pk")
    )
    for wave in waves:
        wave.programme = programme  # for_wave() reads it: no query per wave
    return waves


def default_wave(waves: list[Wave]) -> Wave | None:
    """The latest wave that is not a draft (else the latest draft, for the team)."""
    live = [wave for wave in waves if wave.status != Wave.Status.DRAFT]
    candidates = live or waves
    return candidates[-1] if candidates else None


def programme_projects(programme: Programme) -> dict[int, str]:
    """{project id: acronym} of the programme, in alphabetical order."""
    return dict(
        Project.objects.filter(programme=programme).order_by("acronym").values_list("id", "acronym")
    )


def programme_provinces(programme: Programme) -> dict[int, str]:
    """{province id: name}: where the programme's partner organisations are."""
    partners = Partnership.objects.filter(project__programme=programme).values("organisation_id")
    return dict(
        Territory.objects.filter(kind=Territory.Kind.PROVINCE, children__organisations__in=partners)
        .distinct()
        .order_by("name")
        .values_list("id", "name")
    )


# --- Ties ----------------------------------------------------------------------------------
def ties_for(programme: Programme, filters: NetworkFilters) -> QuerySet[Tie]:
    """The ties of the network the filters describe (a queryset: nothing is read yet)."""
    if filters.wave is not None:
        ties = Tie.objects.for_wave(filters.wave).filter(programme=programme)
    else:
        ties = (
            Tie.objects.filter(programme=programme)
            .exclude(source=TieSource.DECLARED)
            .alive_on(timezone.localdate())
        )
    if filters.kind:
        ties = ties.filter(kind=filters.kind)
    if filters.source:
        ties = ties.filter(source=filters.source)
    if filters.project:
        partners = Partnership.objects.filter(project_id=filters.project).values("organisation_id")
        tagged = Tie.projects.through.objects.filter(project_id=filters.project).values("tie_id")
        ties = ties.filter(
            Q(source_org__in=partners) | Q(target_org__in=partners) | Q(pk__in=tagged)
        )
    if filters.province:
        located = Organisation.objects.filter(municipality__parent_id=filters.province).values("id")
        ties = ties.filter(Q(source_org__in=located) | Q(target_org__in=located))
    return ties


def fingerprint(programme: Programme, ties: QuerySet[Tie]) -> str:
    """What changes when a tie of the network is added, removed or edited, or a partnership of
    the programme added or removed (the nodes and the projects the measures read): one query."""
    partners = (
        Partnership.objects.filter(project__programme=programme)
        .order_by()
        .values("project__programme")
    )
    found = ties.order_by().aggregate(
        count=Count("id"),
        last=Max("updated_at"),
        partners=Max(Subquery(partners.annotate(n=Count("id")).values("n"))),
        last_partner=Max(Subquery(partners.annotate(n=Max("id")).values("n"))),
    )
    last = found["last"]
    return (
        f"{found['count']}-{last.timestamp() if last else 0}-"
        f"{found['partners'] or 0}-{found['last_partner'] or 0}"
    )


def load_ties(ties: QuerySet[Tie], *, with_projects: bool = True) -> list[TieRow]:
    """The ties as rows, with their projects (two queries; one without the projects)."""
    rows = list(
        ties.order_by("pk").values_list(
            "id", "source_org_id", "target_org_id", "kind", "strength", "directed", "source", "note"
        )
    )
    if not with_projects:
        return [TieRow(*row) for row in rows]
    projects: dict[int, list[int]] = defaultdict(list)
    for tie_id, project_id in (
        Tie.projects.through.objects.filter(tie_id__in=ties.values("pk"))
        .order_by("tie_id", "project_id")
        .values_list("tie_id", "project_id")
    ):
        projects[tie_id].append(project_id)
    return [TieRow(*row, projects=tuple(projects.get(row[0], ()))) for row in rows]


# --- Organisations -------------------------------------------------------------------------
def partner_projects(programme: Programme) -> dict[int, frozenset[int]]:
    """{organisation id: ids of the programme's projects it is a partner of} (one query)."""
    found: dict[int, set[int]] = defaultdict(set)
    for organisation_id, project_id in (
        Partnership.objects.filter(project__programme=programme)
        .order_by()
        .values_list("organisation_id", "project_id")
    ):
        found[organisation_id].add(project_id)
    return {org: frozenset(ids) for org, ids in found.items()}


def load_organisations(
    programme: Programme, ties: QuerySet[Tie], filters: NetworkFilters
) -> dict[int, OrgRow]:
    """The nodes: the organisations at the ends of the ties and the partners of the
    programme's projects (of the filtered project, in the filtered province). Two queries."""
    partners = Partnership.objects.filter(project__programme=programme)
    if filters.project:
        partners = partners.filter(project_id=filters.project)
    if filters.province:
        partners = partners.filter(organisation__municipality__parent_id=filters.province)
    wanted = (
        Q(pk__in=partners.values("organisation_id"))
        | Q(pk__in=ties.values("source_org_id"))
        | Q(pk__in=ties.values("target_org_id"))
    )
    projects = partner_projects(programme)
    return {
        row[0]: OrgRow(*row, projects=projects.get(row[0], frozenset()))
        for row in Organisation.objects.filter(wanted)
        .order_by("name", "pk")
        .values_list(
            "id",
            "name",
            "slug",
            "kind",
            "municipality__name",
            "municipality__parent_id",
            "municipality__parent__name",
        )
    }


def organisation_ties(
    programme: Programme, filters: NetworkFilters, organisation: Organisation
) -> QuerySet[Tie]:
    """One organisation's ties in a network (a queryset: nothing is read yet)."""
    return ties_for(programme, filters).filter(
        Q(source_org=organisation) | Q(target_org=organisation)
    )


def names_of(ids: set[int]) -> dict[int, tuple[str, str]]:
    """{organisation id: (name, slug)} (one query)."""
    if not ids:
        return {}
    return {
        pk: (name, slug)
        for pk, name, slug in Organisation.objects.filter(pk__in=ids).values_list(
            "id", "name", "slug"
        )
    }


def pairs_of(ties: QuerySet[Tie]) -> dict[tuple[int, int], int]:
    """{(smaller org id, larger org id): strongest strength} of a network (one query)."""
    pairs: dict[tuple[int, int], int] = {}
    for source, target, strength in ties.order_by().values_list(
        "source_org_id", "target_org_id", "strength"
    ):
        key = (min(source, target), max(source, target))
        pairs[key] = max(strength, pairs.get(key, 0))
    return pairs


def today() -> dt.date:
    return timezone.localdate()
