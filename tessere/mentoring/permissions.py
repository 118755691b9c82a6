"""Named predicates for mentoring (the rules themselves are in access.py)."""

from __future__ import annotations

from typing import Any

import rules

from tessere.registry.models import PROGRAMME_TEAM_ROLES, Programme, Project, ProjectRole
from tessere.registry.permissions import has_programme_role

from .access import SHARED_ROLES, confidential_project_ids, shared_project_ids
from .models import Action


@rules.predicate
def can_view_file(user: Any, project: Project) -> bool:
    """The whole mentoring file: notes, findings, actions, capacity, history."""
    return project.pk in confidential_project_ids(user)


@rules.predicate
def can_view_shared(user: Any, project: Project) -> bool:
    """At least the part shared with the funder's monitoring."""
    return project.pk in confidential_project_ids(user) or project.pk in shared_project_ids(user)


@rules.predicate
def can_manage_file(user: Any, project: Project) -> bool:
    """Create and edit sessions, findings, actions and capacity assessments: the programme team."""
    if user is None or not user.is_authenticated:
        return False
    return bool(
        user.is_superuser or has_programme_role(user, project.programme_id, PROGRAMME_TEAM_ROLES)
    )


def is_project_coordinator(user: Any, project: Project) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return ProjectRole.objects.filter(
        user=user, project=project, role=ProjectRole.Role.COORDINATOR
    ).exists()


def can_follow_up(user: Any, project: Project) -> bool:
    """Add dated updates to findings and actions: the team and the project's coordinators."""
    return bool(can_manage_file(user, project) or is_project_coordinator(user, project))


def can_update_action(user: Any, action: Action) -> bool:
    """Mark done or add a follow-up note: the owner, the team, the project's coordinators."""
    if user is None or not user.is_authenticated:
        return False
    return action.owner_id == user.pk or can_follow_up(user, action.project)


def can_view_history(user: Any, project: Project) -> bool:
    """Who changed what: the mentors (the programme team)."""
    return bool(can_manage_file(user, project))


@rules.predicate
def can_view_overview(user: Any, programme: Programme) -> bool:
    """The programme overview: the team, the call's project manager, the funder's monitors."""
    if user is None or not user.is_authenticated:
        return False
    roles = PROGRAMME_TEAM_ROLES | SHARED_ROLES
    return bool(user.is_superuser or has_programme_role(user, programme.pk, roles))


rules.add_perm("mentoring.view_file", can_view_file)
rules.add_perm("mentoring.manage_file", can_manage_file)
rules.add_perm("mentoring.view_overview", can_view_overview)
