"""The networks' predicates, persona by persona: who is a member, who runs the waves, who sees
the answers, who answers for which organisation, who records ties, who reads a tie's note."""

from __future__ import annotations

import pytest

from conftest import PERSONA_NAMES, Personas
from tessere.networks import permissions
from tessere.networks.models import Tie, TieSource, Wave
from tessere.registry.models import Organisation, Partnership, Project
from tessere.registry.tests import factories as f

from .factories import declare, make_coordinator, make_tie, make_wave

TEAM = {"programme_admin", "facilitator", "mentor", "superuser"}
NOT_MEMBERS = {"anonymous", "outsider"}
ANSWER_READERS = TEAM | {"evaluator"}


def lead_of(project: Project) -> Organisation:
    return Partnership.objects.get(project=project, role=Partnership.Role.LEAD).organisation


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_every_role_in_the_programme_is_a_member_of_its_network(
    personas: Personas, persona: str
) -> None:
    user = personas.get(persona)
    assert permissions.is_network_member(user, personas.programme) == (persona not in NOT_MEMBERS)
    assert user is None or user.has_perm("networks.is_network_member", personas.programme) == (
        persona not in NOT_MEMBERS
    )


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_the_programme_team_runs_the_waves_and_records_ties(
    personas: Personas, persona: str
) -> None:
    user = personas.get(persona)
    assert permissions.can_manage_waves(user, personas.programme) == (persona in TEAM)
    assert permissions.can_record_tie(user, personas.programme) == (persona in TEAM)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_the_answers_in_full_are_for_the_team_and_the_evaluators(
    personas: Personas, persona: str
) -> None:
    user = personas.get(persona)
    assert permissions.can_see_answers(user, personas.programme) == (persona in ANSWER_READERS)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_a_coordinator_answers_for_their_organisation_while_the_wave_is_open(
    personas: Personas, persona: str
) -> None:
    wave = make_wave(personas.programme)
    own = f.project_organisations(personas.project)[0]  # the coordinator persona's
    user = personas.get(persona)
    allowed = persona == "coordinator" or persona in TEAM
    assert permissions.can_answer_for(user, own, wave) == allowed
    assert permissions.can_answer_wave(user, wave) == allowed


def test_nobody_answers_a_draft_or_closed_wave(personas: Personas) -> None:
    own = f.project_organisations(personas.project)[0]
    for status in (Wave.Status.DRAFT, Wave.Status.CLOSED):
        wave = make_wave(personas.programme, status=status)
        for user in (personas.coordinator, personas.facilitator, personas.superuser):
            assert not permissions.can_answer_for(user, own, wave)
            assert not permissions.can_answer_wave(user, wave)


def test_a_coordinator_cannot_answer_for_another_organisation(personas: Personas) -> None:
    wave = make_wave(personas.programme)
    other_lead = lead_of(personas.other_project)
    other_coordinator = make_coordinator(personas.other_project, other_lead)
    assert not permissions.can_answer_for(personas.coordinator, other_lead, wave)
    assert permissions.can_answer_for(other_coordinator, other_lead, wave)
    own = f.project_organisations(personas.project)[0]
    assert not permissions.can_answer_for(other_coordinator, own, wave)


def test_a_coordinator_in_another_programme_does_not_answer_here(personas: Personas) -> None:
    elsewhere = f.make_project()
    shared = f.project_organisations(personas.project)[1]
    Partnership.objects.create(project=elsewhere, organisation=shared)
    person = make_coordinator(elsewhere, shared)
    wave = make_wave(personas.programme)
    assert not permissions.can_answer_for(person, shared, wave)


def test_the_team_answers_on_behalf_only_of_organisations_taking_part(
    personas: Personas,
) -> None:
    wave = make_wave(personas.programme)
    stranger = f.make_organisation()
    assert permissions.can_answer_for(personas.facilitator, lead_of(personas.other_project), wave)
    assert not permissions.can_answer_for(personas.facilitator, stranger, wave)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_a_ties_note_follows_the_confidentiality_of_its_projects_files(
    personas: Personas, persona: str
) -> None:
    """Project A's file: the team, A's coordinator (and A's lead partner's people)."""
    orgs = f.project_organisations(personas.project)
    tie = make_tie(
        personas.programme, orgs[0], orgs[1], note="riservato", projects=[personas.project]
    )
    user = personas.get(persona)
    assert permissions.can_see_tie_note(user, tie) == (persona in TEAM | {"coordinator"})


def test_a_note_on_a_tie_without_projects_is_for_the_team(personas: Personas) -> None:
    orgs = f.project_organisations(personas.project)
    wave = make_wave(personas.programme)
    declare(wave, orgs[0], [orgs[1]], note="solo per il gruppo")
    tie = Tie.objects.get(source=TieSource.DECLARED)
    assert permissions.can_see_tie_note(personas.mentor, tie)
    assert not permissions.can_see_tie_note(personas.coordinator, tie)
    assert not permissions.can_see_tie_note(personas.evaluator, tie)


def test_the_team_of_another_programme_does_not_read_notes_here(personas: Personas) -> None:
    orgs = f.project_organisations(personas.project)
    tie = make_tie(personas.programme, orgs[0], orgs[1], note="x", projects=[personas.project])
    elsewhere_mentor = f.make_user()
    f.give_programme_role(elsewhere_mentor, f.make_programme(), "mentor")
    assert not permissions.can_see_tie_note(elsewhere_mentor, tie)
    assert not permissions.can_see_tie_note(None, tie)
