"""The demo discussions: about 60 topics and 300 replies, every author allowed to write where
they wrote, unread markers for the demo coordinator, and a second run changes nothing."""

from __future__ import annotations

import pytest
from django.db.models import Count

from tessere.community import seeds as community_seeds
from tessere.community.permissions import can_write_in_space
from tessere.registry import seeds as registry_seeds

from .. import seeds
from ..models import Post, PostRevision, Reaction, ReadState, Topic, TopicSubscription

pytestmark = pytest.mark.django_db


def test_the_demo_discussions_are_seeded_once_and_make_sense() -> None:
    registry_seeds.seed()
    community_seeds.seed()
    first = seeds.seed()
    assert not first["warnings"]
    assert 55 <= first["topics"] <= 65
    assert 250 <= first["replies"] <= 350
    counts = {
        model: model.objects.count()
        for model in (Topic, Post, PostRevision, Reaction, ReadState, TopicSubscription)
    }
    second = seeds.seed()
    assert second["created"] == {} and second["updated"] == {}
    assert {model: model.objects.count() for model in counts} == counts
    # Counters agree with the posts; every author may write in the space.
    for topic in Topic.objects.annotate(n=Count("posts")).select_related("space__programme"):
        posts = topic.n  # type: ignore[attr-defined]
        assert posts == topic.last_post_number == topic.reply_count + 1
    for post in Post.objects.select_related("author", "topic__space__programme"):
        assert can_write_in_space(post.author, post.topic.space), post
    assert not Topic.objects.filter(space__kind="questions").exists()
    assert Post.objects.filter(body__contains="@[").exists()
    assert Post.objects.filter(body__startswith="> ", reply_to__isnull=False).exists()
    assert PostRevision.objects.count() == 2
    # The demo coordinator has unread topics to see.
    reader = ReadState.objects.filter(user__email="coordinatore@demo.tessere.it")
    assert reader.exists()
