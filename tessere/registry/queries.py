"""Reusable, query-budgeted lookups for registry pages (prefetches in one place)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import (
    Organisation,
    Partnership,
    Programme,
    ProgrammeRole,
    Project,
    ProjectRole,
    Territory,
)


def programme_page_queryset(user: Any) -> QuerySet[Programme]:
    return (
        Programme.objects.visible_to(user)
        .select_related("call__funder", "lead_organisation")
        .prefetch_related("call__co_funders", "partner_organisations", "regions", "lines__strands")
    )


def with_partners_and_representatives(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Projects with their partnerships, representatives and territories, in a fixed number of queries."""
    return projects.select_related("programme").prefetch_related(
        Prefetch("partnerships", queryset=Partnership.objects.select_related("organisation")),
        Prefetch(
            "roles",
            queryset=ProjectRole.objects.filter(
                role=ProjectRole.Role.REPRESENTATIVE
            ).select_related("user", "organisation"),
        ),
        Prefetch("territories", queryset=Territory.objects.select_related("parent")),
        "themes",
    )


def filter_projects(projects: QuerySet[Project], data: dict[str, Any]) -> QuerySet[Project]:
    if q := (data.get("q") or "").strip():
        projects = projects.filter(
            Q(acronym__icontains=q) | Q(title__icontains=q) | Q(summary__icontains=q)
        )
    if province := data.get("province"):
        projects = projects.filter(Q(territories=province) | Q(territories__parent=province))
    if theme := data.get("theme"):
        projects = projects.filter(themes=theme)
    if kind := data.get("organisation_kind"):
        projects = projects.filter(partnerships__organisation__kind=kind)
    return projects.distinct()


def organisations_page_queryset(user: Any) -> QuerySet[Organisation]:
    # Count only the projects this user may see: a private programme's projects stay private.
    visible = Q(partnerships__project__in=Project.objects.visible_to(user))
    return (
        Organisation.objects.visible_to(user)
        .select_related("municipality__parent")
        .annotate(project_count=Count("partnerships", filter=visible, distinct=True))
    )


def filter_organisations(
    orgs: QuerySet[Organisation], data: dict[str, Any]
) -> QuerySet[Organisation]:
    if q := (data.get("q") or "").strip():
        orgs = orgs.filter(Q(name__icontains=q) | Q(municipality__name__icontains=q))
    if kind := data.get("kind"):
        orgs = orgs.filter(kind=kind)
    if province := data.get("province"):
        orgs = orgs.filter(municipality__parent=province)
    return orgs


def people_with_affiliations(people: QuerySet[Any]) -> QuerySet[Any]:
    return people.prefetch_related(
        Prefetch(
            "project_roles", queryset=ProjectRole.objects.select_related("project", "organisation")
        ),
        Prefetch(
            "programme_roles",
            queryset=ProgrammeRole.objects.select_related("programme", "organisation"),
        ),
    )
