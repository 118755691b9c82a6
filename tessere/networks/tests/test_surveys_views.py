"""The survey pages, persona by persona, and the answer form from a coordinator's phone: draft,
submit, edit until the wave closes, rows added and removed without JavaScript, organisations
searched and added, every wrong input answered with a message and the typed text kept."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PERSONA_NAMES, Personas
from tessere.accounts.models import User
from tessere.core.testing import (
    HTMX,
    assert_max_queries_stable,
    in_english,
    is_login_redirect,
    page_text,
    unchanged,
)
from tessere.networks.models import Response, Tie, TieKind, TieSource, Wave
from tessere.registry.models import Organisation, Partnership, Programme, Project
from tessere.registry.tests import factories as f

from .factories import declare, make_coordinator, make_tie, make_wave

LOGIN = "login"
DONE = "done"
TEAM = ("programme_admin", "facilitator", "mentor", "superuser")
Login = Callable[[User | None], Client]


def expect(default: Any, **overrides: Any) -> dict[str, Any]:
    return {name: overrides.get(name, default) for name in PERSONA_NAMES}


def team(outcome: Any) -> dict[str, Any]:
    return dict.fromkeys(TEAM, outcome)


@dataclass
class World:
    personas: Personas
    wave: Wave  # open
    closed: Wave
    draft: Wave
    own: Organisation  # the coordinator persona's organisation (project A)
    partners: list[Organisation]  # project A
    other_lead: Organisation  # project B
    other_coordinator: User
    recorded: Tie

    @property
    def slug(self) -> str:
        return self.personas.programme.slug

    def url(self, name: str, wave: Wave | None = None, **query: Any) -> str:
        wave = wave or self.wave
        if name in {"wave_list", "wave_create", "org_search", "tie_create"}:
            url = reverse(f"networks:{name}", args=[self.slug])
        elif name == "tie_edit":
            url = reverse("networks:tie_edit", args=[self.slug, self.recorded.pk])
        else:
            url = reverse(f"networks:{name}", args=[self.slug, wave.label])
        if query:
            url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        return url


@pytest.fixture
def world(personas: Personas) -> World:
    programme = personas.programme
    partners = f.project_organisations(personas.project)
    other_lead = Partnership.objects.get(
        project=personas.other_project, role=Partnership.Role.LEAD
    ).organisation
    recorded = make_tie(
        programme,
        partners[1],
        other_lead,
        note="Nota riservata del mentore",
        projects=[personas.project],
        recorded_by=personas.mentor,
    )
    return World(
        personas=personas,
        wave=make_wave(programme, label="T1", title="Primavera 2022"),
        closed=make_wave(
            programme,
            label="T0",
            status=Wave.Status.CLOSED,
            measures={"organisations": 12, "ties": 30, "density": 0.4545},
        ),
        draft=make_wave(programme, label="T2", status=Wave.Status.DRAFT),
        own=partners[0],
        partners=partners,
        other_lead=other_lead,
        other_coordinator=make_coordinator(personas.other_project, other_lead),
        recorded=recorded,
    )


def outcome(response: Any) -> Any:
    if is_login_redirect(response):
        return LOGIN
    return response.status_code


# --- Every page, every persona -------------------------------------------------------------------
GET_EXPECTED: dict[str, dict[str, Any]] = {
    "wave_list": expect(200, anonymous=LOGIN, outsider=403),
    "wave_detail": expect(200, anonymous=LOGIN, outsider=403),
    "wave_create": expect(403, anonymous=LOGIN, **team(200)),
    "wave_edit": expect(403, anonymous=LOGIN, **team(200)),
    "wave_open": expect(405, anonymous=LOGIN),
    "wave_close": expect(405, anonymous=LOGIN),
    "wave_remind": expect(405, anonymous=LOGIN),
    # The coordinator answers for their organisation; the team on behalf of any; nobody else.
    "survey": expect(403, anonymous=LOGIN, coordinator=200, **team(200)),
    "org_search": expect(200, anonymous=LOGIN, outsider=403),
    "tie_create": expect(403, anonymous=LOGIN, **team(200)),
    "tie_edit": expect(403, anonymous=LOGIN, **team(200)),
}


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("name", sorted(GET_EXPECTED))
def test_every_page_answers_each_persona_as_expected(
    world: World, login_as: Login, name: str, persona: str
) -> None:
    client = login_as(world.personas.get(persona))
    assert outcome(client.get(world.url(name))) == GET_EXPECTED[name][persona]


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_a_draft_wave_is_seen_only_by_the_team(world: World, login_as: Login, persona: str) -> None:
    client = login_as(world.personas.get(persona))
    answer = outcome(client.get(world.url("wave_detail", world.draft)))
    assert answer == expect(404, anonymous=LOGIN, outsider=403, **team(200))[persona]


def post_data(world: World, name: str) -> dict[str, Any]:
    if name in {"wave_create", "wave_edit"}:
        return {"label": "T9", "title": "Autunno 2023", "opens_on": "2023-10-01",
                "closes_on": "2023-11-30"}  # fmt: skip
    if name in {"tie_create", "tie_edit"}:
        return {
            "source_org": world.partners[2].pk, "target_org": world.other_lead.pk,
            "kind": TieKind.CO_DESIGN, "strength": "3", "started_on": "2022-01-10", "note": "x",
        }  # fmt: skip
    if name == "survey":
        return rows_data([{"target": world.partners[1].pk, "kind": "information", "strength": "2"}])
    return {}


POST_EXPECTED: dict[str, dict[str, Any]] = {
    "wave_create": expect(403, anonymous=LOGIN, **team(DONE)),
    "wave_edit": expect(403, anonymous=LOGIN, **team(DONE)),
    "wave_open": expect(403, anonymous=LOGIN, **team(DONE)),  # the draft wave
    "wave_close": expect(403, anonymous=LOGIN, **team(DONE)),
    "wave_remind": expect(403, anonymous=LOGIN, **team(DONE)),
    "survey": expect(403, anonymous=LOGIN, coordinator=DONE, **team(DONE)),  # ?org=own
    "tie_create": expect(403, anonymous=LOGIN, **team(DONE)),
    "tie_edit": expect(403, anonymous=LOGIN, **team(DONE)),
}


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("name", sorted(POST_EXPECTED))
def test_every_write_is_done_only_by_who_may_and_a_refusal_changes_nothing(
    world: World, login_as: Login, name: str, persona: str
) -> None:
    client = login_as(world.personas.get(persona))
    wave = world.draft if name == "wave_open" else world.wave
    url = world.url(name, wave)
    if name == "survey":
        url = world.url("survey", org=world.own.pk)
    expected = POST_EXPECTED[name][persona]
    watched = (Wave.objects.all(), Tie.objects.all(), Response.objects.all())
    if expected == DONE:
        response = client.post(url, post_data(world, name))
        assert response.status_code == 302, response.content.decode()[:3000]
        assert not is_login_redirect(response)
    else:
        with unchanged(*watched):
            assert outcome(client.post(url, post_data(world, name))) == expected


# --- Waves ------------------------------------------------------------------------------------------
def test_members_see_the_waves_with_the_headline_figures_of_the_closed_ones(
    world: World, login_as: Login
) -> None:
    client = in_english(login_as(world.personas.representative))
    text = page_text(client.get(world.url("wave_list")))
    assert "T0 · Autunno 2021" in text and "T1 · Primavera 2022" in text
    assert "T2" not in text  # the draft
    assert "Density" in text and "0.455" in text
    assert "New wave" not in text
    assert "Answer the survey" not in text  # a representative does not answer
    assert "Nota riservata" not in text


def test_the_team_sees_the_create_button_and_the_recorded_ties(
    world: World, login_as: Login
) -> None:
    client = in_english(login_as(world.personas.mentor))
    text = page_text(client.get(world.url("wave_list")))
    assert "New wave" in text and "T2" in text
    assert "Nota riservata del mentore" in text
    assert reverse("networks:tie_edit", args=[world.slug, world.recorded.pk]) in (
        client.get(world.url("wave_list")).content.decode()
    )


def test_a_coordinator_is_invited_to_answer_the_open_wave(world: World, login_as: Login) -> None:
    client = in_english(login_as(world.personas.coordinator))
    assert "Answer the survey" in page_text(client.get(world.url("wave_list")))
    assert "Answer the survey" in page_text(client.get(world.url("wave_detail")))
    assert "Answer the survey" not in page_text(client.get(world.url("wave_detail", world.closed)))


def test_the_team_sees_who_answered_and_who_did_not(world: World, login_as: Login) -> None:
    declare(world.wave, world.own, [world.partners[1]])
    client = in_english(login_as(world.personas.facilitator))
    page = client.get(world.url("wave_detail"))
    text = page_text(page)
    assert "1 of 2 organisations answered (50%)." in text
    assert world.other_lead.name in text and "not answered" in text
    assert reverse("networks:wave_remind", args=[world.slug, "T1"]) in page.content.decode()


def test_members_never_see_who_declared_what(world: World, login_as: Login) -> None:
    declare(world.wave, world.other_lead, [world.partners[3]], note="Nota di InCopi")
    for persona in ("representative", "coordinator", "operator", "expert", "monitor"):
        client = in_english(login_as(getattr(world.personas, persona)))
        text = page_text(client.get(world.url("wave_detail")))
        assert "The answers" not in text
        assert world.partners[3].name not in text
        assert "Response rate" not in text


def test_evaluators_see_the_answers_in_full_but_not_the_confidential_notes(
    world: World, login_as: Login
) -> None:
    declare(
        world.wave, world.other_lead, [world.partners[3]], note="Nota segreta di InCopi",
        projects=[world.personas.other_project],
    )  # fmt: skip
    client = in_english(login_as(world.personas.evaluator))
    text = page_text(client.get(world.url("wave_detail")))
    assert "The answers" in text
    assert world.other_lead.name in text and world.partners[3].name in text
    assert "Nota segreta" not in text
    assert "Response rate" not in text  # running the wave is the team's
    team_text = page_text(login_as(world.personas.mentor).get(world.url("wave_detail")))
    assert "Nota segreta di InCopi" in team_text


def test_the_team_creates_opens_reminds_and_closes_a_wave(world: World, login_as: Login) -> None:
    client = in_english(login_as(world.personas.facilitator))
    client.post(world.url("wave_close", world.wave))  # one open wave at a time
    response = client.post(world.url("wave_create"), post_data(world, "wave_create"))
    wave = Wave.objects.get(label="T9")
    assert response["Location"] == wave.get_absolute_url()
    assert wave.status == Wave.Status.DRAFT
    client.post(world.url("wave_open", wave))
    wave.refresh_from_db()
    assert wave.status == Wave.Status.OPEN
    response = client.post(world.url("wave_remind", wave), follow=True)
    assert "Reminder sent to the coordinators of 2 organisations." in page_text(response)
    response = client.post(world.url("wave_remind", wave), follow=True)
    assert "Nobody to remind" in page_text(response)
    client.post(world.url("wave_close", wave))
    wave.refresh_from_db()
    assert wave.status == Wave.Status.CLOSED
    assert client.get(world.url("wave_edit", wave)).status_code == 302  # read-only now


def test_a_wave_form_keeps_what_was_typed_and_says_what_is_wrong(
    world: World, login_as: Login
) -> None:
    client = in_english(login_as(world.personas.facilitator))
    data = {"label": "T1", "title": "Doppione", "opens_on": "31/02/2023", "closes_on": "x"}
    with unchanged(Wave.objects.all()):
        response = client.post(world.url("wave_create"), data)
    assert response.status_code == 400
    text = page_text(response)
    assert "Enter a valid date." in text
    assert 'value="Doppione"' in response.content.decode()
    data = {"label": "T1", "title": "Doppione", "opens_on": "2023-10-01", "closes_on": "2023-09-01"}
    text = page_text(client.post(world.url("wave_create"), data))
    assert "Another wave of this programme already has this label." in text
    assert "The wave cannot close before it opens." in text


def test_opening_a_second_wave_is_refused_with_a_message(world: World, login_as: Login) -> None:
    client = in_english(login_as(world.personas.facilitator))
    with unchanged(Wave.objects.all()):
        response = client.post(world.url("wave_open", world.draft), follow=True)
    assert "Another wave of this programme is open: close it first." in page_text(response)


# --- The answer --------------------------------------------------------------------------------------
def rows_data(rows: list[dict[str, Any]], action: str = "submit", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rows-TOTAL_FORMS": str(len(rows)),
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "100",
        "action": action,
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"rows-{index}-{key}"] = value
    data.update(extra)
    return data


def test_a_coordinator_saves_a_draft_submits_and_edits_until_the_wave_closes(
    world: World, login_as: Login
) -> None:
    client = in_english(login_as(world.personas.coordinator))
    url = world.url("survey")
    page = client.get(url)
    assert page.status_code == 200
    assert "Not answered yet." in page_text(page)
    assert 'name="rows-2-target"' in page.content.decode()  # three empty rows the first time

    rows: list[dict[str, Any]] = [
        {"target": world.partners[1].pk, "kind": "joint_activity", "strength": "3",
         "started_on": "2021-07-01", "projects": world.personas.project.pk, "note": "Sportello"},
        {"target": "", "kind": "", "note": ""},  # an empty row is skipped
    ]  # fmt: skip
    response = client.post(url, rows_data(rows, action="draft"))
    assert response.status_code == 302
    answer = Response.objects.get(wave=world.wave, organisation=world.own)
    assert answer.status == Response.Status.DRAFT
    tie = Tie.objects.get(response=answer)
    assert (tie.target_org, tie.strength, tie.note) == (world.partners[1], 3, "Sportello")
    assert list(tie.projects.all()) == [world.personas.project]

    page = client.get(url)
    assert "Draft saved on" in page_text(page)
    assert "Sportello" in page.content.decode()  # the saved rows come back in the form

    referral = {
        "target": world.other_lead.pk,
        "kind": "referral",
        "direction": "in",
        "strength": "1",
    }
    response = client.post(url, rows_data([*rows[:1], referral]))
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.status == Response.Status.SUBMITTED
    assert "Answer submitted on" in page_text(client.get(url))
    saved = Tie.objects.get(response=answer, kind=TieKind.REFERRAL)
    assert (saved.source_org, saved.target_org) == (world.other_lead, world.own)

    # Edited after submitting: still submitted, the ties replaced.
    client.post(
        url, rows_data([{"target": world.partners[2].pk, "kind": "co_design", "strength": "2"}])
    )
    answer.refresh_from_db()
    assert answer.status == Response.Status.SUBMITTED
    assert list(Tie.objects.filter(response=answer).values_list("target_org", flat=True)) == [
        world.partners[2].pk
    ]

    Wave.objects.filter(pk=world.wave.pk).update(status=Wave.Status.CLOSED)
    with unchanged(Tie.objects.all(), Response.objects.all()):
        assert client.post(url, rows_data([])).status_code == 403
    page = client.get(url)
    assert page.status_code == 200
    assert "This survey is closed" in page_text(page)
    assert world.partners[2].name in page_text(page)
    assert 'name="rows-0-target"' not in page.content.decode()


def test_a_coordinator_cannot_open_another_organisations_answer(
    world: World, login_as: Login
) -> None:
    client = login_as(world.personas.coordinator)
    with unchanged(Tie.objects.all(), Response.objects.all()):
        assert client.get(world.url("survey", org=world.other_lead.pk)).status_code == 403
        assert (
            client.post(world.url("survey", org=world.other_lead.pk), rows_data([])).status_code
            == 403
        )
        assert client.get(world.url("survey", org="abc")).status_code == 403
    other = login_as(world.other_coordinator)
    assert other.get(world.url("survey")).status_code == 200
    assert other.get(world.url("survey", org=world.own.pk)).status_code == 403


def test_the_team_picks_the_organisation_it_answers_for(world: World, login_as: Login) -> None:
    client = in_english(login_as(world.personas.facilitator))
    page = client.get(world.url("survey"))
    assert "Which organisation are you answering for?" in page_text(page)
    assert f"?org={world.other_lead.pk}" in page.content.decode()
    response = client.post(
        world.url("survey", org=world.other_lead.pk),
        rows_data([{"target": world.own.pk, "kind": "information", "strength": "1"}]),
    )
    assert response.status_code == 302
    answer = Response.objects.get(organisation=world.other_lead)
    assert answer.respondent == world.personas.facilitator


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"target": "SELF", "kind": "information", "strength": "2"}, "with itself"),
        ({"target": "OTHER", "kind": "information", "strength": "5"}, "The strength must be 1, 2 or 3."),
        ({"target": "999999", "kind": "information", "strength": "2"}, "not in the list"),
        ({"target": "abc", "kind": "information", "strength": "2"}, "not in the list"),
        ({"target": "OTHER", "kind": "information", "strength": "2", "started_on": "32/13/2021"},
         "Enter a valid date."),
        ({"target": "OTHER", "kind": "gossip", "strength": "2"}, "Select a valid choice"),
        ({"target": "OTHER", "strength": "2", "note": "typed text"}, "Choose what kind of tie it is."),
        ({"target": "OTHER", "kind": "information", "note": "typed text"}, "Choose how strong the tie is."),
        ({"kind": "information", "strength": "2", "note": "typed text"}, "Choose the organisation."),
        ({"target": "OTHER", "kind": "information", "strength": "2", "projects": "999999"},
         "Choose projects of this programme."),
    ],
)  # fmt: skip
def test_wrong_rows_are_refused_with_a_clear_message_and_the_typed_data_kept(
    world: World, login_as: Login, row: dict[str, str], message: str
) -> None:
    row = dict(row)
    if row.get("target") == "SELF":
        row["target"] = str(world.own.pk)
    elif row.get("target") == "OTHER":
        row["target"] = str(world.partners[1].pk)
    row.setdefault("note", "typed text")
    client = in_english(login_as(world.personas.coordinator))
    with unchanged(Tie.objects.all(), Response.objects.all()):
        response = client.post(world.url("survey"), rows_data([row]))
    assert response.status_code == 400
    assert message in page_text(response)
    assert "Your answer was not saved" in page_text(response)
    assert "typed text" in response.content.decode()


def test_a_tampered_form_is_answered_with_a_message_never_an_error(
    world: World, login_as: Login
) -> None:
    client = in_english(login_as(world.personas.coordinator))
    with unchanged(Tie.objects.all(), Response.objects.all()):
        response = client.post(world.url("survey"), {"action": "submit", "rows-TOTAL_FORMS": "x"})
        assert response.status_code == 400
        response = client.post(world.url("survey"), rows_data([], **{"rows-TOTAL_FORMS": "5000"}))
        assert response.status_code in (200, 400)
        response = client.post(world.url("survey"), {"action": "add_row"})
        assert response.status_code == 200


def test_rows_are_added_and_removed_without_javascript_and_nothing_is_saved(
    world: World, login_as: Login
) -> None:
    client = in_english(login_as(world.personas.coordinator))
    rows = [
        {"target": world.partners[1].pk, "kind": "information", "strength": "2", "note": "prima"},
        {"target": world.partners[2].pk, "kind": "information", "strength": "2", "note": "toglimi",
         "DELETE": "on"},
    ]  # fmt: skip
    with unchanged(Tie.objects.all(), Response.objects.all()):
        response = client.post(world.url("survey"), rows_data(rows, action="add_row"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "prima" in html and "toglimi" not in html  # the removed row is gone
    assert 'name="rows-1-target"' in html and 'name="rows-2-target"' not in html
    assert "Your answer was not saved" not in page_text(response)  # no errors on adding a row
    # Saving with a row marked for removal ignores it.
    client.post(world.url("survey"), rows_data(rows))
    declared = Tie.objects.filter(source=TieSource.DECLARED)
    assert list(declared.values_list("note", flat=True)) == ["prima"]


def test_with_htmx_adding_a_row_answers_only_the_rows(world: World, login_as: Login) -> None:
    client = login_as(world.personas.coordinator)
    response = client.post(world.url("survey"), rows_data([], action="add_row"), headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'name="rows-TOTAL_FORMS" value="1"' in html


def test_a_name_typed_without_javascript_finds_the_organisation(
    world: World, login_as: Login
) -> None:
    Organisation.objects.filter(pk=world.other_lead.pk).update(name="Cooperativa Arcobaleno")
    f.make_organisation(name="Arcobaleno Onlus")
    f.make_organisation(name="Arcobaleno APS")
    client = in_english(login_as(world.personas.coordinator))
    row = {"search": "cooperativa arcob", "kind": "information", "strength": "1"}
    response = client.post(world.url("survey"), rows_data([row], action="search"))
    assert response.status_code == 200
    assert f'<option value="{world.other_lead.pk}" selected>' in response.content.decode()
    # Saving with the name typed and no choice: one match is used.
    client.post(world.url("survey"), rows_data([row]))
    assert Tie.objects.get(source=TieSource.DECLARED).target_org == world.other_lead
    # Several matches: choose one; none: add it.
    response = client.post(world.url("survey"), rows_data([dict(row, search="arcobaleno")]))
    assert response.status_code == 400
    assert "3 organisations match “arcobaleno”: choose one in the list." in page_text(response)
    response = client.post(world.url("survey"), rows_data([dict(row, search="zzz")]))
    assert "add it below as an organisation not yet listed" in page_text(response)


def test_the_organisation_search_answers_options_for_a_row(world: World, login_as: Login) -> None:
    Organisation.objects.filter(pk=world.other_lead.pk).update(name="Cooperativa Arcobaleno")
    outside = f.make_organisation(name="Arcobaleno fuori programma")
    client = login_as(world.personas.coordinator)
    url = world.url("org_search") + f"?rows-0-search=arcob&rows-0-target={world.own.pk}"
    html = client.get(url, headers=HTMX).content.decode()
    assert html.index("Cooperativa Arcobaleno") < html.index(outside.name)  # programme first
    assert f'<option value="{world.own.pk}" selected>' in html  # the choice already made stays
    assert "<html" not in html
    everyone = client.get(world.url("org_search")).content.decode()
    assert world.partners[1].name in everyone and outside.name not in everyone


def test_an_organisation_not_yet_listed_is_added_and_gets_a_row(
    world: World, login_as: Login
) -> None:
    town = f.make_municipality(name="Bra")
    client = in_english(login_as(world.personas.coordinator))
    rows = [
        {"target": world.partners[1].pk, "kind": "information", "strength": "2", "note": "tenuta"}
    ]
    data = rows_data(rows, action="add_org", **{
        "neworg-name": "Emporio solidale di Bra", "neworg-municipality": "bra",
        "neworg-kind": "association",
    })  # fmt: skip
    with unchanged(Tie.objects.all(), Response.objects.all()):
        response = client.post(world.url("survey"), data)
    assert response.status_code == 200
    added = Organisation.objects.get(name="Emporio solidale di Bra")
    assert added.municipality == town
    html = response.content.decode()
    assert "tenuta" in html  # the rows typed are kept
    assert f'<option value="{added.pk}" selected>' in html  # and a row is ready for it
    assert "Emporio solidale di Bra is in the list" in page_text(response)


def test_an_organisation_not_yet_listed_needs_a_name_a_type_and_a_known_town(
    world: World, login_as: Login
) -> None:
    client = in_english(login_as(world.personas.coordinator))
    data = rows_data([], action="add_org", **{
        "neworg-name": "Nuovo ente", "neworg-municipality": "Atlantide", "neworg-kind": "",
    })  # fmt: skip
    with unchanged(Organisation.objects.all()):
        response = client.post(world.url("survey"), data)
    assert response.status_code == 400
    text = page_text(response)
    assert "We do not know the municipality “Atlantide”" in text
    assert 'value="Nuovo ente"' in response.content.decode()


# --- Recorded ties ----------------------------------------------------------------------------------
def test_a_mentor_records_and_edits_a_tie(world: World, login_as: Login) -> None:
    client = in_english(login_as(world.personas.mentor))
    data = post_data(world, "tie_create")
    data["projects"] = [world.personas.project.pk, world.personas.other_project.pk]
    response = client.post(world.url("tie_create"), data)
    assert response.status_code == 302
    tie = Tie.objects.get(source=TieSource.RECORDED, source_org=world.partners[2])
    assert tie.recorded_by == world.personas.mentor
    assert set(tie.projects.all()) == {world.personas.project, world.personas.other_project}
    edit = reverse("networks:tie_edit", args=[world.slug, tie.pk])
    data.update(ended_on="2022-12-31", strength="1")
    assert client.post(edit, data).status_code == 302
    tie.refresh_from_db()
    assert (tie.strength, str(tie.ended_on)) == (1, "2022-12-31")


def test_a_recorded_tie_form_explains_its_errors(world: World, login_as: Login) -> None:
    client = in_english(login_as(world.personas.facilitator))
    data = post_data(world, "tie_create")
    data.update(target_org=data["source_org"], started_on="2022-05-01", ended_on="2022-01-01",
                strength="9", note="da tenere")  # fmt: skip
    with unchanged(Tie.objects.all()):
        response = client.post(world.url("tie_create"), data)
    assert response.status_code == 400
    assert "The strength must be 1, 2 or 3." in page_text(response)
    assert "da tenere" in response.content.decode()
    data["strength"] = "2"
    text = page_text(client.post(world.url("tie_create"), data))
    assert "cannot have a tie with itself" in text and "cannot end before it starts" in text


def test_declared_and_observed_ties_are_not_edited_as_recorded_ones(
    world: World, login_as: Login
) -> None:
    answer = declare(world.wave, world.own, [world.partners[1]])
    declared = Tie.objects.get(response=answer)
    client = login_as(world.personas.mentor)
    assert (
        client.get(reverse("networks:tie_edit", args=[world.slug, declared.pk])).status_code == 404
    )


# --- A tie's note, on every page ------------------------------------------------------------------
SECRET = "Nota riservata"


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_a_ties_note_is_hidden_on_every_page_from_who_may_not_read_it(
    world: World, login_as: Login, persona: str
) -> None:
    """The recorded tie and a declared one carry a note about project A: the team and A's
    coordinator (and nobody else: not B's representative, not the evaluators) may read it."""
    declare(world.wave, world.own, [world.partners[1]], note=f"{SECRET} dichiarata",
            projects=[world.personas.project])  # fmt: skip
    client = login_as(world.personas.get(persona))
    urls = [world.url(name) for name in GET_EXPECTED] + [
        world.url("survey", org=world.own.pk),
        world.url("wave_detail", world.closed),
        world.url("org_search") + "?q=a",
    ]
    seen = [url for url in urls if SECRET in client.get(url).content.decode()]
    if persona in TEAM:
        assert seen
    elif persona == "coordinator":  # only their own organisation's answer
        assert seen and all("risposta" in url for url in seen)
    else:
        assert seen == []


# --- Query budgets --------------------------------------------------------------------------------------
def more_data(world: World, count: int = 4) -> Callable[[], None]:
    def build() -> None:
        programme = world.personas.programme
        for index in range(count):
            project = f.make_project(programme=programme, partners=3)
            orgs = f.project_organisations(project)
            make_coordinator(project, orgs[0])
            closed = make_wave(
                programme, label=f"X{index}", status=Wave.Status.CLOSED,
                measures={"organisations": 10, "ties": 20},
            )  # fmt: skip
            declare(closed, orgs[0], orgs[1:], note="n", projects=[project])
            declare(
                world.wave, orgs[0], orgs[1:], note="n", projects=[project, world.personas.project]
            )
            make_tie(programme, orgs[1], orgs[2], note="r", projects=[project])

    return build


@pytest.mark.parametrize("persona", ["representative", "mentor"])
def test_the_wave_list_keeps_its_query_budget(world: World, login_as: Login, persona: str) -> None:
    client = login_as(getattr(world.personas, persona))
    assert_max_queries_stable(client, world.url("wave_list"), more_data(world), budget=12)


@pytest.mark.parametrize("persona", ["representative", "evaluator", "facilitator"])
def test_the_wave_detail_keeps_its_query_budget(
    world: World, login_as: Login, persona: str
) -> None:
    declare(world.wave, world.own, world.partners[1:], projects=[world.personas.project])
    client = login_as(getattr(world.personas, persona))
    assert_max_queries_stable(client, world.url("wave_detail"), more_data(world), budget=15)


def test_the_answer_form_keeps_its_query_budget(world: World, login_as: Login) -> None:
    client = login_as(world.personas.coordinator)
    declare(world.wave, world.own, world.partners[1:], projects=[world.personas.project])

    def more() -> None:
        more_data(world)()
        answer = Response.objects.get(wave=world.wave, organisation=world.own)
        for project in Project.objects.exclude(pk=world.personas.project.pk)[:3]:
            for org in f.project_organisations(project):
                tie = make_tie(world.personas.programme, world.own, org, source=TieSource.DECLARED,
                               response=answer, projects=[project])  # fmt: skip
                assert tie.pk

    assert_max_queries_stable(client, world.url("survey"), more, budget=16)


def test_the_organisation_search_keeps_its_query_budget(world: World, login_as: Login) -> None:
    client = login_as(world.personas.coordinator)
    url = world.url("org_search") + "?q=ente"
    assert_max_queries_stable(client, url, more_data(world), budget=8, headers=HTMX)


def test_an_organisation_typed_in_but_not_added_is_added_before_saving(
    world: World, login_as: Login
) -> None:
    client = in_english(login_as(world.personas.coordinator))
    data = rows_data(
        [{"target": world.partners[1].pk, "kind": "information", "strength": "2"}],
        action="submit",
        **{"neworg-name": "Parrocchia San Rocco", "neworg-kind": "diocesan"},
    )
    with unchanged(Tie.objects.all(), Response.objects.all()):
        response = client.post(world.url("survey"), data)
    assert response.status_code == 200
    assert Organisation.objects.filter(name="Parrocchia San Rocco").exists()


def test_a_private_programmes_surveys_do_not_exist_for_outsiders(
    world: World, login_as: Login
) -> None:
    Programme.objects.filter(pk=world.personas.programme.pk).update(is_public=False)
    outsider = login_as(world.personas.outsider)
    for name in ("wave_list", "wave_detail", "survey", "org_search", "tie_create"):
        assert outsider.get(world.url(name)).status_code == 404, name
    assert login_as(world.personas.representative).get(world.url("wave_list")).status_code == 200


def test_the_search_box_never_sends_the_rows_note(world: World, login_as: Login) -> None:
    html = login_as(world.personas.coordinator).get(world.url("survey")).content.decode()
    assert 'hx-include="#id_rows-0-target"' in html
    assert "closest" not in html
