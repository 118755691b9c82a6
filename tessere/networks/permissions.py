"""Named predicates for the territorial networks. Views, templates and services ask these.

- Members of a programme (any role) see its network and its waves' headline figures.
- The programme team (admins, facilitators, mentors) runs the waves, records ties, sees the
  response rate, and may answer on behalf of an organisation.
- The answers in full (who declared what) are for the team and the evaluators.
- An organisation's coordinator (a COORDINATOR role for that organisation in one of the
  programme's projects) answers for it while the wave is open.
- A tie's note is confidential like the projects' mentoring files
  (tessere.mentoring.access.confidential_project_ids).

Predicates with two arguments are registered with `rules` under their own names
(`user.has_perm("networks.can_manage_waves", programme)`); `can_answer_for` takes three and is
called directly (`networks.can_answer_wave` asks whether the person may answer for at least one
organisation in a wave).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import rules

from tessere.mentoring.access import confidential_project_ids
from tessere.registry.models import (
    PROGRAMME_TEAM_ROLES,
    Organisation,
    Partnership,
    Programme,
    ProgrammeRole,
    ProjectRole,
)
from tessere.registry.permissions import has_programme_role, is_member

if TYPE_CHECKING:
    from .models import Tie, Wave

ANSWER_VIEWERS = frozenset({*PROGRAMME_TEAM_ROLES, ProgrammeRole.Role.EVALUATOR})


def _authenticated(user: Any) -> bool:
    return user is not None and user.is_authenticated


def _programme_id(programme: Programme | int) -> int:
    return programme if isinstance(programme, int) else programme.pk


def _is_team(user: Any, programme: Programme | int) -> bool:
    if not _authenticated(user):
        return False
    return bool(
        user.is_superuser
        or has_programme_role(user, _programme_id(programme), PROGRAMME_TEAM_ROLES)
    )


@rules.predicate
def is_network_member(user: Any, programme: Programme) -> bool:
    """Any role in the programme (superusers too): they see its network and waves."""
    return bool(is_member(user, programme))


@rules.predicate
def can_manage_waves(user: Any, programme: Programme) -> bool:
    """The programme team creates, opens, closes waves and sends the reminders."""
    return _is_team(user, programme)


@rules.predicate
def can_see_answers(user: Any, programme: Programme) -> bool:
    """Who declared what: the programme team and the evaluators."""
    if not _authenticated(user):
        return False
    return bool(
        user.is_superuser or has_programme_role(user, _programme_id(programme), ANSWER_VIEWERS)
    )


@rules.predicate
def can_record_tie(user: Any, programme: Programme) -> bool:
    """Recorded ties: mentors, facilitators and admins of the programme."""
    return _is_team(user, programme)


def coordinated_organisation_ids(user: Any, programme: Programme | int) -> set[int]:
    """The organisations the person coordinates in one of the programme's projects (cached on
    the user object for the request)."""
    if not _authenticated(user):
        return set()
    programme_id = _programme_id(programme)
    cache: dict[int, set[int]] = getattr(user, "_networks_coordinated", None) or {}
    if programme_id not in cache:
        cache[programme_id] = set(
            ProjectRole.objects.filter(
                user=user,
                role=ProjectRole.Role.COORDINATOR,
                project__programme_id=programme_id,
            ).values_list("organisation_id", flat=True)
        )
        user._networks_coordinated = cache
    return cache[programme_id]


def can_answer_for(user: Any, organisation: Organisation | int, wave: Wave) -> bool:
    """A coordinator of that organisation in the wave's programme, while the wave is open. The
    programme team may also answer on behalf of any organisation taking part in a project."""
    if not _authenticated(user) or not wave.is_open:
        return False
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    if organisation_id in coordinated_organisation_ids(user, wave.programme_id):
        return True
    if _is_team(user, wave.programme_id):
        return Partnership.objects.filter(
            organisation_id=organisation_id, project__programme_id=wave.programme_id
        ).exists()
    return False


@rules.predicate
def can_answer_wave(user: Any, wave: Wave) -> bool:
    """May answer the wave for at least one organisation (coordinators; the team)."""
    if not _authenticated(user) or not wave.is_open:
        return False
    return bool(
        coordinated_organisation_ids(user, wave.programme_id) or _is_team(user, wave.programme_id)
    )


@rules.predicate
def can_see_tie_note(user: Any, tie: Tie) -> bool:
    """The team of the tie's programme, or a person who may read the whole mentoring file of
    one of the tie's projects. Reads `tie.projects.all()`: prefetch it on lists."""
    if not _authenticated(user):
        return False
    if _is_team(user, tie.programme_id):
        return True
    readable = confidential_project_ids(user)
    return any(project.pk in readable for project in tie.projects.all())


# Registered under their own names: user.has_perm("networks.can_manage_waves", programme).
for _predicate in (
    is_network_member,
    can_manage_waves,
    can_see_answers,
    can_record_tie,
    can_answer_wave,
    can_see_tie_note,
):
    rules.add_perm(f"networks.{_predicate.name}", _predicate)
