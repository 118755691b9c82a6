"""What the one search box finds in the discussions (core/search.py): topics — questions of
the expert consultation included — by their title and opening post, and replies. Both are
filtered by `visible_to`: a private space's messages are never found, counted or quoted for
somebody who cannot read them; a hidden reply only by its author (and superusers)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tessere.core.search import SearchDocument, SearchSource, search_sources

from .models import Post, Topic


def topic_document(topic: Topic) -> SearchDocument | None:
    opening = next((post for post in topic.posts.all() if post.number == 1), None)
    body = opening.body if opening is not None and not opening.is_hidden else ""
    return SearchDocument(
        title=topic.title,
        body=body,
        url=topic.get_absolute_url(),
        programme_id=topic.space.programme_id,
        project_ids=tuple(sorted(project.pk for project in topic.projects.all())),
        theme_ids=tuple(sorted(theme.pk for theme in topic.themes.all())),
        date=topic.last_posted_at.date() if topic.last_posted_at else None,
    )


def post_document(post: Post) -> SearchDocument | None:
    if post.number == 1:
        return None  # the opening post is the topic's document
    topic = post.topic
    return SearchDocument(
        title=f"Re: {topic.title}",  # "Re:" reads the same in Italian and English
        body=post.body,
        url=post.get_absolute_url(),
        programme_id=topic.space.programme_id,
        project_ids=tuple(sorted(project.pk for project in topic.projects.all())),
        theme_ids=tuple(sorted(theme.pk for theme in topic.themes.all())),
        date=post.created_at.date() if post.created_at else None,
    )


def visible_posts(user: Any) -> QuerySet[Post]:
    """Replies of topics the user may read; hidden ones only to their author and superusers
    (Post.objects.visible_to already says so)."""
    return Post.objects.visible_to(user).filter(number__gt=1)


def _topic_of(post: Post) -> list[Topic]:
    return [post.topic]


search_sources.register(
    SearchSource(
        key="forum.topic",
        label=_("Discussions"),
        model=Topic,
        visible=lambda user: Topic.objects.visible_to(user),
        document=topic_document,
        queryset=lambda: Topic.objects.select_related("space").prefetch_related(
            "posts", "projects", "themes"
        ),
        triggers={Post: _topic_of},
        order=10,
    )
)
search_sources.register(
    SearchSource(
        key="forum.post",
        label=_("Replies"),
        model=Post,
        visible=visible_posts,
        document=post_document,
        queryset=lambda: (
            Post.objects.filter(number__gt=1)
            .select_related("topic__space")
            .prefetch_related("topic__projects", "topic__themes")
        ),
        order=11,
    )
)

from . import search_consult  # noqa: E402,F401
