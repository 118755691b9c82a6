"""The demo spaces: every shared space and one per project, idempotent."""

from __future__ import annotations

import pytest

from tessere.community import seeds
from tessere.community.models import Space
from tessere.registry import seeds as registry_seeds

pytestmark = pytest.mark.django_db


def test_the_demo_spaces_are_seeded_once() -> None:
    registry_seeds.seed()
    first = seeds.seed()
    count = Space.objects.count()
    assert count == first["spaces"] == len(seeds.SHARED_SPACES) + 13
    second = seeds.seed()
    assert Space.objects.count() == count
    assert second == {"spaces": count}
    kinds = dict(Space.objects.filter(project__isnull=True).values_list("slug", "kind"))
    assert kinds["archivio-dei-lavori"] == Space.Kind.REPOSITORY
    assert kinds["chiedi-all-esperto"] == Space.Kind.QUESTIONS
    assert Space.objects.filter(visibility=Space.Visibility.PROJECT).count() == 13
