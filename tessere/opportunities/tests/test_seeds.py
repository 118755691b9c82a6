"""The demo board: forty opportunities over the twelve provinces of Piedmont and Liguria, of
every kind, scope and audience, current and archived, offered by the demo projects; a second
run creates and changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models import Max
from django.test import override_settings

from tessere.opportunities import seed_data
from tessere.opportunities.models import Opportunity
from tessere.opportunities.queries import area_of_opportunity
from tessere.opportunities.seeds import seed
from tessere.registry.models import Programme, ProjectRole, Territory
from tessere.registry.seeds import seed as seed_registry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_demo_password() -> Iterator[None]:
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=hashers):
        yield


@pytest.fixture
def seeded() -> dict[str, Any]:
    seed_registry()
    return seed()


def board() -> list[Opportunity]:
    return list(
        Opportunity.objects.filter(programme__slug="territori-inclusivi")
        .select_related("project", "organisation", "municipality__parent", "created_by")
        .prefetch_related("territories")
    )


def snapshot() -> dict[str, Any]:
    return {
        "rows": list(Opportunity.objects.order_by("pk").values()),
        "updated": Opportunity.objects.aggregate(last=Max("updated_at"))["last"],
        "links": Opportunity.territories.through.objects.count(),
    }


def test_the_offers_are_consistent() -> None:
    seed_data.check_offers()


def test_forty_opportunities_of_every_kind_scope_and_audience(seeded: dict[str, Any]) -> None:
    found = board()
    assert seeded["opportunities"] == len(found) == 40
    assert seeded["warnings"] == [] and seeded["fallbacks"] == []
    assert {o.kind for o in found} == set(Opportunity.Kind.values)
    assert {o.scope for o in found} == set(Opportunity.Scope.values)
    assert {o.audience for o in found} == set(Opportunity.Audience.values)


def test_they_cover_the_twelve_provinces(seeded: dict[str, Any]) -> None:
    provinces: set[int] = set()
    for opportunity in board():
        provinces |= area_of_opportunity(opportunity).provinces
    names = set(Territory.objects.filter(pk__in=provinces).values_list("car_code", flat=True))
    assert names == set(seed_data.PROVINCES)


def test_current_and_archived_deadlines_only_and_online(seeded: dict[str, Any]) -> None:
    current = list(Opportunity.objects.published().current())
    archived = list(Opportunity.objects.published().archived())
    assert len(current) >= 20 and len(archived) >= 8
    assert any(o.deadline and not o.starts_on for o in current)
    assert any(o.is_online for o in current)
    assert any(len(o.languages) > 2 for o in current)
    assert Opportunity.objects.filter(status=Opportunity.Status.WITHDRAWN).count() == 1
    assert Opportunity.objects.filter(is_public=False).exists()


def test_offered_and_posted_by_the_demo_projects_people(seeded: dict[str, Any]) -> None:
    programme = Programme.objects.get(slug="territori-inclusivi")
    for opportunity in board():
        assert opportunity.project or opportunity.organisation, opportunity.title
        assert opportunity.created_by is not None, opportunity.title
        if opportunity.project is not None:
            assert opportunity.project.programme_id == programme.pk
            assert ProjectRole.objects.filter(
                user=opportunity.created_by, project=opportunity.project
            ).exists(), opportunity.title
        assert opportunity.created_at.date() <= opportunity.expires_on


def test_links_and_contacts_are_fictitious(seeded: dict[str, Any]) -> None:
    for opportunity in board():
        link = opportunity.registration_url
        assert not link or link.startswith("https://www.example.org/"), link
        for word in opportunity.contact.split():
            assert "@" not in word or word.endswith("@example.org"), opportunity.contact


def test_seeding_twice_creates_nothing_and_changes_nothing(seeded: dict[str, Any]) -> None:
    before = snapshot()
    again = seed()
    assert snapshot() == before
    assert again["created"] == {} and again["updated"] == {} and again["warnings"] == []


def test_seeding_again_repairs_an_edited_opportunity(seeded: dict[str, Any]) -> None:
    opportunity = board()[0]
    Opportunity.objects.filter(pk=opportunity.pk).update(title="Cambiato")
    opportunity.territories.clear()
    again = seed()
    opportunity.refresh_from_db()
    assert again["updated"]["opportunity"] == 1
    assert opportunity.title != "Cambiato" and opportunity.territories.exists()


def test_scale_gives_each_copy_its_own_board() -> None:
    seed_registry(scale=2)
    result = seed(scale=2)
    copy = Programme.objects.get(slug="territori-inclusivi-x2")
    copied = Opportunity.objects.filter(programme=copy).select_related("project", "created_by")
    assert result["opportunities"] == 80 and copied.count() == 40
    assert all(o.project is None or o.project.programme_id == copy.pk for o in copied)
    assert all(".x2@" in o.created_by.email for o in copied if o.created_by)
