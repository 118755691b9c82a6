"""Findings: who may see, record, edit and follow them up; the lost update; the query budget."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from conftest import Personas
from tessere.core.testing import assert_max_queries_stable, is_login_redirect, unchanged
from tessere.mentoring.models import Finding, FindingUpdate
from tessere.mentoring.tests.factories import make_action, make_finding
from tessere.registry.models import Partnership, ProjectRole
from tessere.registry.tests import factories as f

FULL = ["coordinator", "lead", "mentor", "facilitator", "programme_admin", "superuser"]
NONE = [
    "outsider",
    "other_representative",
    "expert",
    "evaluator",
    "narrative",
    "operator",
    "representative",
]
SHARED = ["monitor", "project_manager"]
TEAM = ["mentor", "facilitator", "programme_admin", "superuser"]


def add_lead(personas: Personas) -> Personas:
    """The personas, plus `lead`: an operator of the project's lead partner."""
    lead_org = Partnership.objects.get(
        project=personas.project, role=Partnership.Role.LEAD
    ).organisation
    lead = f.make_user(email="lead@example.test", first_name="Lead")
    f.give_project_role(lead, personas.project, ProjectRole.Role.OPERATOR, lead_org)
    personas.lead = lead  # type: ignore[attr-defined]
    return personas


@pytest.fixture
def world(personas: Personas) -> Personas:
    return add_lead(personas)


def who(world: Personas, name: str) -> Any:
    return world.get(name)


def post_data(**extra: Any) -> dict[str, Any]:
    data = {
        "kind": "critical",
        "area": "governance",
        "title": "Riunioni di partenariato rare",
        "description": "Il partenariato si riunisce poco.",
        "severity": "medium",
        "status": "open",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("name", ["anonymous", *FULL, *NONE, *SHARED])
def test_finding_detail_visibility(world: Personas, login_as: Any, name: str) -> None:
    private = make_finding(world.project, description="Testo riservato")
    shared = make_finding(world.project, shared=True, description="Testo condiviso")
    client = login_as(who(world, name))
    r_private = client.get(private.get_absolute_url())
    r_shared = client.get(shared.get_absolute_url())
    if name == "anonymous":
        assert is_login_redirect(r_private) and is_login_redirect(r_shared)
    elif name in FULL:
        assert r_private.status_code == 200 and "Testo riservato" in r_private.content.decode()
        assert r_shared.status_code == 200
    elif name in SHARED:
        assert r_private.status_code == 404
        assert r_shared.status_code == 200 and "Testo condiviso" in r_shared.content.decode()
    else:
        assert r_private.status_code == 404 and r_shared.status_code == 404


def test_shared_view_hides_the_actions(world: Personas, login_as: Any) -> None:
    finding = make_finding(world.project, shared=True)
    make_action(world.project, world.mentor, finding=finding, description="Azione riservata")
    assert (
        "Azione riservata"
        not in login_as(world.monitor).get(finding.get_absolute_url()).content.decode()
    )
    assert (
        "Azione riservata"
        in login_as(world.mentor).get(finding.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize("name", ["anonymous", *FULL, *NONE, *SHARED])
def test_finding_create_is_for_the_team(world: Personas, login_as: Any, name: str) -> None:
    url = reverse("mentoring:finding_create", args=[world.project.slug])
    client = login_as(who(world, name))
    if name in TEAM:
        assert client.get(url).status_code == 200
        response = client.post(url, post_data())
        assert response.status_code == 302
        finding = Finding.objects.get()
        assert finding.severity == "medium" and finding.created_by == who(world, name)
        return
    with unchanged(Finding.objects.all()):
        response = client.post(url, post_data())
    if name == "anonymous":
        assert is_login_redirect(response)
    elif name in FULL:
        assert response.status_code == 403
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("name", ["anonymous", *FULL, *NONE, *SHARED])
def test_finding_edit_is_for_the_team(world: Personas, login_as: Any, name: str) -> None:
    finding = make_finding(world.project, shared=True)
    url = reverse("mentoring:finding_edit", args=[world.project.slug, finding.pk])
    client = login_as(who(world, name))
    data = post_data(title="Nuovo titolo", version=finding.version)
    if name in TEAM:
        assert client.post(url, data).status_code == 302
        finding.refresh_from_db()
        assert finding.title == "Nuovo titolo" and finding.version == 1
        return
    with unchanged(Finding.objects.all()):
        response = client.post(url, data)
    if name == "anonymous":
        assert is_login_redirect(response)
    elif name in FULL:
        assert response.status_code == 403
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("name", ["anonymous", *FULL, *NONE, *SHARED])
def test_finding_update_is_for_team_and_coordinators(
    world: Personas, login_as: Any, name: str
) -> None:
    finding = make_finding(world.project, shared=True)
    url = reverse("mentoring:finding_update", args=[world.project.slug, finding.pk])
    client = login_as(who(world, name))
    data = {"date": "2022-03-01", "status": "addressing", "note": "Nominato un referente."}
    if name in [*TEAM, "coordinator"]:
        assert client.post(url, data).status_code == 302
        finding.refresh_from_db()
        assert finding.status == "addressing"
        update = FindingUpdate.objects.get()
        assert update.date == dt.date(2022, 3, 1) and update.author == who(world, name)
        return
    with unchanged(Finding.objects.all(), FindingUpdate.objects.all()):
        response = client.post(url, data)
    if name == "anonymous":
        assert is_login_redirect(response)
    elif name in FULL:
        assert response.status_code == 403
    else:
        assert response.status_code == 404


def test_severity_is_required_for_critical_issues_and_refused_otherwise(
    world: Personas, login_as: Any
) -> None:
    client = login_as(world.mentor)
    url = reverse("mentoring:finding_create", args=[world.project.slug])
    with unchanged(Finding.objects.all()):
        assert client.post(url, post_data(severity="")).status_code == 400
        assert client.post(url, post_data(kind="strength", severity="high")).status_code == 400
    assert client.post(url, post_data(kind="strength", severity="")).status_code == 302


def test_timeline_shows_the_updates(world: Personas, login_as: Any) -> None:
    finding = make_finding(world.project)
    client = login_as(world.coordinator)
    url = reverse("mentoring:finding_update", args=[world.project.slug, finding.pk])
    client.post(url, {"date": "2022-01-10", "status": "addressing", "note": "Primo passo"})
    client.post(url, {"date": "2022-05-10", "status": "resolved", "note": "Risolto"})
    page = client.get(finding.get_absolute_url()).content.decode()
    assert page.index("Primo passo") < page.index("Risolto")
    finding.refresh_from_db()
    assert finding.status == "resolved"


def test_personal_data_in_a_description_asks_to_confirm(world: Personas, login_as: Any) -> None:
    client = login_as(world.mentor)
    url = reverse("mentoring:finding_create", args=[world.project.slug])
    text = "Chiamare la signora al 347 123 4567"
    with unchanged(Finding.objects.all()):
        response = client.post(url, post_data(description=text))
    assert response.status_code == 400 and text in response.content.decode()
    assert (
        client.post(url, post_data(description=text, confirm_personal_data="on")).status_code == 302
    )


def test_lost_update_is_refused_and_the_second_keeps_their_text(
    world: Personas, login_as: Any
) -> None:
    finding = make_finding(world.project, title="Originale")
    url = reverse("mentoring:finding_edit", args=[world.project.slug, finding.pk])
    first = login_as(world.mentor)
    assert first.post(url, post_data(title="Prima modifica", version=0)).status_code == 302
    second = login_as(world.facilitator)
    with unchanged(Finding.objects.all()):
        response = second.post(url, post_data(title="Seconda modifica", version=0))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Seconda modifica" in page and "Prima modifica" in page
    assert 'name="version" value="1"' in page
    # Having seen the current version, a deliberate second save goes through.
    assert second.post(url, post_data(title="Seconda modifica", version=1)).status_code == 302
    finding.refresh_from_db()
    assert finding.title == "Seconda modifica" and finding.version == 2


def test_changes_are_in_the_history(world: Personas, login_as: Any) -> None:
    from tessere.core.models import AuditEntry

    client = login_as(world.mentor)
    client.post(reverse("mentoring:finding_create", args=[world.project.slug]), post_data())
    finding = Finding.objects.get()
    client.post(
        reverse("mentoring:finding_edit", args=[world.project.slug, finding.pk]),
        post_data(severity="high", version=0),
    )
    entry = AuditEntry.objects.filter(action="mentoring.finding.updated").get()
    assert entry.actor == world.mentor and entry.data["changes"] == {"severity": ["medium", "high"]}
    assert entry.data["project"] == world.project.pk


def test_finding_detail_query_budget(world: Personas, login_as: Any) -> None:
    finding = make_finding(world.project)
    client = login_as(world.mentor)

    def more() -> None:
        for i in range(5):
            FindingUpdate.objects.create(
                finding=finding,
                date=dt.date(2022, 1, i + 1),
                status="open",
                note="n",
                author=world.coordinator,
            )
            make_action(world.project, world.representative, finding=finding)

    assert_max_queries_stable(client, finding.get_absolute_url(), more, budget=14)
