"""Lookups shared by the discussions' views, each a fixed number of queries whatever the
number of rows (the query budgets in tests/test_query_budgets.py hold them)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from tessere.community.models import Space

from .models import Post, Reaction, ReadState, SpaceSubscription, Topic


def _authenticated(user: Any) -> bool:
    return user is not None and user.is_authenticated


def spaces_for(user: Any) -> list[Space]:
    """The spaces the user may read, in order, each with `topic_count`, `last_activity`,
    `unread` (topics with posts the user has not read) and `subscribed`. Three queries at most
    (after the role lookups)."""
    shown = Q(topics__is_hidden=False)
    spaces = list(
        Space.objects.visible_to(user)
        .select_related("programme", "project")
        .annotate(
            topic_count=Count("topics", filter=shown),
            last_activity=Max("topics__last_posted_at", filter=shown),
        )
        .order_by("programme__title", "programme_id", "position", "name", "pk")
    )
    unread: dict[int, int] = {}
    subscribed: set[int] = set()
    if _authenticated(user) and spaces:
        ids = [space.pk for space in spaces]
        unread = dict(
            with_reading(Topic.objects.filter(space_id__in=ids, is_hidden=False), user)
            .filter(last_post_number__gt=Coalesce(F("last_read"), 0))
            .order_by()
            .values("space_id")
            .annotate(n=Count("pk"))
            .values_list("space_id", "n")
        )
        subscribed = set(
            SpaceSubscription.objects.filter(user=user, space_id__in=ids).values_list(
                "space_id", flat=True
            )
        )
    for space in spaces:
        space.unread = unread.get(space.pk, 0)  # type: ignore[attr-defined]
        space.subscribed = space.pk in subscribed  # type: ignore[attr-defined]
    return spaces


def with_reading(topics: QuerySet[Topic], user: Any) -> QuerySet[Topic]:
    """Topics annotated with `last_read`: how far the user read (None: never opened)."""
    if not _authenticated(user):
        return topics
    mark = ReadState.objects.filter(topic=OuterRef("pk"), user=user).values("last_read_number")
    return topics.annotate(last_read=Subquery(mark[:1]))


def topic_list(space: Space, user: Any, *, moderator: bool) -> QuerySet[Topic]:
    """The topics of a space for its list: pinned first, then by last activity. Moderators
    see the hidden ones too (marked)."""
    base = Topic.objects.filter(space=space) if moderator else Topic.objects.visible_to(user)
    topics = (
        base.filter(space=space)
        .select_related("author", "last_poster")
        .prefetch_related("themes")
        .order_by("-is_pinned", "-last_posted_at", "-pk")
    )
    return with_reading(topics, user)


@dataclass(frozen=True)
class ReactionChip:
    kind: str
    label: str
    count: int
    mine: bool


def reaction_bars(posts: list[Post], user: Any) -> dict[int, list[ReactionChip]]:
    """{post id: every reaction kind with its count and whether the user gave it}. Two queries."""
    ids = [post.pk for post in posts]
    if not ids:
        return {}
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for post_id, kind, n in (
        Reaction.objects.filter(post_id__in=ids)
        .order_by()
        .values("post_id", "kind")
        .annotate(n=Count("pk"))
        .values_list("post_id", "kind", "n")
    ):
        counts[post_id][kind] = n
    mine: set[tuple[int, str]] = set()
    if _authenticated(user):
        mine = set(
            Reaction.objects.filter(post_id__in=ids, user=user).values_list("post_id", "kind")
        )
    return {
        post_id: [
            ReactionChip(
                kind=kind,
                label=str(label),
                count=counts[post_id].get(kind, 0),
                mine=(post_id, kind) in mine,
            )
            for kind, label in Reaction.Kind.choices
        ]
        for post_id in ids
    }
