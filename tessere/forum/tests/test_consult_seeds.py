"""The expert consultation's demo: experts by theme, about forty questions (most answered, fifteen
accepted, a few waiting for more than a week), eight FAQ entries, three open flags; a second
run creates and changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models import Max
from django.test import override_settings

from tessere.community import seeds as community_seeds
from tessere.forum import seeds_consult
from tessere.forum.models import ExpertTheme, FaqEntry, Flag, Post, Topic
from tessere.forum.services.questions import unanswered_questions
from tessere.registry import seeds as registry_seeds
from tessere.registry.models import Programme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_demo_password() -> Iterator[None]:
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


def snapshot() -> dict[str, Any]:
    return {
        model.__name__: (
            model.objects.count(),
            model.objects.aggregate(last=Max("pk"))["last"],
        )
        for model in (Topic, Post, ExpertTheme, FaqEntry, Flag)
    } | {
        "topics": list(Topic.objects.order_by("pk").values()),
        "posts": list(Post.objects.order_by("pk").values()),
        "faq": list(FaqEntry.objects.order_by("pk").values_list("question", "updated_at")),
    }


def test_the_consultation_demo_is_complete_and_idempotent() -> None:
    registry_seeds.seed()
    community_seeds.seed()
    result = seeds_consult.seed()
    assert result["questions"] == 40
    programme = Programme.objects.get(slug="territori-inclusivi")
    asked = Topic.objects.filter(space__slug=seeds_consult.SPACE_SLUG, space__programme=programme)
    assert asked.count() == 40
    assert asked.filter(expert_answered_at__isnull=False).count() == 34
    assert asked.filter(accepted_post__isnull=False, solved_at__isnull=False).count() == 15
    waiting = list(unanswered_questions(programme))
    assert 4 <= len(waiting) <= 5
    assert Post.objects.filter(topic__in=asked, is_expert_answer=True).count() == 34
    assert FaqEntry.objects.filter(programme=programme, source_post__isnull=False).count() == 8
    assert Flag.objects.filter(status=Flag.Status.OPEN).count() == 3
    themes = set(
        ExpertTheme.objects.filter(programme=programme).values_list("theme__name", flat=True)
    )
    assert {"Diritto dell'immigrazione", "Mediazione culturale", "Valutazione",
            "Comunicazione e narrazione"} <= themes  # fmt: skip
    for topic in asked.filter(accepted_post__isnull=False).select_related("accepted_post"):
        assert topic.accepted_post is not None
        assert topic.accepted_post.topic_id == topic.pk and topic.accepted_post.number > 1
    before = snapshot()
    again = seeds_consult.seed()
    assert snapshot() == before
    assert again == {"questions": 40}
