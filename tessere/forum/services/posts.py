"""Replying to a topic and editing a post (versioned: an edit based on an older text is refused
and the person keeps what they wrote; every earlier text stays in the history)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tessere.community.permissions import can_moderate_space
from tessere.core.audit import log_action

from .. import notifications
from ..mentions import mentioned_names, mentioned_people
from ..models import Post, PostRevision, Topic
from ..permissions import can_edit_post, can_reply
from ._common import clean_text, inspect_all, is_expert_answer, store_attachments, subscribe_writer
from .reading import mark_read

if TYPE_CHECKING:
    from tessere.accounts.models import User


class StaleEdit(ValidationError):
    """The post changed since the form was opened: saving would lose the other change."""

    def __init__(self, current: Post) -> None:
        super().__init__(
            _(
                "This message was changed by someone else after you opened it. Your text is "
                "still below: compare it with the current one and save again."
            ),
            code="stale",
        )
        self.current = current


@transaction.atomic
def reply(
    *,
    topic: Topic,
    body: str,
    by: User,
    reply_to: Post | None = None,
    attachments: Sequence[UploadedFile] = (),
) -> Post:
    # The topic row is locked: two replies at once get consecutive numbers, and a lock
    # decided meanwhile is seen.
    locked = Topic.objects.select_for_update().select_related("space__programme").get(pk=topic.pk)
    if not can_reply(by, locked):
        raise PermissionDenied
    body = clean_text(body, _("Write your reply."))
    if reply_to is not None and reply_to.topic_id != locked.pk:
        raise ValidationError(_("You can only reply to a message of this discussion."))
    checked = inspect_all(attachments)
    now = timezone.now()
    number = locked.last_post_number + 1
    expert = is_expert_answer(locked, by)
    post = Post.objects.create(
        topic=locked,
        number=number,
        author=by,
        body=body,
        created_at=now,
        reply_to=reply_to,
        is_expert_answer=expert,
    )
    store_attachments(post, attachments, checked, by)
    changes: dict[str, object] = {
        "reply_count": F("reply_count") + 1,
        "last_post_number": number,
        "last_posted_at": now,
        "last_poster": by,
        "updated_at": now,
    }
    if expert and locked.expert_answered_at is None:
        changes["expert_answered_at"] = now
    Topic.objects.filter(pk=locked.pk).update(**changes)
    locked.refresh_from_db()
    for name in ("reply_count", "last_post_number", "last_posted_at", "expert_answered_at"):
        setattr(topic, name, getattr(locked, name))
    topic.last_poster = by
    subscribe_writer(locked, by)
    mark_read(topic=locked, user=by, number=number)
    log_action(post, "forum.post.created", by=by, topic=locked.pk, number=number)
    notifications.notify_reply(post, by=by)
    notifications.notify_mentions(post, mentioned_people(body, locked.space), by=by)
    return post


@transaction.atomic
def edit_post(*, post: Post, body: str, by: User, version: int, title: str | None = None) -> Post:
    """Save a new text (and, for the opening post, the topic's title) if `version` is the
    current one; the earlier text goes to the history. Raises StaleEdit otherwise."""
    current = (
        # of=("self",): PostgreSQL cannot lock the nullable side of the outer join to author.
        Post.objects.select_for_update(of=("self",))
        .select_related("topic__space__programme", "author")
        .get(pk=post.pk)
    )
    topic = current.topic
    if not (can_edit_post(by, current) or can_moderate_space(by, topic.space)):
        raise PermissionDenied
    if current.version != version:
        raise StaleEdit(current)
    body = clean_text(body, _("The message cannot be empty."))
    new_title = (title or "").strip()[:200] if current.number == 1 and title is not None else None
    if new_title is not None and not new_title:
        raise ValidationError(_("Give the discussion a title."))
    if body == current.body and (new_title is None or new_title == topic.title):
        return current  # nothing changed: no revision, no new version
    now = timezone.now()
    PostRevision.objects.create(
        post=current,
        version=current.version,
        body=current.body,
        title=topic.title if current.number == 1 else "",
        edited_by=by,
        created_at=current.edited_at or current.created_at,
    )
    before = mentioned_names([current.body])
    current.body = body
    current.version += 1
    current.edited_at = now
    current.save(update_fields=["body", "version", "edited_at"])
    if new_title is not None and new_title != topic.title:
        topic.title = new_title
        topic.save(update_fields=["title", "updated_at"])
    log_action(current, "forum.post.edited", by=by, version=current.version)
    added = [
        person
        for person in mentioned_people(body, topic.space)
        if " ".join(person.display_name.split()).casefold() not in before
    ]
    notifications.notify_mentions(current, added, by=by)
    post.body, post.version, post.edited_at = current.body, current.version, current.edited_at
    return current
