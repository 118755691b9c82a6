"""The survey services: waves (draft → open → closed snapshot), answers (draft, submit, edit
until the wave closes, every check), organisations added from the survey, the response rate
and the reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from conftest import Personas
from tessere.core.models import AuditEntry
from tessere.core.testing import unchanged
from tessere.networks import services
from tessere.networks.models import Response, Tie, TieKind, TieSource, Wave
from tessere.networks.notifications import SURVEY_REMINDER
from tessere.networks.services import WaveContent
from tessere.notifications.models import Notification
from tessere.registry.models import Organisation, Partnership, ProjectRole
from tessere.registry.tests import factories as f

from .factories import declare, make_coordinator, make_response, make_wave


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are matched in English (the source language), whatever the catalogue says."""
    with translation.override("en"):
        yield


def content(**extra: Any) -> WaveContent:
    data: dict[str, Any] = {
        "label": "T0",
        "title": "Autunno 2021",
        "opens_on": dt.date(2021, 10, 1),
        "closes_on": dt.date(2021, 11, 30),
    }
    data.update(extra)
    return WaveContent(**data)


def row(target: Organisation, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"target_org_id": target.pk, "kind": TieKind.INFORMATION, "strength": 2}
    data.update(extra)
    return data


# --- Waves ---------------------------------------------------------------------------------------
def test_a_new_wave_is_a_draft_and_leaves_a_trace(personas: Personas) -> None:
    wave = services.create_wave(
        programme=personas.programme, content=content(), by=personas.facilitator
    )
    assert wave.status == Wave.Status.DRAFT
    assert AuditEntry.objects.filter(
        action="networks.wave.created", actor=personas.facilitator
    ).exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"label": "T 1"}, "label"),
        ({"label": "nuova"}, "label"),
        ({"label": "T0/1"}, "label"),
        ({"title": "  "}, "title"),
        ({"closes_on": dt.date(2021, 9, 1)}, "closes_on"),
    ],
)
def test_a_wave_needs_a_label_for_the_address_a_title_and_a_period(
    personas: Personas, extra: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught, unchanged(Wave.objects.all()):
        services.create_wave(programme=personas.programme, content=content(**extra), by=None)
    assert field in caught.value.message_dict


def test_two_waves_of_a_programme_cannot_share_a_label(personas: Personas) -> None:
    services.create_wave(programme=personas.programme, content=content(), by=None)
    with pytest.raises(ValidationError):
        services.create_wave(programme=personas.programme, content=content(label="t0"), by=None)
    services.create_wave(programme=f.make_programme(), content=content(), by=None)  # elsewhere


def test_one_wave_at_a_time_is_open(personas: Personas) -> None:
    first = make_wave(personas.programme, status=Wave.Status.DRAFT)
    second = make_wave(personas.programme, status=Wave.Status.DRAFT)
    services.open_wave(wave=first, by=personas.facilitator)
    with pytest.raises(ValidationError, match="close it first"):
        services.open_wave(wave=second, by=personas.facilitator)
    with pytest.raises(ValidationError):
        services.open_wave(wave=first, by=personas.facilitator)  # already open


def test_closing_keeps_a_dated_snapshot_and_the_wave_is_read_only(personas: Personas) -> None:
    wave = make_wave(personas.programme)
    orgs = f.project_organisations(personas.project)
    declare(wave, orgs[0], [orgs[1]])
    services.close_wave(wave=wave, by=personas.facilitator)
    wave.refresh_from_db()
    assert wave.status == Wave.Status.CLOSED
    assert wave.closed_at is not None
    assert isinstance(wave.measures, dict)
    with pytest.raises(ValidationError, match="closed"):
        services.update_wave(wave=wave, content=content(title="Altro"), by=personas.facilitator)
    with pytest.raises(ValidationError):
        services.close_wave(wave=wave, by=personas.facilitator)
    with pytest.raises(ValidationError):
        services.open_wave(wave=wave, by=personas.facilitator)


def test_closing_stores_the_measures_when_the_measures_module_is_there(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    from tessere.networks.services import waves

    class Fake:
        @staticmethod
        def wave_measures(wave: Wave) -> dict[str, Any]:
            return {"organisations": 3, "ties": 2}

    monkeypatch.setattr(waves.importlib, "import_module", lambda name: Fake)
    wave = make_wave(personas.programme)
    services.close_wave(wave=wave, by=None)
    wave.refresh_from_db()
    assert wave.measures == {"organisations": 3, "ties": 2}

    def missing(name: str) -> Any:
        raise ImportError(name)

    monkeypatch.setattr(waves.importlib, "import_module", missing)
    other = make_wave(personas.programme)
    services.close_wave(wave=other, by=None)
    other.refresh_from_db()
    assert other.measures == {}
    assert importlib is not None


def test_closing_derives_the_observed_ties_first(personas: Personas) -> None:
    wave = make_wave(personas.programme)
    assert not Tie.objects.filter(source=TieSource.OBSERVED).exists()
    services.close_wave(wave=wave, by=None)
    assert Tie.objects.filter(programme=personas.programme, source=TieSource.OBSERVED).exists()


# --- Answers -------------------------------------------------------------------------------------
def test_a_draft_then_a_submission_replace_the_declared_ties(personas: Personas) -> None:
    wave = make_wave(personas.programme)
    orgs = f.project_organisations(personas.project)
    other = f.project_organisations(personas.other_project)
    answer = services.save_response(
        wave=wave, organisation=orgs[0], by=personas.coordinator,
        ties=[row(orgs[1]), row(other[0], kind=TieKind.REFERRAL, direction="in")], submit=False,
    )  # fmt: skip
    assert answer.status == Response.Status.DRAFT
    assert answer.submitted_at is None
    assert Tie.objects.filter(response=answer).count() == 2
    referral = Tie.objects.get(response=answer, kind=TieKind.REFERRAL)
    assert (referral.source_org, referral.target_org, referral.directed) == (
        other[0],
        orgs[0],
        True,
    )

    answer = services.save_response(
        wave=wave, organisation=orgs[0], by=personas.coordinator,
        ties=[row(orgs[2], strength=3, projects=[personas.project.pk], note="tavolo")], submit=True,
    )  # fmt: skip
    assert answer.status == Response.Status.SUBMITTED
    assert answer.submitted_at is not None
    tie = Tie.objects.get(response=answer)
    assert (tie.target_org, tie.strength, tie.note, tie.source) == (
        orgs[2],
        3,
        "tavolo",
        TieSource.DECLARED,
    )
    assert list(tie.projects.all()) == [personas.project]
    assert Response.objects.count() == 1
    assert AuditEntry.objects.filter(action="networks.response.submitted").count() == 1


def test_a_submitted_answer_stays_submitted_and_can_be_edited_until_the_wave_closes(
    personas: Personas,
) -> None:
    wave = make_wave(personas.programme)
    orgs = f.project_organisations(personas.project)
    first = services.save_response(
        wave=wave, organisation=orgs[0], by=personas.coordinator, ties=[row(orgs[1])], submit=True
    )
    again = services.save_response(
        wave=wave, organisation=orgs[0], by=personas.coordinator, ties=[row(orgs[2])], submit=False
    )
    assert again.status == Response.Status.SUBMITTED
    assert again.submitted_at == first.submitted_at
    assert list(Tie.objects.filter(response=again).values_list("target_org", flat=True)) == [
        orgs[2].pk
    ]
    services.close_wave(wave=wave, by=None, derive=False)
    with (
        pytest.raises(ValidationError, match="closed"),
        unchanged(Tie.objects.all(), Response.objects.all()),
    ):
        services.save_response(
            wave=wave, organisation=orgs[0], by=personas.coordinator, ties=[], submit=True
        )


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"target_org_id": "self"}, "with itself"),
        ({"strength": 5}, "1, 2 or 3"),
        ({"strength": 0}, "1, 2 or 3"),
        ({"target_org_id": 999_999}, "not in the list"),
        ({"kind": "friendship"}, "kind of tie"),
        ({"started_on": "yesterday"}, "valid date"),
        ({"started_on": dt.date(2030, 1, 1)}, "after the end"),
        ({"note": "x" * 2001}, "under 2000"),
        ({"direction": "sideways"}, "direction"),
    ],
)
def test_a_wrong_tie_is_refused_with_a_clear_message_and_nothing_changes(
    personas: Personas, bad: dict[str, Any], message: str
) -> None:
    wave = make_wave(personas.programme)
    orgs = f.project_organisations(personas.project)
    declare(wave, orgs[0], [orgs[1]])
    if bad.get("target_org_id") == "self":
        bad = {"target_org_id": orgs[0].pk}
    with (
        pytest.raises(ValidationError, match=message),
        unchanged(Tie.objects.all(), Response.objects.all()),
    ):
        services.save_response(
            wave=wave,
            organisation=orgs[0],
            by=personas.coordinator,
            ties=[row(orgs[2]), row(orgs[3], **bad)],
            submit=True,
        )


def test_projects_of_another_programme_are_refused(personas: Personas) -> None:
    wave = make_wave(personas.programme)
    orgs = f.project_organisations(personas.project)
    elsewhere = f.make_project()
    problems = services.check_declared_ties(
        wave=wave, organisation=orgs[0], ties=[row(orgs[1], projects=[elsewhere.pk])]
    )
    assert [(p.index, p.field) for p in problems] == [(0, "projects")]


def test_the_same_organisation_twice_for_the_same_kind_is_refused(personas: Personas) -> None:
    wave = make_wave(personas.programme)
    orgs = f.project_organisations(personas.project)
    problems = services.check_declared_ties(
        wave=wave,
        organisation=orgs[0],
        ties=[row(orgs[1]), row(orgs[1]), row(orgs[1], kind=TieKind.CO_DESIGN)],
    )
    assert [(p.index, p.field) for p in problems] == [(1, None)]


# --- Organisations not yet listed --------------------------------------------------------------
def test_an_organisation_not_yet_listed_joins_the_registry_with_a_unique_slug(
    personas: Personas,
) -> None:
    town = f.make_municipality(name="Bra")
    f.make_organisation(name="Banco alimentare")  # slug banco-alimentare-N
    Organisation.objects.create(name="Banco Alimentare Bra", slug="banco-alimentare-bra")
    added = services.add_organisation_from_survey(
        name="  Banco   alimentare bra ", municipality=town, kind=Organisation.Kind.ASSOCIATION,
        by=personas.coordinator,
    )  # fmt: skip
    assert added.name == "Banco alimentare bra"
    assert added.slug == "banco-alimentare-bra-2"
    assert added.municipality == town
    assert AuditEntry.objects.filter(
        action="networks.organisation.added", actor=personas.coordinator
    ).exists()


def test_an_organisation_already_listed_is_not_added_twice(personas: Personas) -> None:
    town = f.make_municipality(name="Bra")
    existing = f.make_organisation(name="Emporio solidale", municipality=town)
    with unchanged(Organisation.objects.all()):
        found = services.add_organisation_from_survey(
            name="emporio SOLIDALE", municipality=town, kind="association", by=None
        )
    assert found == existing


@pytest.mark.parametrize(("name", "kind"), [("", "association"), ("Ente", "galaxy")])
def test_an_organisation_needs_a_name_and_a_type(personas: Personas, name: str, kind: str) -> None:
    with pytest.raises(ValidationError), unchanged(Organisation.objects.all()):
        services.add_organisation_from_survey(name=name, municipality=None, kind=kind, by=None)


# --- Response rate and reminders ----------------------------------------------------------------
def test_the_response_rate_counts_submitted_answers_of_organisations_with_a_coordinator(
    personas: Personas,
) -> None:
    wave = make_wave(personas.programme)
    a = f.project_organisations(personas.project)
    b_lead = Partnership.objects.get(project=personas.other_project, role="lead").organisation
    make_coordinator(personas.other_project, b_lead)
    make_coordinator(personas.project, a[2])
    assert services.response_rate(wave) == (0, 3, 0)
    declare(wave, a[0], [a[1]])
    declare(wave, a[2], [a[1]], status=Response.Status.DRAFT)  # a draft does not count
    declare(wave, a[3], [a[1]])  # no coordinator: not expected, not counted
    assert services.response_rate(wave) == (1, 3, 33)
    declare(wave, b_lead, [a[0]])
    assert services.response_rate(wave) == (2, 3, 67)


def test_reminders_go_only_to_coordinators_whose_organisation_has_not_answered(
    personas: Personas,
) -> None:
    wave = make_wave(personas.programme)
    a = f.project_organisations(personas.project)
    b_lead = Partnership.objects.get(project=personas.other_project, role="lead").organisation
    b_coordinator = make_coordinator(personas.other_project, b_lead)
    drafting = make_coordinator(personas.project, a[2])
    make_response(wave, a[2], status=Response.Status.DRAFT)
    declare(wave, a[0], [a[1]])  # the coordinator persona's organisation answered
    day = dt.date(2021, 11, 2)
    assert services.send_wave_reminders(wave=wave, by=personas.facilitator, today=day) == 2
    reminded = Notification.objects.filter(kind=SURVEY_REMINDER)
    assert set(reminded.values_list("recipient", flat=True)) == {b_coordinator.pk, drafting.pk}
    note = reminded.get(recipient=b_coordinator)
    assert note.data["organisation_id"] == b_lead.pk
    assert f"?org={b_lead.pk}" in note.url
    assert Response.objects.get(wave=wave, organisation=a[2]).reminded_at is not None

    with unchanged(Notification.objects.all()):
        assert services.send_wave_reminders(wave=wave, by=personas.facilitator, today=day) == 0
    assert (
        services.send_wave_reminders(
            wave=wave, by=personas.facilitator, today=day + dt.timedelta(days=1)
        )
        == 2
    )


def test_a_closed_wave_sends_no_reminder(personas: Personas) -> None:
    wave = make_wave(personas.programme, status=Wave.Status.CLOSED)
    with pytest.raises(ValidationError), unchanged(Notification.objects.all()):
        services.send_wave_reminders(wave=wave, by=personas.facilitator)


def test_the_reminder_is_not_mailed_once_the_organisation_answered_or_the_wave_closed(
    personas: Personas,
) -> None:
    from tessere.networks.notifications import still_unanswered

    wave = make_wave(personas.programme)
    services.send_wave_reminders(wave=wave, by=personas.facilitator)
    note = Notification.objects.get(kind=SURVEY_REMINDER, recipient=personas.coordinator)
    assert still_unanswered(personas.coordinator, note)
    assert not still_unanswered(personas.operator, note)  # not a coordinator
    own = f.project_organisations(personas.project)[0]
    declare(wave, own, [f.project_organisations(personas.project)[1]])
    assert not still_unanswered(personas.coordinator, note)
    Response.objects.all().delete()
    Wave.objects.filter(pk=wave.pk).update(status=Wave.Status.CLOSED)
    assert not still_unanswered(personas.coordinator, note)


def test_the_reminder_reads_well(personas: Personas) -> None:
    wave = make_wave(personas.programme, label="T1", title="Primavera 2022")
    services.send_wave_reminders(wave=wave, by=None)
    note = Notification.objects.get(recipient=personas.coordinator)
    assert note.summary == (
        "The network survey T1 · Primavera 2022 is open: tell us with whom your organisation works"
    )
    assert ProjectRole.objects.filter(user=personas.coordinator).exists()
