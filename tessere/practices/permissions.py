"""Named predicates for good practices. Views, templates and services ask these.

Who sees a practice is `GoodPractice.objects.visible_to(user)`; these say who may do what
with one they can see:

- drafting: any member of the programme;
- editing and submitting a draft (a returned one too): its authors, the coordinators of its
  project and the programme team; a practice in review or published: the programme team only
  (the authors wait for the review; a correction after publication is the team's);
- reviewing (publishing or returning with a comment): the programme team, in review only.
"""

from __future__ import annotations

from typing import Any

import rules

from tessere.registry.models import (
    PROGRAMME_TEAM_ROLES,
    Programme,
    ProjectRole,
    member_programme_ids,
)
from tessere.registry.permissions import has_programme_role, is_member

from .models import GoodPractice


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
    cached = getattr(user, "_tessere_practice_coordinated", None)
    if cached is None:
        cached = set(
            ProjectRole.objects.filter(user=user, role=ProjectRole.Role.COORDINATOR).values_list(
                "project_id", flat=True
            )
        )
        user._tessere_practice_coordinated = cached
    return project_id in cached


def is_author(user: Any, practice: GoodPractice) -> bool:
    """One of its authors. Reads the prefetched authors when the view loaded them."""
    if not _authenticated(user):
        return False
    return any(author.pk == user.pk for author in practice.authors.all())


def _owns(user: Any, practice: GoodPractice) -> bool:
    """Its authors and the coordinators of its project."""
    return is_author(user, practice) or _coordinates(user, practice.project_id)


@rules.predicate
def can_draft_practice(user: Any, programme: Programme) -> bool:
    """Any member of the programme (a programme or a project role), and superusers."""
    return bool(is_member(user, programme))


@rules.predicate
def can_edit_practice(user: Any, practice: GoodPractice) -> bool:
    if not _authenticated(user):
        return False
    if is_team(user, practice.programme_id):
        return True
    return practice.is_draft and _owns(user, practice)


@rules.predicate
def can_submit_practice(user: Any, practice: GoodPractice) -> bool:
    """A draft (returned ones too), by whoever may edit it."""
    return practice.is_draft and bool(can_edit_practice(user, practice))


@rules.predicate
def can_review_practice(user: Any, practice: GoodPractice) -> bool:
    """The programme team publishes or returns a practice in review."""
    return practice.is_in_review and is_team(user, practice.programme_id)


def can_see_review_queue(user: Any) -> bool:
    """The "to review" tab: people on the team of some programme (and superusers)."""
    if not _authenticated(user):
        return False
    if user.is_superuser:
        return True
    return any(
        has_programme_role(user, pk, PROGRAMME_TEAM_ROLES) for pk in member_programme_ids(user)
    )


rules.add_perm("practices.draft_practice", can_draft_practice)
rules.add_perm("practices.edit_practice", can_edit_practice)
rules.add_perm("practices.submit_practice", can_submit_practice)
rules.add_perm("practices.review_practice", can_review_practice)
