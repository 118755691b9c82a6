"""Who may see which project's mentoring file. Used by the querysets (models.py) and the
predicates (permissions.py), so both always agree.

- Full file (notes, findings, actions, capacity, history): the programme team (admins,
  facilitators, mentors), the project's coordinators, and the people of its lead partner.
- Shared part only (sessions' monitoring summaries, findings marked shared): the funder's
  monitors and the call's project manager.
- Nothing: everybody else — other projects' people, experts, evaluators, outsiders.
An action's owner also sees that action (and only it), wherever they work.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q

from tessere.registry.models import (
    PROGRAMME_TEAM_ROLES,
    Partnership,
    ProgrammeRole,
    Project,
    ProjectRole,
)

SHARED_ROLES = frozenset({ProgrammeRole.Role.MONITOR, ProgrammeRole.Role.PROJECT_MANAGER})


def _cached(user: Any, name: str, compute: Any) -> set[int]:
    value = getattr(user, name, None)
    if value is None:
        value = compute()
        setattr(user, name, value)
    return value


def confidential_project_ids(user: Any) -> set[int]:
    """Projects whose whole mentoring file the user may read."""
    if user is None or not user.is_authenticated:
        return set()

    def compute() -> set[int]:
        if user.is_superuser:
            return set(Project.objects.values_list("pk", flat=True))
        team_programmes = ProgrammeRole.objects.filter(
            user=user, role__in=PROGRAMME_TEAM_ROLES
        ).values("programme_id")
        lead_partner = Partnership.objects.filter(
            role=Partnership.Role.LEAD,
            project_id=OuterRef("project_id"),
            organisation_id=OuterRef("organisation_id"),
        )
        own = ProjectRole.objects.filter(user=user).filter(
            Q(role=ProjectRole.Role.COORDINATOR) | Exists(lead_partner)
        )
        return set(
            Project.objects.filter(
                Q(programme__in=team_programmes) | Q(pk__in=own.values("project_id"))
            ).values_list("pk", flat=True)
        )

    return _cached(user, "_mentoring_confidential_ids", compute)


def shared_project_ids(user: Any) -> set[int]:
    """Projects whose shared part the user may read (monitors, the call's project manager)."""
    if user is None or not user.is_authenticated:
        return set()

    def compute() -> set[int]:
        programmes = ProgrammeRole.objects.filter(user=user, role__in=SHARED_ROLES).values(
            "programme_id"
        )
        return set(Project.objects.filter(programme__in=programmes).values_list("pk", flat=True))

    return _cached(user, "_mentoring_shared_ids", compute)


def session_filter(user: Any) -> Q:
    full = confidential_project_ids(user)
    shared = shared_project_ids(user) - full
    return Q(project__in=full) | (Q(project__in=shared) & ~Q(monitoring_summary=""))


def finding_filter(user: Any) -> Q:
    full = confidential_project_ids(user)
    shared = shared_project_ids(user) - full
    return Q(project__in=full) | Q(project__in=shared, shared_with_monitoring=True)


def action_filter(user: Any) -> Q:
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    return Q(project__in=confidential_project_ids(user)) | Q(owner=user)
