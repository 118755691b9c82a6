"""Lookups for the good practices pages, with their prefetches in one place (query budgets
live here), and what "in a territory" means, written once.

A practice is *in* a territory when it names that territory or one inside it: under a province
are the practices of its municipalities; under a region, those of its provinces and of their
municipalities. (A practice that names a whole region is not listed under each province: it
says where it was done, not where it could be done.)
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from tessere.opportunities.queries import provinces_by_region, territories_in_order
from tessere.registry.models import (
    PROGRAMME_TEAM_ROLES,
    ProgrammeRole,
    Project,
    ProjectRole,
    Territory,
    Theme,
)

from .models import GoodPractice

TerritoryLink = GoodPractice.territories.through
ThemeLink = GoodPractice.themes.through


def in_territory(territory: Territory) -> Q:
    """A Q on GoodPractice: the practices done in `territory` (see the module docstring)."""
    inside = Q(territory_id=territory.pk)
    if territory.kind == Territory.Kind.PROVINCE:
        inside |= Q(territory__parent_id=territory.pk)
    elif territory.kind == Territory.Kind.REGION:
        inside |= Q(territory__parent_id=territory.pk) | Q(
            territory__parent__parent_id=territory.pk
        )
    return Q(pk__in=TerritoryLink.objects.filter(inside).values("goodpractice_id"))


def with_labels(practices: QuerySet[GoodPractice]) -> QuerySet[GoodPractice]:
    """What a card shows: the programme, the project, themes and territories in order."""
    return practices.select_related("programme", "project").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("name")),
        Prefetch("territories", queryset=territories_in_order()),
    )


def filter_practices(
    practices: QuerySet[GoodPractice], data: dict[str, Any]
) -> QuerySet[GoodPractice]:
    """Apply the list's filters (cleaned data of PracticeFilterForm)."""
    if theme := data.get("theme"):
        practices = practices.filter(
            pk__in=ThemeLink.objects.filter(theme_id=theme.pk).values("goodpractice_id")
        )
    if (territory := data.get("territory")) is not None:
        practices = practices.filter(in_territory(territory))
    if project := data.get("project"):
        practices = practices.filter(project=project)
    if q := (data.get("q") or "").strip():
        text = Q(title__icontains=q) | Q(summary__icontains=q)
        for name in ("context", "problem", "practice", "results", "transferability"):
            text |= Q(**{f"{name}__icontains": q})
        practices = practices.filter(text)
    return practices


def territory_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """[(region name, [(region id, "Region, all of it"), (province id, name)...])...]: the
    regions that have provinces, by name. One query."""
    groups = []
    for region, provinces in provinces_by_region():
        options = [(str(region.pk), _("%(region)s, the whole region") % {"region": region.name})]
        options += [(str(p.pk), p.name) for p in provinces]
        groups.append((region.name, options))
    return groups


def projects_for_filter(user: Any) -> QuerySet[Project]:
    """The projects of the programmes one may see, by acronym."""
    return Project.objects.visible_to(user).order_by("acronym", "pk")


def practices_of(user: Any) -> QuerySet[GoodPractice]:
    """ "My drafts": the practices not yet published that one wrote or whose project one
    coordinates (returned ones first), for the list's tab."""
    if user is None or not user.is_authenticated:
        return GoodPractice.objects.none()
    authored_ids = GoodPractice.authors.through.objects.filter(user_id=user.pk).values(
        "goodpractice_id"
    )
    coordinated = ProjectRole.objects.filter(user=user, role=ProjectRole.Role.COORDINATOR).values(
        "project_id"
    )
    return GoodPractice.objects.exclude(status=GoodPractice.Status.PUBLISHED).filter(
        Q(pk__in=authored_ids) | Q(project__in=coordinated)
    )


def to_review(user: Any) -> QuerySet[GoodPractice]:
    """ "To review": the practices in review of the programmes one is on the team of."""
    if user is None or not user.is_authenticated:
        return GoodPractice.objects.none()
    practices = GoodPractice.objects.filter(status=GoodPractice.Status.IN_REVIEW)
    if user.is_superuser:
        return practices
    team = ProgrammeRole.objects.filter(user=user, role__in=PROGRAMME_TEAM_ROLES).values(
        "programme_id"
    )
    return practices.filter(programme__in=team)
