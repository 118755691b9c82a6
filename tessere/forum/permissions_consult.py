"""Named predicates of the expert consultation and of moderation. Views, templates (through
flags the views compute) and services ask these; nobody re-derives roles inline.

- moderate a topic (pin, lock, hide, move, hide posts, the flag queue): whoever moderates its
  space (`community.permissions.can_moderate_space`: the programme team in shared spaces; the
  programme admins and the project's coordinators in a project's space);
- flag a post: any logged-in reader of it who is not its author;
- accept an answer: the asker or an expert of the programme, in a questions space;
- experts by theme: members see them; the programme team assigns them;
- unanswered questions and the FAQ's editing: the programme team.
"""

from __future__ import annotations

from typing import Any

import rules

from tessere.community.models import Space
from tessere.community.permissions import can_moderate_space, can_read_space
from tessere.registry.models import PROGRAMME_TEAM_ROLES, Programme, ProgrammeRole
from tessere.registry.permissions import has_programme_role, is_member

from .models import Post, Topic

EXPERT_ROLES = frozenset({ProgrammeRole.Role.EXPERT})


def _authenticated(user: Any) -> bool:
    return user is not None and user.is_authenticated


def _programme_id(programme: Programme | int) -> int:
    return programme if isinstance(programme, int) else programme.pk


def is_programme_expert(user: Any, programme: Programme | int) -> bool:
    """Holds the expert role in the programme (roles cached on the user for the request)."""
    if not _authenticated(user):
        return False
    return has_programme_role(user, _programme_id(programme), EXPERT_ROLES)


def is_team(user: Any, programme: Programme | int) -> bool:
    """The programme team (admins, facilitators, mentors) and superusers."""
    if not _authenticated(user):
        return False
    return bool(
        user.is_superuser
        or has_programme_role(user, _programme_id(programme), PROGRAMME_TEAM_ROLES)
    )


@rules.predicate
def can_moderate_topic(user: Any, topic: Topic) -> bool:
    return bool(can_moderate_space(user, topic.space))


@rules.predicate
def can_flag_post(user: Any, post: Post) -> bool:
    """A logged-in reader who did not write it; hidden posts are already out of sight."""
    if not _authenticated(user) or post.is_hidden or post.topic.is_hidden:
        return False
    if post.author_id is not None and post.author_id == user.pk:
        return False
    return bool(can_read_space(user, post.topic.space))


@rules.predicate
def can_accept_answer(user: Any, topic: Topic) -> bool:
    """The asker or an expert of the programme (and superusers), on a visible question."""
    if not _authenticated(user) or topic.is_hidden:
        return False
    if topic.space.kind != Space.Kind.QUESTIONS:
        return False
    if user.is_superuser:
        return True
    asker = topic.author_id is not None and topic.author_id == user.pk
    if not (asker or is_programme_expert(user, topic.space.programme_id)):
        return False
    return bool(can_read_space(user, topic.space))


def can_accept_post(user: Any, post: Post) -> bool:
    """An answer (never the opening post), visible, of a question the user may accept on."""
    if post.number <= 1 or post.is_hidden:
        return False
    return bool(can_accept_answer(user, post.topic))


@rules.predicate
def can_see_experts(user: Any, programme: Programme) -> bool:
    """Who answers what: the members of the programme."""
    return bool(is_member(user, programme))


@rules.predicate
def can_manage_experts(user: Any, programme: Programme) -> bool:
    return is_team(user, programme)


@rules.predicate
def can_see_unanswered(user: Any, programme: Programme) -> bool:
    return is_team(user, programme)


@rules.predicate
def can_manage_faq(user: Any, programme: Programme) -> bool:
    return is_team(user, programme)


rules.add_perm("forum.moderate_topic", can_moderate_topic)
rules.add_perm("forum.flag_post", can_flag_post)
rules.add_perm("forum.accept_answer", can_accept_answer)
rules.add_perm("forum.see_experts", can_see_experts)
rules.add_perm("forum.manage_experts", can_manage_experts)
rules.add_perm("forum.see_unanswered", can_see_unanswered)
rules.add_perm("forum.manage_faq", can_manage_faq)
