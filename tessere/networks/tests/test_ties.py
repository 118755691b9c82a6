"""Ties: which ones make a wave's network (`for_wave`), who sees them (`visible_to`), and the
ties the programme team records, changes and ends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import Personas
from tessere.core.models import AuditEntry
from tessere.core.testing import unchanged
from tessere.networks import services
from tessere.networks.models import Response, Tie, TieKind, TieSource, Wave
from tessere.networks.services import TieContent
from tessere.registry.tests import factories as f

from .factories import declare, make_tie, make_wave


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


# --- A wave's network --------------------------------------------------------------------------
def test_for_wave_picks_the_submitted_answers_of_the_wave_and_the_ties_alive_on_its_day(
    personas: Personas,
) -> None:
    programme = personas.programme
    a = f.project_organisations(personas.project)
    b = f.project_organisations(personas.other_project)
    wave = make_wave(programme, closes_on=dt.date(2022, 5, 31))
    earlier = make_wave(programme, closes_on=dt.date(2021, 11, 30))
    mine = declare(wave, a[0], [a[1]])
    declare(wave, a[2], [a[3]], status=Response.Status.DRAFT)  # a draft does not count
    declare(earlier, a[0], [b[0]])  # another wave's answer
    alive = make_tie(programme, a[1], b[1], started_on=dt.date(2022, 1, 1))
    undated = make_tie(programme, a[2], b[2])
    later = make_tie(programme, a[3], b[3], started_on=dt.date(2022, 6, 1))
    ended = make_tie(programme, a[0], b[3], ended_on=dt.date(2022, 5, 30))
    last_day = make_tie(
        programme, a[1], b[2], source=TieSource.OBSERVED, observed_key="x:1",
        started_on=dt.date(2021, 1, 1), ended_on=dt.date(2022, 5, 31),
    )  # fmt: skip
    elsewhere = f.make_project()
    make_tie(elsewhere.programme, a[0], a[1])  # another programme's recorded tie

    picked = set(Tie.objects.for_wave(wave))
    assert picked == {*mine.ties.all(), alive, undated, last_day}
    assert later not in picked and ended not in picked


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("anonymous", False), ("outsider", False), ("representative", True), ("evaluator", True),
     ("superuser", True)],
)  # fmt: skip
def test_members_see_the_ties_of_their_programme_but_not_those_of_a_draft(
    personas: Personas, persona: str, sees: bool
) -> None:
    a = f.project_organisations(personas.project)
    wave = make_wave(personas.programme)
    submitted = declare(wave, a[0], [a[1]])
    declare(wave, a[2], [a[3]], status=Response.Status.DRAFT)
    recorded = make_tie(personas.programme, a[1], a[2])
    visible = set(Tie.objects.visible_to(personas.get(persona)))
    assert visible == ({*submitted.ties.all(), recorded} if sees else set())


def test_ties_of_another_programme_stay_there(personas: Personas) -> None:
    elsewhere = f.make_project()
    orgs = f.project_organisations(elsewhere)
    tie = make_tie(elsewhere.programme, orgs[0], orgs[1])
    assert tie not in Tie.objects.visible_to(personas.facilitator)


# --- Recorded ties -----------------------------------------------------------------------------------
def tie_content(personas: Personas, **extra: object) -> TieContent:
    a = f.project_organisations(personas.project)
    b = f.project_organisations(personas.other_project)
    data: dict[str, object] = {
        "source_org": a[0], "target_org": b[0], "kind": TieKind.REFERRAL, "strength": 2,
        "started_on": dt.date(2022, 1, 10), "note": "Nota del mentore",
        "projects": [personas.project],
    }  # fmt: skip
    data.update(extra)
    return TieContent(**data)  # type: ignore[arg-type]


def test_the_team_records_changes_and_ends_a_tie(personas: Personas) -> None:
    tie = services.record_tie(
        programme=personas.programme, content=tie_content(personas), by=personas.mentor
    )
    assert (tie.source, tie.directed, tie.recorded_by) == (
        TieSource.RECORDED,
        True,
        personas.mentor,
    )
    assert list(tie.projects.all()) == [personas.project]
    tie = services.update_tie(
        tie=tie, content=tie_content(personas, kind=TieKind.CO_DESIGN, strength=3, projects=[]),
        by=personas.facilitator,
    )  # fmt: skip
    assert (tie.kind, tie.strength, tie.directed) == (TieKind.CO_DESIGN, 3, False)
    assert not tie.projects.exists()
    services.end_tie(tie=tie, ended_on=dt.date(2022, 12, 31), by=personas.mentor)
    tie.refresh_from_db()
    assert tie.ended_on == dt.date(2022, 12, 31)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"networks.tie.recorded", "networks.tie.updated", "networks.tie.ended"} <= actions


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"strength": 4}, "strength"),
        ({"kind": "rumour"}, "kind"),
        ({"ended_on": dt.date(2021, 1, 1)}, "ended_on"),
        ({"note": "x" * 2001}, "note"),
    ],
)
def test_a_wrong_recorded_tie_is_refused(
    personas: Personas, extra: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as caught, unchanged(Tie.objects.all()):
        services.record_tie(
            programme=personas.programme, content=tie_content(personas, **extra), by=None
        )
    assert field in caught.value.message_dict


def test_a_tie_with_itself_or_another_programmes_project_is_refused(personas: Personas) -> None:
    a = f.project_organisations(personas.project)
    with pytest.raises(ValidationError, match="itself"):
        services.record_tie(
            programme=personas.programme,
            content=tie_content(personas, target_org=a[0]),
            by=None,
        )
    with pytest.raises(ValidationError, match="projects of this programme"):
        services.record_tie(
            programme=personas.programme,
            content=tie_content(personas, projects=[f.make_project()]),
            by=None,
        )


def test_declared_and_observed_ties_are_not_changed_as_recorded_ones(personas: Personas) -> None:
    a = f.project_organisations(personas.project)
    wave = make_wave(personas.programme, status=Wave.Status.OPEN)
    declared = declare(wave, a[0], [a[1]]).ties.get()
    observed = make_tie(
        personas.programme, a[1], a[2], source=TieSource.OBSERVED, observed_key="partnership:x"
    )
    for tie in (declared, observed):
        with (
            pytest.raises(ValidationError, match="Only recorded ties"),
            unchanged(Tie.objects.all()),
        ):
            services.end_tie(tie=tie, ended_on=dt.date(2023, 1, 1), by=personas.mentor)


# --- The admin ---------------------------------------------------------------------------------------
def test_superusers_repair_waves_answers_and_ties_in_the_admin(
    personas: Personas, client: Client
) -> None:
    a = f.project_organisations(personas.project)
    wave = make_wave(personas.programme)
    answer = declare(wave, a[0], [a[1]], note="riservata")
    tie = answer.ties.get()
    client.force_login(personas.superuser)
    for path in (
        reverse("admin:networks_wave_changelist"),
        reverse("admin:networks_wave_change", args=[wave.pk]),
        reverse("admin:networks_response_changelist") + "?q=Ente",
        reverse("admin:networks_response_change", args=[answer.pk]),
        reverse("admin:networks_tie_changelist") + "?q=Ente",
        reverse("admin:networks_tie_change", args=[tie.pk]),
    ):
        assert client.get(path).status_code == 200, path


def test_the_programme_admins_group_has_no_networks_permission() -> None:
    from tessere.registry.seeds import ADMIN_GROUP_PERMISSIONS

    assert "networks" not in ADMIN_GROUP_PERMISSIONS
