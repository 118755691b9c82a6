"""The demo's good practices: twenty, over the projects and the provinces of Piedmont and
Liguria; most published, two in review, two drafts, one returned with a comment; a second run
creates and changes nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models import Max
from django.test import override_settings

from tessere.practices import seed_data
from tessere.practices.models import GoodPractice
from tessere.practices.seeds import seed
from tessere.registry.models import Territory
from tessere.registry.seeds import seed as seed_registry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_demo_password() -> Iterator[None]:
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=hashers):
        yield


def snapshot() -> dict[str, Any]:
    return {
        "rows": list(GoodPractice.objects.order_by("pk").values()),
        "updated": GoodPractice.objects.aggregate(last=Max("updated_at"))["last"],
        "links": [
            sorted(through._default_manager.values_list("goodpractice_id", target))
            for through, target in [
                (GoodPractice.territories.through, "territory_id"),
                (GoodPractice.themes.through, "theme_id"),
                (GoodPractice.authors.through, "user_id"),
            ]
        ],
    }


def test_the_demo_data_is_consistent() -> None:
    seed_data.check_practices()


def test_twenty_practices_in_every_state_with_their_places_and_people() -> None:
    seed_registry()
    result = seed()
    assert result["warnings"] == []
    assert result["practices"] == 20 == GoodPractice.objects.count()
    practices = list(
        GoodPractice.objects.select_related("project").prefetch_related(
            "territories__parent", "themes", "authors"
        )
    )
    states = Counter("returned" if p.was_returned else p.status for p in practices)
    assert states == {"published": 15, "in_review": 2, "draft": 2, "returned": 1}
    assert len({p.project_id for p in practices if p.project_id}) == 13
    assert any(p.project is None for p in practices)
    provinces = set()
    for practice in practices:
        assert practice.themes.all() and practice.territories.all() and practice.authors.all()
        for territory in practice.territories.all():
            if territory.kind == Territory.Kind.MUNICIPALITY and territory.parent:
                provinces.add(territory.parent.car_code)
            elif territory.kind == Territory.Kind.PROVINCE:
                provinces.add(territory.car_code)
        if practice.is_published:
            assert practice.published_at and practice.reviewed_by_id
    assert len(provinces) >= 10


def test_a_second_run_creates_and_changes_nothing() -> None:
    seed_registry()
    seed()
    before = snapshot()
    again = seed()
    assert again["created"] == {} and again["updated"] == {}
    assert snapshot() == before
