"""The networks demo seed: three closed waves whose answers densify across projects, observed
and recorded ties; idempotent; fast at scale 1; and the large network for the benchmark."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models import Max
from django.test import override_settings
from django.utils import timezone

from tessere.learning.seeds import seed as seed_learning
from tessere.meetings.seeds import seed as seed_meetings
from tessere.networks.models import Response, Tie, TieSource, Wave
from tessere.networks.seeds import seed, seed_network_scale
from tessere.networks.services import expected_organisation_ids
from tessere.registry.models import Organisation, Partnership, Programme
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
    seed_meetings()
    seed_learning()
    started = time.monotonic()
    result = seed()
    result["seconds"] = time.monotonic() - started
    return result


def programme() -> Programme:
    return Programme.objects.get(slug="territori-inclusivi")


def projects_of() -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    for organisation_id, project_id in Partnership.objects.values_list(
        "organisation_id", "project_id"
    ):
        found.setdefault(organisation_id, set()).add(project_id)
    return found


def test_three_closed_waves_answered_by_more_and_more_organisations(seeded: dict[str, Any]) -> None:
    waves = list(Wave.objects.filter(programme=programme(), status="closed").order_by("opens_on"))
    assert [(w.label, w.title, str(w.closes_on), w.status) for w in waves] == [
        ("T0", "Autunno 2021", "2021-11-30", "closed"),
        ("T1", "Primavera 2022", "2022-05-31", "closed"),
        ("T2", "Autunno 2022", "2022-10-31", "closed"),
    ]
    expected = expected_organisation_ids(programme())
    answered = [
        Response.objects.filter(wave=w, status=Response.Status.SUBMITTED).count() for w in waves
    ]
    assert answered == [round(share * len(expected)) for share in (0.7, 0.8, 0.9)]
    assert all(w.closed_at and w.closed_at.date() == w.closes_on for w in waves)
    assert all(isinstance(w.measures, dict) for w in waves)
    assert Response.objects.filter(status=Response.Status.DRAFT).count() == 3  # one per wave
    assert seeded["seconds"] < 10


def test_a_follow_up_wave_is_open_from_last_week_for_three_weeks_and_unanswered(
    seeded: dict[str, Any],
) -> None:
    today = timezone.localdate()
    wave = Wave.objects.get(programme=programme(), status="open")
    assert wave.label == "T3"
    assert wave.opens_on == today - dt.timedelta(days=7)
    assert wave.closes_on == today + dt.timedelta(days=21)
    assert not wave.responses.exists()


def test_the_declared_ties_densify_across_projects(seeded: dict[str, Any]) -> None:
    partners = projects_of()
    across = []
    for wave in Wave.objects.filter(programme=programme()).order_by("opens_on"):
        declared = Tie.objects.for_wave(wave).filter(source=TieSource.DECLARED)
        pairs = declared.values_list("source_org_id", "target_org_id")
        across.append(
            sum(1 for a, b in pairs if not partners.get(a, set()) & partners.get(b, set()))
        )
    assert across[0] < across[1] < across[2]
    assert across[0] <= 5  # T0: mostly inside the partnerships


def test_observed_and_recorded_ties_are_there(seeded: dict[str, Any]) -> None:
    ties = Tie.objects.filter(programme=programme())
    assert (
        ties.filter(source=TieSource.OBSERVED, observed_key__startswith="partnership:").count()
        > 300
    )
    recorded = list(ties.filter(source=TieSource.RECORDED).prefetch_related("projects"))
    assert len(recorded) == 5
    assert all(t.note and t.recorded_by and t.projects.count() == 2 for t in recorded)


def snapshot() -> dict[str, Any]:
    return {
        "ties": list(
            Tie.objects.order_by("pk").values_list(
                "pk", "source", "source_org", "target_org", "kind", "strength", "started_on", "note"
            )
        ),
        "updated": Tie.objects.aggregate(last=Max("updated_at"))["last"],
        "links": Tie.projects.through.objects.count(),
        "responses": list(
            Response.objects.order_by("pk").values_list("pk", "status", "updated_at")
        ),
        "waves": list(Wave.objects.order_by("pk").values_list("pk", "status", "measures")),
    }


def test_seeding_again_changes_nothing(seeded: dict[str, Any]) -> None:
    before = snapshot()
    again = seed()
    assert again["waves created"] == 0
    assert again["created"] == {} and again["updated"] == {}
    assert snapshot() == before


def test_seeding_without_the_programme_warns(db: None) -> None:
    result = seed()
    assert result["warnings"] and result["waves"] == 0


def test_a_large_network_for_the_benchmark(seeded: dict[str, Any]) -> None:
    result = seed_network_scale(programme(), organisations=240, partners=8, declared_per_lead=6)
    assert (result["organisations"], result["projects"]) == (240, 30)
    wave = result["wave"]
    assert wave.status == Wave.Status.CLOSED
    assert result["declared"] == 30 * 6
    assert Tie.objects.for_wave(wave).filter(source=TieSource.DECLARED).count() == 180
    assert Organisation.objects.filter(slug__startswith=f"bench-{programme().pk}-").count() == 240
    again = seed_network_scale(programme(), organisations=240, partners=8, declared_per_lead=6)
    assert again["declared"] == 0 and again["created"] == {}
