"""Who may read, write in and moderate a space. Reading is `Space.objects.visible_to(user)`
(these predicates agree with it for a single space); writing and moderating are below.

- read: see models.py;
- write (open a topic, reply, deposit a document): members of the programme for public and
  members' spaces, the team for the team's space, the project's people (and the programme
  admins) for a project's space;
- moderate (pin, lock, hide, move, the flag queue): the programme team (admins,
  facilitators, mentors) in the programme's shared spaces; in a project's space, the
  programme admins and the project's coordinators.
"""

from __future__ import annotations

from typing import Any

import rules

from tessere.registry.models import PROGRAMME_TEAM_ROLES, ProgrammeRole, ProjectRole
from tessere.registry.permissions import has_programme_role, is_member

from .models import Space


def _authenticated(user: Any) -> bool:
    return user is not None and user.is_authenticated


def _project_ids(user: Any) -> dict[int, set[str]]:
    """{project_id: {role, ...}} for a user, cached on the user object for the request."""
    cached = getattr(user, "_tessere_project_roles", None)
    if cached is None:
        cached = {}
        for project_id, role in ProjectRole.objects.filter(user=user).values_list(
            "project_id", "role"
        ):
            cached.setdefault(project_id, set()).add(role)
        user._tessere_project_roles = cached
    return cached


@rules.predicate
def can_read_space(user: Any, space: Space) -> bool:
    if space.visibility == Space.Visibility.PUBLIC and space.programme.is_public:
        return True
    if not _authenticated(user):
        return False
    if user.is_superuser:
        return True
    if space.visibility in (Space.Visibility.PUBLIC, Space.Visibility.MEMBERS):
        return bool(is_member(user, space.programme))
    if space.visibility == Space.Visibility.TEAM:
        return has_programme_role(user, space.programme_id, PROGRAMME_TEAM_ROLES)
    return space.project_id in _project_ids(user) or has_programme_role(
        user, space.programme_id, {ProgrammeRole.Role.ADMIN}
    )


@rules.predicate
def can_write_in_space(user: Any, space: Space) -> bool:
    """Anonymous visitors read public spaces but never write."""
    if not _authenticated(user):
        return False
    if user.is_superuser:
        return True
    if space.visibility in (Space.Visibility.PUBLIC, Space.Visibility.MEMBERS):
        return bool(is_member(user, space.programme))
    return bool(can_read_space(user, space))


@rules.predicate
def can_moderate_space(user: Any, space: Space) -> bool:
    if not _authenticated(user):
        return False
    if user.is_superuser:
        return True
    if space.visibility == Space.Visibility.PROJECT:
        return has_programme_role(
            user, space.programme_id, {ProgrammeRole.Role.ADMIN}
        ) or ProjectRole.Role.COORDINATOR in _project_ids(user).get(space.project_id or 0, set())
    return has_programme_role(user, space.programme_id, PROGRAMME_TEAM_ROLES)


rules.add_perm("community.read_space", can_read_space)
rules.add_perm("community.write_in_space", can_write_in_space)
rules.add_perm("community.moderate_space", can_moderate_space)
