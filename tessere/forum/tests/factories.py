"""Typed factories for the discussions' tests: topics and posts written straight to the
database (fast), counters kept as the services keep them. Spaces: community/tests/factories.py."""

from __future__ import annotations

import itertools
from typing import Any

from django.utils import timezone

from tessere.accounts.models import User
from tessere.community.models import Space
from tessere.community.tests.factories import (  # noqa: F401  (re-exported for the tests)
    EVERYBODY,
    MEMBERS,
    MODERATORS,
    PROJECT_A,
    PROJECT_B,
    READERS,
    TEAM,
    WRITERS,
    Spaces,
    make_space,
    make_spaces,
)

from ..models import Post, Topic

_counter = itertools.count(1)


def make_topic(
    space: Space,
    author: User | None,
    *,
    title: str | None = None,
    body: str = "Il primo messaggio della discussione.",
    replies: list[tuple[User | None, str]] | None = None,
    **extra: Any,
) -> Topic:
    """A topic with its opening post and these replies, counters kept as the services do."""
    now = timezone.now()
    replies = replies or []
    topic = Topic.objects.create(
        space=space,
        title=title or f"Discussione {next(_counter)}",
        author=author,
        last_posted_at=now,
        last_poster=(replies[-1][0] if replies else author),
        last_post_number=1 + len(replies),
        reply_count=len(replies),
        **extra,
    )
    Post.objects.create(topic=topic, number=1, author=author, body=body, created_at=now)
    for number, (who, text) in enumerate(replies, start=2):
        Post.objects.create(topic=topic, number=number, author=who, body=text, created_at=now)
    return topic
