"""Lookups for the opportunities pages, and what "near" means, written once.

An opportunity is *near* a province when it is tied to that province or to one of its
municipalities (its territories, or the municipality where it takes place); a regional or
interregional one is also near every province of the regions it covers: a region it names,
or the region of a province or municipality it names, or, naming no territory at all, every
region of its programme. The board's province filter, "near my organisation", the digest and
the people told of a new opportunity all read `near()`, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db.models import Case, DateField, F, Prefetch, Q, QuerySet, When
from django.db.models.functions import Coalesce, Least, TruncDate

from tessere.registry.models import (
    Programme,
    ProgrammeRole,
    ProjectRole,
    Territory,
    members_of,
)

from .models import Opportunity

if TYPE_CHECKING:
    from tessere.accounts.models import User

ROME = ZoneInfo("Europe/Rome")
WIDE_SCOPES = (Opportunity.Scope.REGIONAL, Opportunity.Scope.INTERREGIONAL)
TerritoryLink = Opportunity.territories.through
ProgrammeRegion = Programme.regions.through


@dataclass(frozen=True)
class Area:
    """Provinces and the regions they lie in (ids)."""

    provinces: frozenset[int]
    regions: frozenset[int]

    def __bool__(self) -> bool:
        return bool(self.provinces or self.regions)


# --- Near --------------------------------------------------------------------------------------
def near(area: Area) -> Q:
    """A Q on Opportunity: the opportunities near any province of `area` (see the docstring)."""
    provinces, regions = list(area.provinces), list(area.regions)
    local = TerritoryLink.objects.filter(
        Q(territory_id__in=provinces) | Q(territory__parent_id__in=provinces)
    ).values("opportunity_id")
    condition = Q(pk__in=local) | Q(municipality__parent_id__in=provinces)
    if regions:
        covering = TerritoryLink.objects.filter(
            Q(territory_id__in=regions)
            | Q(territory__parent_id__in=regions)
            | Q(territory__parent__parent_id__in=regions)
        ).values("opportunity_id")
        everywhere = ~Q(pk__in=TerritoryLink.objects.values("opportunity_id")) & Q(
            programme_id__in=ProgrammeRegion.objects.filter(territory_id__in=regions).values(
                "programme_id"
            )
        )
        condition |= Q(scope__in=WIDE_SCOPES) & (
            Q(pk__in=covering) | Q(municipality__parent__parent_id__in=regions) | everywhere
        )
    return condition


def province_area(province: Territory) -> Area:
    return Area(
        frozenset({province.pk}),
        frozenset({province.parent_id} if province.parent_id else set()),
    )


def area_of_user(user: Any) -> Area:
    """Where a person works: the provinces of the organisations through which they hold a
    project or programme role (an organisation's municipality lies in a province). One query,
    cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return Area(frozenset(), frozenset())
    cached = getattr(user, "_tessere_opportunity_area", None)
    if cached is not None:
        return cached
    through_projects = ProjectRole.objects.filter(
        user=user, organisation__municipality__isnull=False
    ).values("organisation__municipality__parent_id")
    through_programmes = ProgrammeRole.objects.filter(
        user=user, organisation__municipality__isnull=False
    ).values("organisation__municipality__parent_id")
    pairs = list(
        Territory.objects.filter(kind=Territory.Kind.PROVINCE)
        .filter(Q(pk__in=through_projects) | Q(pk__in=through_programmes))
        .values_list("pk", "parent_id")
    )
    area = Area(
        frozenset(pk for pk, _parent in pairs),
        frozenset(parent for _pk, parent in pairs if parent is not None),
    )
    user._tessere_opportunity_area = area
    return area


def area_of_opportunity(opportunity: Opportunity) -> Area:
    """The provinces an opportunity is tied to and the regions it covers (the regions of those
    provinces only for a regional or interregional one; every region of its programme when it
    names no territory). A few queries: used when it is created, not in lists."""
    territories = list(opportunity.territories.select_related("parent"))
    if opportunity.municipality_id:
        territories.append(
            Territory.objects.select_related("parent").get(pk=opportunity.municipality_id)
        )
    provinces: set[int] = set()
    regions: set[int] = set()
    for territory in territories:
        if territory.kind == Territory.Kind.REGION:
            regions.add(territory.pk)
        elif territory.kind == Territory.Kind.PROVINCE:
            provinces.add(territory.pk)
            if territory.parent_id:
                regions.add(territory.parent_id)
        elif territory.parent_id:
            provinces.add(territory.parent_id)
            if territory.parent is not None and territory.parent.parent_id:
                regions.add(territory.parent.parent_id)
    if opportunity.scope not in WIDE_SCOPES:
        return Area(frozenset(provinces), frozenset())
    if not opportunity.territories.exists():
        regions |= set(
            ProgrammeRegion.objects.filter(programme_id=opportunity.programme_id).values_list(
                "territory_id", flat=True
            )
        )
    return Area(frozenset(provinces), frozenset(regions))


def people_near(opportunity: Opportunity) -> QuerySet[User]:
    """The members of the opportunity's programme who work near it: a project or programme
    role of the programme held through an organisation in one of its provinces (or, for a
    regional or interregional one, in one of the regions it covers)."""
    from tessere.accounts.models import User

    area = area_of_opportunity(opportunity)
    if not area:
        return User.objects.none()
    programme_id = opportunity.programme_id
    provinces, regions = list(area.provinces), list(area.regions)
    where = Q(
        project_roles__project__programme_id=programme_id,
        project_roles__organisation__municipality__parent_id__in=provinces,
    ) | Q(
        programme_roles__programme_id=programme_id,
        programme_roles__organisation__municipality__parent_id__in=provinces,
    )
    if regions:
        where |= Q(
            project_roles__project__programme_id=programme_id,
            project_roles__organisation__municipality__parent__parent_id__in=regions,
        ) | Q(
            programme_roles__programme_id=programme_id,
            programme_roles__organisation__municipality__parent__parent_id__in=regions,
        )
    members = User.objects.filter(members_of([programme_id])).values("pk")
    return (
        User.objects.filter(is_active=True, pk__in=members)
        .filter(pk__in=User.objects.filter(where).values("pk"))
        .order_by("pk")
    )


# --- Lists -------------------------------------------------------------------------------------
def soonest_date() -> Any:
    """The opportunity's earliest date, first day or deadline (LEAST returns NULL on SQLite
    when one side is NULL, hence the coalesces)."""
    return Least(Coalesce("starts_on", "deadline"), Coalesce("deadline", "starts_on"))


def open_from() -> Any:
    """When an opportunity becomes available: its first day; for a call or an offer with a
    deadline, the day it was posted (one can apply from then on)."""
    posted = TruncDate("created_at", tzinfo=ROME)
    return Case(
        When(deadline__isnull=True, then=F("starts_on")),
        default=Least(posted, Coalesce("starts_on", posted)),
        output_field=DateField(),
    )


def territories_in_order() -> QuerySet[Territory]:
    """Regions, then provinces, then municipalities, each by name."""
    rank = Case(
        When(kind=Territory.Kind.REGION, then=0),
        When(kind=Territory.Kind.PROVINCE, then=1),
        default=2,
    )
    return Territory.objects.alias(rank=rank).order_by("rank", "name")


def with_labels(opportunities: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    """What a card shows: who offers it, where, the territories (by kind and name)."""
    return opportunities.select_related(
        "project", "organisation", "municipality", "programme"
    ).prefetch_related(Prefetch("territories", queryset=territories_in_order()))


def filter_opportunities(
    opportunities: QuerySet[Opportunity], data: dict[str, Any], *, user: Any
) -> QuerySet[Opportunity]:
    """Apply the board's filters (cleaned data of OpportunityFilterForm)."""
    if kind := data.get("kind"):
        opportunities = opportunities.filter(kind=kind)
    if scope := data.get("scope"):
        opportunities = opportunities.filter(scope=scope)
    if audience := data.get("audience"):
        # "Operators" includes what is for both; so does "beneficiaries".
        opportunities = opportunities.filter(
            audience__in=[audience, Opportunity.Audience.BOTH]
            if audience != Opportunity.Audience.BOTH
            else [audience]
        )
    province = data.get("province")
    if province is not None:
        opportunities = opportunities.filter(near(province_area(province)))
    if data.get("near"):
        area = area_of_user(user)
        opportunities = opportunities.filter(near(area)) if area else opportunities.none()
    date_from: dt.date | None = data.get("date_from")
    date_to: dt.date | None = data.get("date_to")
    if date_from is not None:
        opportunities = opportunities.filter(expires_on__gte=date_from)
    if date_to is not None:
        opportunities = opportunities.alias(available=open_from()).filter(available__lte=date_to)
    if q := (data.get("q") or "").strip():
        opportunities = opportunities.filter(Q(title__icontains=q) | Q(description__icontains=q))
    return opportunities


def provinces_by_region(
    region_ids: Iterable[int] | None = None,
) -> list[tuple[Territory, list[Territory]]]:
    """[(region, [provinces...]), ...] by name. One query."""
    provinces = Territory.objects.filter(kind=Territory.Kind.PROVINCE).select_related("parent")
    if region_ids is not None:
        provinces = provinces.filter(parent_id__in=list(region_ids))
    groups: dict[int, tuple[Territory, list[Territory]]] = {}
    for province in provinces.order_by("parent__name", "name"):
        region = province.parent
        if region is None:
            continue
        groups.setdefault(region.pk, (region, []))[1].append(province)
    return list(groups.values())
