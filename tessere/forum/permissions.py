"""Named predicates for the discussions. Views, templates (through flags the views compute)
and services ask these; nobody re-derives roles inline.

Reading a topic follows its space (`community.read_space`); a hidden topic only to its author,
superusers and the space's moderators. Writing follows `community.write_in_space`. The role
lookups are cached on the user object, so asking for every post of a page costs no query
after the first.
"""

from __future__ import annotations

from typing import Any

import rules

from tessere.community.models import Space
from tessere.community.permissions import (
    can_moderate_space,
    can_read_space,
    can_write_in_space,
)

from .models import Post, Topic


def _authenticated(user: Any) -> bool:
    return user is not None and user.is_authenticated


def _is_author(user: Any, author_id: int | None) -> bool:
    return _authenticated(user) and author_id is not None and author_id == user.pk


@rules.predicate
def can_read_topic(user: Any, topic: Topic) -> bool:
    if not can_read_space(user, topic.space):
        return False
    if not topic.is_hidden:
        return True
    return bool(
        _is_author(user, topic.author_id)
        or getattr(user, "is_superuser", False)
        or can_moderate_space(user, topic.space)
    )


@rules.predicate
def can_open_topic(user: Any, space: Space) -> bool:
    """Members who may write in the space open topics; the repository holds documents."""
    return space.kind != Space.Kind.REPOSITORY and bool(can_write_in_space(user, space))


@rules.predicate
def can_reply(user: Any, topic: Topic) -> bool:
    """Writers of the space, in a topic they can read that is neither locked nor hidden; the
    moderators reply in any case (to explain a lock, for instance)."""
    if not can_read_topic(user, topic) or not can_write_in_space(user, topic.space):
        return False
    if topic.is_locked or topic.is_hidden:
        return bool(can_moderate_space(user, topic.space))
    return True


@rules.predicate
def can_see_hidden_post(user: Any, post: Post) -> bool:
    """The text of a hidden post: its author (with the reason), superusers, moderators."""
    if not _authenticated(user):
        return False
    return bool(
        _is_author(user, post.author_id)
        or user.is_superuser
        or can_moderate_space(user, post.topic.space)
    )


@rules.predicate
def can_edit_post(user: Any, post: Post) -> bool:
    """Its author, while they may still write in the space, the post is not hidden and the
    topic is not locked (the moderators' edits are the moderation's business)."""
    topic = post.topic
    return bool(
        _is_author(user, post.author_id)
        and not post.is_hidden
        and not topic.is_locked
        and can_read_topic(user, topic)
        and can_write_in_space(user, topic.space)
    )


@rules.predicate
def can_see_history(user: Any, post: Post) -> bool:
    """Earlier texts: whoever reads the topic, and, for a hidden post, its text."""
    if not can_read_topic(user, post.topic):
        return False
    return not post.is_hidden or bool(can_see_hidden_post(user, post))


@rules.predicate
def can_react(user: Any, post: Post) -> bool:
    """Writers of the space, on a visible post by somebody else."""
    return bool(
        not post.is_hidden
        and not _is_author(user, post.author_id)
        and can_read_topic(user, post.topic)
        and can_write_in_space(user, post.topic.space)
    )


@rules.predicate
def can_subscribe_topic(user: Any, topic: Topic) -> bool:
    return _authenticated(user) and bool(can_read_topic(user, topic))


@rules.predicate
def can_subscribe_space(user: Any, space: Space) -> bool:
    return _authenticated(user) and bool(can_read_space(user, space))


rules.add_perm("forum.read_topic", can_read_topic)
rules.add_perm("forum.open_topic", can_open_topic)
rules.add_perm("forum.reply", can_reply)
rules.add_perm("forum.see_hidden_post", can_see_hidden_post)
rules.add_perm("forum.edit_post", can_edit_post)
rules.add_perm("forum.see_history", can_see_history)
rules.add_perm("forum.react", can_react)
rules.add_perm("forum.subscribe_topic", can_subscribe_topic)
rules.add_perm("forum.subscribe_space", can_subscribe_space)

# Moderation and the expert consultation declare theirs (forum.moderate_topic, ...) there.
from . import permissions_consult  # noqa: E402,F401
