"""The project's mentoring file: who sees all of it, who the shared part, who nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tessere.core.testing import HTMX, assert_max_queries_stable, is_login_redirect
from tessere.mentoring.services.history import record_change
from tessere.registry.models import Partnership, ProjectRole
from tessere.registry.tests import factories as rf

from .factories import make_action, make_assessment, make_finding, make_session

SECRET = "Segreto-delle-note-42"
SHARED = "Sintesi-condivisa-col-monitoraggio"

FULL = ["coordinator", "programme_admin", "facilitator", "mentor", "superuser"]
SHARED_ONLY = ["monitor", "project_manager"]
NOTHING = ["outsider", "other_representative", "expert", "evaluator", "representative", "operator"]


def lead_person(project):
    lead = Partnership.objects.get(project=project, role=Partnership.Role.LEAD).organisation
    person = rf.make_user()
    rf.give_project_role(person, project, ProjectRole.Role.OPERATOR, lead)
    return person


@pytest.fixture
def file_data(personas):
    project = personas.project
    shared = make_session(
        project, notes=SECRET, monitoring_summary=SHARED, mentors=[personas.mentor]
    )
    private = make_session(project, notes=SECRET + " privata")
    make_finding(project, title="Rilievo-condiviso", shared=True, session=shared)
    make_finding(project, title="Rilievo-riservato", description=SECRET)
    make_action(
        project,
        personas.coordinator,
        description="Azione-scaduta",
        due_date=timezone.localdate() - dt.timedelta(days=3),
    )
    make_assessment(project, date=dt.date(2021, 6, 1), organise=2, monitor=1, mechanisms=2)
    return {"shared": shared, "private": private}


def url(personas) -> str:
    return reverse("mentoring:project_file", args=[personas.project.slug])


def test_anonymous_is_sent_to_login(personas, file_data, client) -> None:
    assert is_login_redirect(client.get(url(personas)))


@pytest.mark.parametrize("name", NOTHING)
def test_people_outside_the_file_get_404(personas, file_data, login_as, name) -> None:
    client = login_as(personas.get(name))
    assert client.get(url(personas)).status_code == 404
    assert client.get(url(personas), headers=HTMX).status_code == 404


@pytest.mark.parametrize("name", FULL)
def test_team_and_coordinators_see_the_whole_file(personas, file_data, login_as, name) -> None:
    response = login_as(personas.get(name)).get(url(personas))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Rilievo-riservato" in body and "Rilievo-condiviso" in body
    assert "Azione-scaduta" in body
    assert file_data["private"].get_absolute_url() in body


def test_lead_partner_people_see_the_whole_file(personas, file_data, login_as) -> None:
    response = login_as(lead_person(personas.project)).get(url(personas))
    assert response.status_code == 200
    assert "Rilievo-riservato" in response.content.decode()


@pytest.mark.parametrize("name", SHARED_ONLY)
def test_monitors_see_only_the_shared_part(personas, file_data, login_as, name) -> None:
    client = login_as(personas.get(name))
    for response in [
        client.get(url(personas)),
        client.get(url(personas), headers=HTMX),
        client.get(url(personas) + "?kind=critical", headers=HTMX),
    ]:
        assert response.status_code == 200
        body = response.content.decode()
        assert SECRET not in body
        assert "Rilievo-riservato" not in body
        assert "Rilievo-condiviso" in body
        assert "Azione-scaduta" not in body
        assert file_data["private"].get_absolute_url() not in body
    assert SHARED in client.get(url(personas)).content.decode()


def test_findings_filter_by_kind_as_htmx_fragment(personas, file_data, login_as) -> None:
    make_finding(personas.project, kind="strength", title="Punto-di-forza")
    response = login_as(personas.mentor).get(url(personas) + "?kind=strength", headers=HTMX)
    body = response.content.decode()
    assert "Punto-di-forza" in body and "Rilievo-riservato" not in body
    assert "<html" not in body


def test_overdue_actions_are_flagged(personas, file_data, login_as) -> None:
    body = login_as(personas.mentor).get(url(personas)).content.decode()
    assert "text-danger" in body


def test_project_file_query_budget(personas, file_data, login_as) -> None:
    client = login_as(personas.mentor)
    project = personas.project

    def more() -> None:
        for _ in range(4):
            s = make_session(
                project, mentors=[personas.mentor, personas.facilitator], monitoring_summary="x"
            )
            make_finding(project, session=s)
            make_action(project, personas.coordinator, session=s)
            make_assessment(project, date=dt.date(2022, 1, 1), organise=3, monitor=3, mechanisms=3)

    assert_max_queries_stable(client, url(personas), more, budget=20)


def test_project_file_query_budget_for_monitors(personas, file_data, login_as) -> None:
    client = login_as(personas.monitor)

    def more() -> None:
        for _ in range(4):
            make_session(personas.project, monitoring_summary="y", mentors=[personas.mentor])
            make_finding(personas.project, shared=True)

    assert_max_queries_stable(client, url(personas), more, budget=16)


# --- History -------------------------------------------------------------------------------------
def history_url(personas) -> str:
    return reverse("mentoring:history", args=[personas.project.slug])


@pytest.mark.parametrize("name", ["programme_admin", "facilitator", "mentor", "superuser"])
def test_team_reads_the_history(personas, file_data, login_as, name) -> None:
    session = file_data["shared"]
    record_change(
        session, "mentoring.session.updated", personas.mentor, {"notes": "prima"}, {"notes": "dopo"}
    )
    response = login_as(personas.get(name)).get(history_url(personas))
    assert response.status_code == 200
    body = response.content.decode()
    assert "prima" in body and "dopo" in body and personas.mentor.display_name in body


@pytest.mark.parametrize("name", ["coordinator", "monitor", "project_manager"])
def test_history_is_refused_to_others_who_know_the_file(
    personas, file_data, login_as, name
) -> None:
    assert login_as(personas.get(name)).get(history_url(personas)).status_code == 403


@pytest.mark.parametrize("name", NOTHING)
def test_history_is_404_for_people_outside(personas, file_data, login_as, name) -> None:
    assert login_as(personas.get(name)).get(history_url(personas)).status_code == 404


def test_history_anonymous_is_sent_to_login(personas, client) -> None:
    assert is_login_redirect(client.get(history_url(personas)))


def test_history_query_budget(personas, file_data, login_as) -> None:
    client = login_as(personas.mentor)

    def more() -> None:
        for i in range(10):
            person = rf.make_user()
            record_change(
                file_data["shared"],
                "mentoring.session.updated",
                person,
                {"notes": str(i)},
                {"notes": str(i + 1)},
            )

    record_change(
        file_data["shared"], "mentoring.session.created", personas.mentor, {}, {"notes": "a"}
    )
    assert_max_queries_stable(client, history_url(personas), more, budget=12)
