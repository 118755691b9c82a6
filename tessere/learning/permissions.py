"""Named predicates for lessons learned. Views, templates and services ask these.

Who sees a lesson is `Lesson.objects.visible_to(user)` (drafts: their author and the programme
team); these predicates say who may do what with a lesson one can see.
"""

from __future__ import annotations

from typing import Any

import rules

from tessere.registry.models import PROGRAMME_TEAM_ROLES, Programme, Project, ProjectRole
from tessere.registry.permissions import has_programme_role, is_member

from .models import Lesson

# The people of a project who may say "we applied this lesson": its coordinators and
# representatives in the community of practice.
REUSER_ROLES = frozenset({ProjectRole.Role.COORDINATOR, ProjectRole.Role.REPRESENTATIVE})


def _authenticated(user: Any) -> bool:
    return user is not None and user.is_authenticated


def _is_team(user: Any, programme_id: int) -> bool:
    return bool(user.is_superuser or has_programme_role(user, programme_id, PROGRAMME_TEAM_ROLES))


@rules.predicate
def can_see_lessons(user: Any, programme: Programme) -> bool:
    """Lessons are shared among the members of a programme."""
    return bool(is_member(user, programme))


can_create_lesson = can_see_lessons


@rules.predicate
def can_edit_lesson(user: Any, lesson: Lesson) -> bool:
    """Its author, and the programme team (admins, facilitators, mentors)."""
    if not _authenticated(user):
        return False
    return lesson.author_id == user.pk or _is_team(user, lesson.programme_id)


@rules.predicate
def can_validate_lesson(user: Any, lesson: Lesson) -> bool:
    """The programme team validates drafts."""
    if not _authenticated(user) or lesson.status != Lesson.Status.DRAFT:
        return False
    return _is_team(user, lesson.programme_id)


def reuse_candidates(user: Any, lesson: Lesson) -> list[Project]:
    """The projects this person may mark as having reused a (validated) lesson: the other
    projects they coordinate or represent; for the team, any other project of the programme.
    Projects the lesson comes from, or already marked, are left out."""
    if not _authenticated(user) or lesson.status == Lesson.Status.DRAFT:
        return []
    own = {p.pk for p in lesson.projects.all()} | {p.pk for p in lesson.reused_by.all()}
    projects = Project.objects.filter(programme_id=lesson.programme_id).order_by("acronym")
    if not _is_team(user, lesson.programme_id):
        projects = projects.filter(roles__user=user, roles__role__in=REUSER_ROLES).distinct()
    return [p for p in projects if p.pk not in own]


def can_mark_reused(user: Any, lesson: Lesson, project: Project | None = None) -> bool:
    candidates = reuse_candidates(user, lesson)
    if project is None:
        return bool(candidates)
    return project.pk in {p.pk for p in candidates}


rules.add_perm("learning.create_lesson", can_create_lesson)
rules.add_perm("learning.edit_lesson", can_edit_lesson)
rules.add_perm("learning.validate_lesson", can_validate_lesson)
