"""Actions: who may see, create, edit and follow them up; the owner's view; the lost update;
the home page panel; the query budget."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from conftest import Personas
from tessere.core.testing import assert_max_queries_stable, is_login_redirect, unchanged
from tessere.mentoring.models import Action, ActionUpdate
from tessere.mentoring.tests.factories import make_action, make_finding

from .test_findings import FULL, NONE, SHARED, TEAM, add_lead


@pytest.fixture
def world(personas: Personas) -> Personas:
    return add_lead(personas)


def action_data(owner: Any, **extra: Any) -> dict[str, Any]:
    data = {
        "description": "Convocare il tavolo dei partner",
        "owner": owner.pk,
        "due_date": "2030-05-01",
        "status": "open",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("name", ["anonymous", *FULL, *NONE, *SHARED])
def test_action_detail_visibility(world: Personas, login_as: Any, name: str) -> None:
    finding = make_finding(world.project, description="Testo del rilievo riservato")
    action = make_action(
        world.project, world.mentor, finding=finding, description="Azione riservata"
    )
    response = login_as(world.get(name)).get(action.get_absolute_url())
    if name == "anonymous":
        assert is_login_redirect(response)
    elif name in FULL:
        assert response.status_code == 200 and "Azione riservata" in response.content.decode()
    else:  # monitors and the project manager never see actions
        assert response.status_code == 404


@pytest.mark.parametrize("name", ["operator", "representative"])
def test_owner_outside_the_file_sees_their_action_but_not_the_finding(
    world: Personas, login_as: Any, name: str
) -> None:
    finding = make_finding(
        world.project, title="Titolo riservato", description="Testo del rilievo riservato"
    )
    owner = world.get(name)
    action = make_action(world.project, owner, finding=finding, description="La mia azione")
    other = make_action(world.project, world.mentor, description="Azione altrui")
    client = login_as(owner)
    page = client.get(action.get_absolute_url()).content.decode()
    assert "La mia azione" in page
    assert "Titolo riservato" not in page and "Testo del rilievo riservato" not in page
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(finding.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("name", ["anonymous", *FULL, *NONE, *SHARED])
def test_action_create_is_for_the_team(world: Personas, login_as: Any, name: str) -> None:
    url = reverse("mentoring:action_create", args=[world.project.slug])
    client = login_as(world.get(name))
    if name in TEAM:
        assert client.get(url).status_code == 200
        assert client.post(url, action_data(world.operator)).status_code == 302
        action = Action.objects.get()
        assert action.owner == world.operator and action.due_reminder_sent_at is None
        return
    with unchanged(Action.objects.all()):
        response = client.post(url, action_data(world.operator))
    if name == "anonymous":
        assert is_login_redirect(response)
    elif name in FULL:
        assert response.status_code == 403
    else:
        assert response.status_code == 404


def test_owner_must_be_of_the_project_or_the_team(world: Personas, login_as: Any) -> None:
    client = login_as(world.mentor)
    url = reverse("mentoring:action_create", args=[world.project.slug])
    with unchanged(Action.objects.all()):
        for stranger in (world.other_representative, world.outsider, world.monitor):
            assert client.post(url, action_data(stranger)).status_code == 400
    assert client.post(url, action_data(world.facilitator)).status_code == 302


def test_a_finding_of_another_project_cannot_be_linked(world: Personas, login_as: Any) -> None:
    foreign = make_finding(world.other_project)
    client = login_as(world.mentor)
    with unchanged(Action.objects.all()):
        response = client.post(
            reverse("mentoring:action_create", args=[world.project.slug]),
            action_data(world.operator, finding=foreign.pk),
        )
    assert response.status_code == 400


@pytest.mark.parametrize("name", ["anonymous", *FULL, *NONE, *SHARED, "owner"])
def test_action_edit_is_for_the_team(world: Personas, login_as: Any, name: str) -> None:
    action = make_action(world.project, world.operator)
    url = reverse("mentoring:action_edit", args=[world.project.slug, action.pk])
    user = world.operator if name == "owner" else world.get(name)
    client = login_as(user)
    data = action_data(world.operator, description="Modificata", version=0)
    if name in TEAM:
        assert client.post(url, data).status_code == 302
        action.refresh_from_db()
        assert action.description == "Modificata"
        return
    with unchanged(Action.objects.all()):
        response = client.post(url, data)
    if name == "anonymous":
        assert is_login_redirect(response)
    elif name in FULL or name == "owner" or name == "operator":
        assert response.status_code == 403  # they see the action, not its form
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("name", ["anonymous", *FULL, *NONE, *SHARED])
def test_action_update_is_for_owner_team_and_coordinators(
    world: Personas, login_as: Any, name: str
) -> None:
    action = make_action(world.project, world.representative)
    url = reverse("mentoring:action_update", args=[world.project.slug, action.pk])
    client = login_as(world.get(name))
    data = {"date": "2022-02-02", "status": "in_progress", "note": "Avviato"}
    allowed = [*TEAM, "coordinator", "representative"]
    if name in allowed:
        assert client.post(url, data).status_code == 302
        action.refresh_from_db()
        assert action.status == "in_progress" and ActionUpdate.objects.get().author == world.get(
            name
        )
        return
    with unchanged(Action.objects.all(), ActionUpdate.objects.all()):
        response = client.post(url, data)
    if name == "anonymous":
        assert is_login_redirect(response)
    elif name == "lead":
        assert response.status_code == 403
    else:
        assert response.status_code == 404


def test_owner_marks_done_with_a_note_in_one_step(world: Personas, login_as: Any) -> None:
    action = make_action(world.project, world.operator)
    client = login_as(world.operator)
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Mark done" in page or "Segna come fatta" in page or 'value="done"' in page
    response = client.post(
        reverse("mentoring:action_update", args=[world.project.slug, action.pk]),
        {"status": "done", "note": "Fatto"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.done_at is not None and action.version == 1
    update = ActionUpdate.objects.get()
    assert update.note == "Fatto" and update.date == dt.date.today()
    # Reopening clears the completion time.
    client.post(
        reverse("mentoring:action_update", args=[world.project.slug, action.pk]),
        {"status": "open", "note": ""},
    )
    action.refresh_from_db()
    assert action.done_at is None


def test_lost_update_on_an_action(world: Personas, login_as: Any) -> None:
    action = make_action(world.project, world.operator, description="Originale")
    url = reverse("mentoring:action_edit", args=[world.project.slug, action.pk])
    assert (
        login_as(world.mentor)
        .post(url, action_data(world.operator, description="Prima", version=0))
        .status_code
        == 302
    )
    second = login_as(world.facilitator)
    with unchanged(Action.objects.all()):
        response = second.post(url, action_data(world.operator, description="Seconda", version=0))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Seconda" in page and "Prima" in page
    action.refresh_from_db()
    assert action.description == "Prima"


def test_a_follow_up_note_makes_an_open_edit_stale(world: Personas, login_as: Any) -> None:
    action = make_action(world.project, world.operator)
    login_as(world.operator).post(
        reverse("mentoring:action_update", args=[world.project.slug, action.pk]),
        {"status": "done", "note": "Fatto"},
    )
    url = reverse("mentoring:action_edit", args=[world.project.slug, action.pk])
    with unchanged(Action.objects.all()):
        response = login_as(world.mentor).post(
            url, action_data(world.operator, status="open", version=0)
        )
    assert response.status_code == 400


def test_owners_see_their_open_actions_on_their_home_page(world: Personas, login_as: Any) -> None:
    make_action(world.project, world.operator, description="Azione aperta")
    make_action(world.project, world.operator, description="Azione chiusa", status="done")
    make_action(world.project, world.mentor, description="Azione di altri")
    page = login_as(world.operator).get(reverse("registry:me")).content.decode()
    assert "Azione aperta" in page
    assert "Azione chiusa" not in page and "Azione di altri" not in page


def test_action_detail_query_budget(world: Personas, login_as: Any) -> None:
    finding = make_finding(world.project)
    action = make_action(world.project, world.operator, finding=finding)
    client = login_as(world.mentor)

    def more() -> None:
        for i in range(5):
            ActionUpdate.objects.create(
                action=action,
                date=dt.date(2022, 1, i + 1),
                status="open",
                note="n",
                author=world.coordinator,
            )

    assert_max_queries_stable(client, action.get_absolute_url(), more, budget=12)
    assert_max_queries_stable(login_as(world.operator), action.get_absolute_url(), more, budget=12)
