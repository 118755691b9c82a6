"""Named predicates for the opportunities board. Views, templates and services ask these.

Who sees an opportunity is `Opportunity.objects.visible_to(user)`; these say who may post one
in a programme and who may change or withdraw one they can see.
"""

from __future__ import annotations

from typing import Any

import rules

from tessere.registry.models import PROGRAMME_TEAM_ROLES, Programme, ProjectRole
from tessere.registry.permissions import has_programme_role, is_member

from .models import Opportunity


def _authenticated(user: Any) -> bool:
    return user is not None and user.is_authenticated


def is_team(user: Any, programme: Programme | int) -> bool:
    """The programme team (admins, facilitators, mentors) and superusers."""
    if not _authenticated(user):
        return False
    return bool(user.is_superuser or has_programme_role(user, programme, PROGRAMME_TEAM_ROLES))


def _coordinates(user: Any, project_id: int | None) -> bool:
    """Coordinates the project (cached on the user object for the request)."""
    if project_id is None:
        return False
    cached = getattr(user, "_tessere_coordinated_projects", None)
    if cached is None:
        cached = set(
            ProjectRole.objects.filter(user=user, role=ProjectRole.Role.COORDINATOR).values_list(
                "project_id", flat=True
            )
        )
        user._tessere_coordinated_projects = cached
    return project_id in cached


@rules.predicate
def can_post_opportunity(user: Any, programme: Programme) -> bool:
    """Any member of the programme (a programme or a project role), and superusers."""
    return bool(is_member(user, programme))


@rules.predicate
def can_edit_opportunity(user: Any, opportunity: Opportunity) -> bool:
    """Its author, the programme team, and the coordinators of the project that offers it.
    A withdrawn opportunity is not changed any more (it stays for the record)."""
    if not _authenticated(user) or opportunity.status == Opportunity.Status.WITHDRAWN:
        return False
    if opportunity.created_by_id is not None and opportunity.created_by_id == user.pk:
        return True
    return is_team(user, opportunity.programme_id) or _coordinates(user, opportunity.project_id)


can_withdraw_opportunity = can_edit_opportunity

rules.add_perm("opportunities.post_opportunity", can_post_opportunity)
rules.add_perm("opportunities.edit_opportunity", can_edit_opportunity)
rules.add_perm("opportunities.withdraw_opportunity", can_withdraw_opportunity)
