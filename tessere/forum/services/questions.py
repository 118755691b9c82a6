"""The expert consultation: experts by theme, questions told to them, accepted answers, and
the questions still waiting for an expert.

A question is a topic of a space of kind "questions". An expert's answer is a post written by
an expert of the programme (`Post.is_expert_answer`); the topic keeps when the first one came
(`expert_answered_at`). The asker or an expert accepts one answer (never the opening post):
it shows first and the question is solved; accepting another replaces it, hiding it
un-accepts it (services/moderation.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tessere.accounts.models import User
from tessere.community.models import Space
from tessere.core.audit import log_action
from tessere.notifications.services import notify
from tessere.registry.models import Programme, ProgrammeRole, Theme

from .. import notifications_consult as kinds
from ..models import ExpertTheme, Post, Topic
from ..permissions_consult import can_accept_answer, can_manage_experts

UNANSWERED_AFTER_DAYS = 7


# --- Experts by theme --------------------------------------------------------------------------
def programme_experts(programme: Programme) -> QuerySet[User]:
    """The people holding the expert role in the programme."""
    return (
        User.objects.filter(
            programme_roles__programme=programme,
            programme_roles__role=ProgrammeRole.Role.EXPERT,
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


@transaction.atomic
def assign_expert_theme(*, programme: Programme, expert: Any, theme: Theme, by: Any) -> ExpertTheme:
    """The expert answers questions on this theme (and is told of new ones). Idempotent."""
    if not can_manage_experts(by, programme):
        raise PermissionDenied
    if not programme_experts(programme).filter(pk=expert.pk).exists():
        raise ValidationError({"expert": _("This person is not an expert of the programme.")})
    assignment, created = ExpertTheme.objects.get_or_create(
        programme=programme, user=expert, theme=theme
    )
    if created:
        log_action(assignment, "forum.expert_theme.assigned", by=by, theme=theme.pk)
    return assignment


@transaction.atomic
def remove_expert_theme(*, assignment: ExpertTheme, by: Any) -> None:
    if not can_manage_experts(by, assignment.programme):
        raise PermissionDenied
    log_action(
        assignment,
        "forum.expert_theme.removed",
        by=by,
        user=assignment.user_id,
        theme=assignment.theme_id,
    )
    assignment.delete()


def experts_for_question(topic: Topic) -> QuerySet[User]:
    """The experts told of a question: those of its themes; for a question without a theme,
    every expert of the programme. Only people who still hold the expert role."""
    programme_id = topic.space.programme_id
    experts = User.objects.filter(
        is_active=True,
        programme_roles__programme_id=programme_id,
        programme_roles__role=ProgrammeRole.Role.EXPERT,
    )
    theme_ids = list(topic.themes.values_list("pk", flat=True))
    if theme_ids:
        experts = experts.filter(
            expert_themes__programme_id=programme_id, expert_themes__theme_id__in=theme_ids
        )
    return experts.distinct()


def notify_experts_of_question(topic: Topic) -> int:
    """Tell the experts of the question's themes that it was asked (call it once the topic
    and its themes are saved). Only for a question; idempotent (one event per question).
    Returns how many people were told now."""
    if topic.space.kind != Space.Kind.QUESTIONS or topic.is_hidden:
        return 0
    created = notify(
        kind=kinds.QUESTION_FOR_EXPERT,
        recipients=experts_for_question(topic),
        event_key=f"forum.question:{topic.pk}",
        data={"title": topic.title},
        url=topic.get_absolute_url(),
        target=topic,
        actor=topic.author,
    )
    return len(created)


# --- Accepted answers ----------------------------------------------------------------------------
@transaction.atomic
def accept_answer(*, topic: Topic, post: Post, by: Any) -> Topic:
    """Mark one answer as the accepted one (replacing an earlier one); the question is solved
    and the answer's author is told."""
    if not can_accept_answer(by, topic):
        raise PermissionDenied
    topic = Topic.objects.select_for_update().select_related("space").get(pk=topic.pk)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.topic_id != topic.pk:
        raise ValidationError(_("This answer belongs to another question."))
    if post.number <= 1:
        raise ValidationError(_("The question itself cannot be its answer."))
    if post.is_hidden:
        raise ValidationError(_("A hidden post cannot be the accepted answer."))
    if topic.accepted_post_id == post.pk:
        return topic
    previous = topic.accepted_post_id
    topic.accepted_post = post
    topic.solved_at = timezone.now()
    topic.save(update_fields=["accepted_post", "solved_at", "updated_at"])
    log_action(topic, "forum.answer.accepted", by=by, post=post.pk, replaced=previous)
    if post.author_id is not None:
        notify(
            kind=kinds.ANSWER_ACCEPTED,
            recipients=User.objects.filter(pk=post.author_id),
            event_key=f"forum.accepted:{post.pk}",
            data={"title": topic.title},
            url=post.get_absolute_url(),
            target=post,
            actor=by,
        )
    return topic


@transaction.atomic
def unaccept_answer(*, topic: Topic, by: Any) -> Topic:
    """The question goes back to unsolved."""
    if not can_accept_answer(by, topic):
        raise PermissionDenied
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    if topic.accepted_post_id is None:
        return topic
    previous = topic.accepted_post_id
    topic.accepted_post = None
    topic.solved_at = None
    topic.save(update_fields=["accepted_post", "solved_at", "updated_at"])
    log_action(topic, "forum.answer.unaccepted", by=by, post=previous)
    return topic


# --- Waiting for an expert ------------------------------------------------------------------------
def unanswered_questions(
    programme: Programme, days: int = UNANSWERED_AFTER_DAYS, *, now: dt.datetime | None = None
) -> QuerySet[Topic]:
    """Questions of the programme with no expert answer and not solved, asked more than `days`
    days ago; the oldest first. Hidden questions are left out."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    return (
        Topic.objects.questions()
        .filter(
            space__programme=programme,
            expert_answered_at__isnull=True,
            accepted_post__isnull=True,
            is_hidden=False,
            created_at__lt=cutoff,
        )
        .order_by("created_at", "pk")
    )
