"""Moderation: pin, lock, hide and move topics; hide posts (with the reason the author sees);
flags raised by readers and resolved by the moderators of the post's space.

Every act is checked here against the predicate (a denied act raises PermissionDenied and
changes nothing), is atomic and leaves an audit entry. Who moderates a space is
`community.permissions.can_moderate_space`; `moderated_spaces()` and `moderators_of()` say
the same in SQL for the queue and for the notifications.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tessere.accounts.models import User
from tessere.community.models import Space
from tessere.community.permissions import can_moderate_space
from tessere.core.audit import log_action
from tessere.notifications.services import notify
from tessere.registry.models import PROGRAMME_TEAM_ROLES, ProgrammeRole, ProjectRole

from .. import notifications_consult as kinds
from ..models import Flag, Post, Topic
from ..permissions_consult import can_flag_post

REASON_MAX = 300


# --- Who moderates what ------------------------------------------------------------------------
def moderated_spaces(user: Any) -> QuerySet[Space]:
    """The spaces a person moderates (the same answer as can_moderate_space, in SQL)."""
    if user is None or not user.is_authenticated:
        return Space.objects.none()
    if user.is_superuser:
        return Space.objects.all()
    team = ProgrammeRole.objects.filter(user=user, role__in=PROGRAMME_TEAM_ROLES).values(
        "programme_id"
    )
    admin = ProgrammeRole.objects.filter(user=user, role=ProgrammeRole.Role.ADMIN).values(
        "programme_id"
    )
    coordinated = ProjectRole.objects.filter(user=user, role=ProjectRole.Role.COORDINATOR).values(
        "project_id"
    )
    project = Space.Visibility.PROJECT
    return Space.objects.filter(
        (~Q(visibility=project) & Q(programme__in=team))
        | Q(visibility=project, programme__in=admin)
        | Q(visibility=project, project__in=coordinated)
    )


def moderators_of(space: Space) -> QuerySet[User]:
    """The people who moderate a space by their role (superusers are not told)."""
    if space.visibility == Space.Visibility.PROJECT:
        who = Q(
            programme_roles__programme_id=space.programme_id,
            programme_roles__role=ProgrammeRole.Role.ADMIN,
        ) | Q(
            project_roles__project_id=space.project_id,
            project_roles__role=ProjectRole.Role.COORDINATOR,
        )
    else:
        who = Q(
            programme_roles__programme_id=space.programme_id,
            programme_roles__role__in=PROGRAMME_TEAM_ROLES,
        )
    return User.objects.filter(who, is_active=True).distinct()


def _require_moderator(user: Any, space: Space) -> None:
    if not can_moderate_space(user, space):
        raise PermissionDenied


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why: the author will read it.")})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": _("At most %(max)d characters, please.") % {"max": REASON_MAX}}
        )
    return reason


def _locked_topic(topic: Topic) -> Topic:
    return Topic.objects.select_for_update().select_related("space__programme").get(pk=topic.pk)


# --- Topics ------------------------------------------------------------------------------------
def _set_topic_flag(*, topic: Topic, by: Any, field: str, value: bool, action: str) -> Topic:
    _require_moderator(by, topic.space)
    topic = _locked_topic(topic)
    if getattr(topic, field) != value:
        setattr(topic, field, value)
        topic.save(update_fields=[field, "updated_at"])
        log_action(topic, action, by=by)
    return topic


@transaction.atomic
def pin_topic(*, topic: Topic, by: Any) -> Topic:
    return _set_topic_flag(
        topic=topic, by=by, field="is_pinned", value=True, action="forum.topic.pinned"
    )


@transaction.atomic
def unpin_topic(*, topic: Topic, by: Any) -> Topic:
    return _set_topic_flag(
        topic=topic, by=by, field="is_pinned", value=False, action="forum.topic.unpinned"
    )


@transaction.atomic
def lock_topic(*, topic: Topic, by: Any) -> Topic:
    return _set_topic_flag(
        topic=topic, by=by, field="is_locked", value=True, action="forum.topic.locked"
    )


@transaction.atomic
def unlock_topic(*, topic: Topic, by: Any) -> Topic:
    return _set_topic_flag(
        topic=topic, by=by, field="is_locked", value=False, action="forum.topic.unlocked"
    )


@transaction.atomic
def hide_topic(*, topic: Topic, reason: str, by: Any) -> Topic:
    """Out of sight for everybody but its author (who reads the reason) and the moderators."""
    reason = _reason(reason)
    _require_moderator(by, topic.space)
    topic = _locked_topic(topic)
    topic.is_hidden = True
    topic.hidden_reason = reason
    topic.save(update_fields=["is_hidden", "hidden_reason", "updated_at"])
    log_action(topic, "forum.topic.hidden", by=by, reason=reason)
    if topic.author_id is not None:
        notify(
            kind=kinds.POST_HIDDEN,
            recipients=User.objects.filter(pk=topic.author_id),
            event_key=f"forum.topic_hidden:{topic.pk}:{timezone.now().isoformat()}",
            data={"title": topic.title, "reason": reason},
            url=topic.get_absolute_url(),
            target=topic.posts.filter(number=1).first(),
            actor=by,
        )
    return topic


@transaction.atomic
def unhide_topic(*, topic: Topic, by: Any) -> Topic:
    _require_moderator(by, topic.space)
    topic = _locked_topic(topic)
    if topic.is_hidden:
        topic.is_hidden = False
        topic.hidden_reason = ""
        topic.save(update_fields=["is_hidden", "hidden_reason", "updated_at"])
        log_action(topic, "forum.topic.unhidden", by=by)
    return topic


# Who reads a space, from the narrowest to the widest: a project's partnership and the team are
# two different narrow audiences; the members include both; a public space of a public programme
# is read by anyone.
def _breadth(space: Space) -> int:
    if space.visibility == Space.Visibility.PUBLIC and space.programme.is_public:
        return 3
    if space.visibility in (Space.Visibility.PUBLIC, Space.Visibility.MEMBERS):
        return 2
    return 1


def widens(from_space: Space, to_space: Space) -> bool:
    """Would moving a topic from one space to the other let new people read it?"""
    if _breadth(to_space) != _breadth(from_space):
        return _breadth(to_space) > _breadth(from_space)
    if _breadth(to_space) > 1:
        return False
    return (to_space.visibility, to_space.project_id) != (
        from_space.visibility,
        from_space.project_id,
    )


@transaction.atomic
def move_topic(*, topic: Topic, to_space: Space, by: Any, confirm_wider: bool = False) -> Topic:
    """Move a topic to another space of the same programme that the moderator also
    moderates. Moving it where more people read it must be confirmed (`confirm_wider`): a
    conversation of a project's partnership never becomes public by a slip."""
    _require_moderator(by, topic.space)
    topic = _locked_topic(topic)
    if to_space.pk == topic.space_id:
        raise ValidationError({"to_space": _("The topic is already in this space.")})
    if to_space.programme_id != topic.space.programme_id:
        raise ValidationError({"to_space": _("A topic moves only within its programme.")})
    if to_space.kind == Space.Kind.REPOSITORY:
        raise ValidationError({"to_space": _("The work repository holds documents, not topics.")})
    if not can_moderate_space(by, to_space):
        raise PermissionDenied
    if widens(topic.space, to_space) and not confirm_wider:
        raise ValidationError(
            {
                "confirm_wider": _(
                    "“%(to)s” is read by more people than “%(from)s” (%(who)s): everything "
                    "written in this topic would become visible to them. Tick the box to "
                    "confirm."
                )
                % {
                    "to": to_space.name,
                    "from": topic.space.name,
                    "who": to_space.get_visibility_display(),
                }
            }
        )
    old = topic.space
    topic.space = to_space
    topic.save(update_fields=["space", "updated_at"])
    log_action(
        topic,
        "forum.topic.moved",
        by=by,
        from_space=old.pk,
        to_space=to_space.pk,
        wider=widens(old, to_space),
    )
    return topic


# --- Posts -------------------------------------------------------------------------------------
def _recount_expert_answer(topic: Topic) -> None:
    """The first visible expert answer's time (the unanswered list reads it)."""
    first = topic.posts.filter(is_expert_answer=True, is_hidden=False, number__gt=1).aggregate(
        first=Min("created_at")
    )["first"]
    if topic.expert_answered_at != first:
        topic.expert_answered_at = first
        topic.save(update_fields=["expert_answered_at", "updated_at"])


def _resolve_open_flags(post: Post, *, status: str, by: Any) -> int:
    return Flag.objects.filter(post=post, status=Flag.Status.OPEN).update(
        status=status, resolved_by=by, resolved_at=timezone.now()
    )


@transaction.atomic
def hide_post(*, post: Post, reason: str, by: Any) -> Post:
    """Hide a post with a reason its author reads (and is told). The open flags on it are
    upheld; an accepted answer stops being accepted."""
    reason = _reason(reason)
    _require_moderator(by, post.topic.space)
    topic = _locked_topic(post.topic)
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.topic = topic
    if post.is_hidden:
        raise ValidationError(_("This post is already hidden."))
    post.is_hidden = True
    post.hidden_reason = reason
    post.hidden_by = by
    post.hidden_at = timezone.now()
    post.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
    changed = []
    if post.number > 1 and topic.reply_count > 0:
        topic.reply_count = F("reply_count") - 1
        changed.append("reply_count")
    if topic.accepted_post_id == post.pk:
        topic.accepted_post = None
        topic.solved_at = None
        changed += ["accepted_post", "solved_at"]
        log_action(topic, "forum.answer.unaccepted", by=by, post=post.pk, because="hidden")
    if changed:
        topic.save(update_fields=[*changed, "updated_at"])
        topic.refresh_from_db()
    if post.is_expert_answer:
        _recount_expert_answer(topic)
    flags = _resolve_open_flags(post, status=Flag.Status.UPHELD, by=by)
    log_action(post, "forum.post.hidden", by=by, reason=reason, flags=flags)
    if post.author_id is not None:
        notify(
            kind=kinds.POST_HIDDEN,
            recipients=User.objects.filter(pk=post.author_id),
            event_key=f"forum.post_hidden:{post.pk}:{post.hidden_at.isoformat()}",
            data={"title": topic.title, "reason": reason},
            url=post.get_absolute_url(),
            target=post,
            actor=by,
        )
    return post


@transaction.atomic
def unhide_post(*, post: Post, by: Any) -> Post:
    _require_moderator(by, post.topic.space)
    topic = _locked_topic(post.topic)
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.topic = topic
    if not post.is_hidden:
        return post
    post.is_hidden = False
    post.hidden_reason = ""
    post.hidden_by = None
    post.hidden_at = None
    post.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
    if post.number > 1:
        Topic.objects.filter(pk=topic.pk).update(reply_count=F("reply_count") + 1)
        topic.refresh_from_db()
    if post.is_expert_answer:
        _recount_expert_answer(topic)
    log_action(post, "forum.post.unhidden", by=by)
    return post


# --- Flags -------------------------------------------------------------------------------------
@transaction.atomic
def flag_post(*, post: Post, reporter: Any, reason: str, note: str = "") -> tuple[Flag, bool]:
    """Report a post to the moderators of its space. One flag per reporter and post: flagging
    again returns the first flag unchanged. Returns (flag, created)."""
    if not can_flag_post(reporter, post):
        raise PermissionDenied
    if reason not in Flag.Reason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    existing = Flag.objects.filter(post=post, reporter=reporter).first()
    if existing is not None:
        return existing, False
    flag = Flag.objects.create(post=post, reporter=reporter, reason=reason, note=note.strip())
    log_action(flag, "forum.post.flagged", by=reporter, post=post.pk, reason=reason)
    space = post.topic.space
    notify(
        kind=kinds.FLAG_RAISED,
        recipients=moderators_of(space),
        event_key=f"forum.flag:{flag.pk}",
        data={"title": post.topic.title, "reason": str(flag.get_reason_display())},
        url=_queue_url(space),
        target=flag,
        actor=reporter,
    )
    return flag, True


def _queue_url(space: Space) -> str:
    from django.urls import reverse

    return reverse("forum:moderation_queue", args=[space.programme.slug])


@transaction.atomic
def resolve_flag(*, flag: Flag, uphold: bool, by: Any, reason: str = "") -> int:
    """Uphold (hide the post, with the reason its author reads) or dismiss a flag. Every open
    flag of the same post is resolved at once. Returns how many flags were resolved."""
    post = flag.post
    _require_moderator(by, post.topic.space)
    if not Flag.objects.filter(post=post, status=Flag.Status.OPEN).exists():
        raise ValidationError(_("These flags were already handled."))
    if uphold:
        reason = _reason(reason)
        count = Flag.objects.filter(post=post, status=Flag.Status.OPEN).count()
        if post.is_hidden:
            _resolve_open_flags(post, status=Flag.Status.UPHELD, by=by)
            log_action(post, "forum.flags.upheld", by=by, flags=count)
        else:
            hide_post(post=post, reason=reason, by=by)
        return count
    count = _resolve_open_flags(post, status=Flag.Status.DISMISSED, by=by)
    log_action(post, "forum.flags.dismissed", by=by, flags=count)
    return count
