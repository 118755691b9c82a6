"""The capacity rubric of the lead partner: the page over time, a new assessment, the service,
the include on the file page; who may see and who may write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import PERSONA_NAMES, Personas
from tessere.accounts.models import User
from tessere.core.models import AuditEntry
from tessere.core.testing import (
    assert_max_queries_stable,
    in_english,
    is_login_redirect,
    page_text,
    unchanged,
)
from tessere.mentoring import queries
from tessere.mentoring.models import CapacityAssessment
from tessere.mentoring.services.capacity import ASSESSED, record_assessment
from tessere.mentoring.tests.factories import make_assessment, make_session
from tessere.registry.models import Partnership, ProjectRole
from tessere.registry.tests import factories as f

LoginAs = Callable[[User | None], Client]

# The whole file: the programme team, the project's coordinators (and the lead partner's people).
FILE_READERS = {"coordinator", "programme_admin", "facilitator", "mentor", "superuser"}
# Write assessments: the programme team.
FILE_MANAGERS = {"programme_admin", "facilitator", "mentor", "superuser"}


def _expected_view(name: str) -> int:
    if name == "anonymous":
        return 302
    return 200 if name in FILE_READERS else 404


def _expected_create(name: str) -> int:
    if name == "anonymous":
        return 302
    if name in FILE_MANAGERS:
        return 200
    return 403 if name in FILE_READERS else 404


def _post(**overrides: Any) -> dict[str, Any]:
    data = {"date": "2022-03-10", "organise": "2", "monitor": "3", "mechanisms": "1", "comment": ""}
    data.update(overrides)
    return data


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_capacity_page_matrix(personas: Personas, login_as: LoginAs, name: str) -> None:
    make_assessment(personas.project, date=dt.date(2021, 5, 3), organise=1, monitor=2, mechanisms=1)
    client = login_as(personas.get(name))
    response = client.get(reverse("mentoring:capacity", args=[personas.project.slug]))
    assert response.status_code == _expected_view(name)
    if name == "anonymous":
        assert is_login_redirect(response)


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_assessment_create_matrix(personas: Personas, login_as: LoginAs, name: str) -> None:
    url = reverse("mentoring:assessment_create", args=[personas.project.slug])
    client = login_as(personas.get(name))
    assert client.get(url).status_code == _expected_create(name)
    with unchanged(CapacityAssessment.objects.all()) if name not in FILE_MANAGERS else _noop():
        response = client.post(url, _post())
    if name in FILE_MANAGERS:
        assert response.status_code == 302
        assert CapacityAssessment.objects.filter(project=personas.project).count() == 1
    else:
        assert response.status_code == _expected_create(name)


class _noop:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None


def test_people_of_the_lead_partner_read_the_file_but_do_not_score(
    personas: Personas, login_as: LoginAs
) -> None:
    lead = Partnership.objects.get(project=personas.project, role=Partnership.Role.LEAD)
    person = f.make_user(email="lead@example.test")
    f.give_project_role(person, personas.project, ProjectRole.Role.OPERATOR, lead.organisation)
    client = login_as(person)
    assert (
        client.get(reverse("mentoring:capacity", args=[personas.project.slug])).status_code == 200
    )
    url = reverse("mentoring:assessment_create", args=[personas.project.slug])
    assert client.get(url).status_code == 403


def test_another_projects_file_is_a_404_for_its_mentor_free_coordinator(
    personas: Personas, login_as: LoginAs
) -> None:
    client = login_as(personas.coordinator)
    url = reverse("mentoring:capacity", args=[personas.other_project.slug])
    assert client.get(url).status_code == 404


def test_unknown_project_is_a_404(personas: Personas, login_as: LoginAs) -> None:
    client = login_as(personas.mentor)
    assert client.get(reverse("mentoring:capacity", args=["nope"])).status_code == 404


# --- Recording an assessment ------------------------------------------------------------------
def test_mentor_records_an_assessment_with_session_and_history(
    personas: Personas, login_as: LoginAs
) -> None:
    session = make_session(personas.project)
    client = in_english(login_as(personas.mentor))
    url = reverse("mentoring:assessment_create", args=[personas.project.slug])
    page = client.get(url)
    text = page_text(page)
    # The radio buttons show every descriptor.
    assert "Il capofila convoca i partner solo per adempimenti formali" in text
    assert page.content.decode().count('type="radio"') == 12
    response = client.post(url, _post(session=str(session.pk), comment="Primo incontro."))
    assert response.status_code == 302
    assert response["Location"] == reverse("mentoring:capacity", args=[personas.project.slug])
    assessment = CapacityAssessment.objects.get()
    assert (assessment.organise, assessment.monitor, assessment.mechanisms) == (2, 3, 1)
    assert assessment.session == session
    assert assessment.assessed_by == personas.mentor
    assert assessment.date == dt.date(2022, 3, 10)
    assert AuditEntry.objects.filter(action=ASSESSED, actor=personas.mentor).exists()


@pytest.mark.parametrize("bad", ["0", "5", "text", "", "2.5", "-1"])
@pytest.mark.parametrize("key", ["organise", "monitor", "mechanisms"])
def test_invalid_scores_are_refused_with_a_clear_message(
    personas: Personas, login_as: LoginAs, bad: str, key: str
) -> None:
    client = in_english(login_as(personas.mentor))
    url = reverse("mentoring:assessment_create", args=[personas.project.slug])
    with unchanged(CapacityAssessment.objects.all()):
        response = client.post(url, _post(**{key: bad}))
    assert response.status_code == 400
    assert "Choose a score from 1 to 4." in page_text(response)
    assert response.context["form"].errors[key] == ["Choose a score from 1 to 4."]


def test_a_session_of_another_project_is_refused(personas: Personas, login_as: LoginAs) -> None:
    other_session = make_session(personas.other_project)
    client = in_english(login_as(personas.mentor))
    url = reverse("mentoring:assessment_create", args=[personas.project.slug])
    with unchanged(CapacityAssessment.objects.all()):
        response = client.post(url, _post(session=str(other_session.pk)))
    assert response.status_code == 400
    assert "session" in response.context["form"].errors


def test_missing_date_is_refused(personas: Personas, login_as: LoginAs) -> None:
    client = in_english(login_as(personas.mentor))
    url = reverse("mentoring:assessment_create", args=[personas.project.slug])
    response = client.post(url, _post(date=""))
    assert response.status_code == 400
    assert "Give the date of the assessment." in page_text(response)


@pytest.mark.parametrize("bad", [0, 5, "x", None, True, 2.5])
def test_service_refuses_scores_outside_1_to_4(personas: Personas, bad: Any) -> None:
    data = {"date": dt.date(2022, 1, 1), "organise": bad, "monitor": 2, "mechanisms": 2}
    with pytest.raises(ValidationError) as exc:
        record_assessment(project=personas.project, data=data, by=personas.mentor)
    assert "organise" in exc.value.message_dict
    assert not CapacityAssessment.objects.exists()


def test_service_refuses_a_session_of_another_project(personas: Personas) -> None:
    data = {
        "date": dt.date(2022, 1, 1),
        "organise": 2,
        "monitor": 2,
        "mechanisms": 2,
        "session": make_session(personas.other_project),
    }
    with pytest.raises(ValidationError) as exc:
        record_assessment(project=personas.project, data=data, by=personas.mentor)
    assert "session" in exc.value.message_dict


def test_service_refuses_unknown_fields(personas: Personas) -> None:
    data = {"date": dt.date(2022, 1, 1), "organise": 2, "monitor": 2, "mechanisms": 2, "project": 1}
    with pytest.raises(ValueError):
        record_assessment(project=personas.project, data=data, by=personas.mentor)


# --- The chart and the change ------------------------------------------------------------------
def test_chart_data_over_two_dates_and_the_change(personas: Personas, login_as: LoginAs) -> None:
    make_assessment(
        personas.project, date=dt.date(2022, 9, 20), organise=3, monitor=2, mechanisms=1
    )
    make_assessment(
        personas.project, date=dt.date(2021, 4, 12), organise=1, monitor=2, mechanisms=3
    )
    make_assessment(
        personas.other_project, date=dt.date(2021, 4, 12), organise=4, monitor=4, mechanisms=4
    )
    client = in_english(login_as(personas.mentor))
    response = client.get(reverse("mentoring:capacity", args=[personas.project.slug]))
    capacity = response.context["capacity"]
    assert [a.date for a in capacity.assessments] == [dt.date(2021, 4, 12), dt.date(2022, 9, 20)]
    by_key = {s.key: s for s in capacity.series}
    assert [p.score for p in by_key["organise"].points] == [1, 3]
    assert [p.score for p in by_key["monitor"].points] == [2, 2]
    assert [p.score for p in by_key["mechanisms"].points] == [3, 1]
    assert by_key["organise"].change.delta == 2
    assert by_key["organise"].change.direction == "up"
    assert by_key["monitor"].change.direction == "same"
    assert by_key["mechanisms"].change.delta == -2
    assert capacity.total.delta == 0
    # Points run left to right in date order; a higher score sits higher (smaller y).
    organise = by_key["organise"].points
    assert organise[0].x < organise[1].x
    assert organise[1].y < organise[0].y
    text = page_text(response)
    assert "up by 2 points" in text
    assert "down by 2 points" in text
    assert "unchanged" in text
    html = response.content.decode()
    assert "<svg" in html and 'aria-hidden="true"' in html
    assert "<caption>" in html and 'scope="row"' in html and 'scope="col"' in html
    assert " style=" not in html and "<style" not in html
    # The chart's numbers stay in SVG syntax whatever the language (no decimal commas).
    assert f'points="{by_key["organise"].polyline}"' in html


def test_chart_in_italian_keeps_dots_in_coordinates(personas: Personas, login_as: LoginAs) -> None:
    make_assessment(
        personas.project, date=dt.date(2021, 4, 12), organise=1, monitor=2, mechanisms=3
    )
    make_assessment(personas.project, date=dt.date(2021, 7, 1), organise=2, monitor=2, mechanisms=3)
    client = login_as(personas.mentor)
    client.cookies["django_language"] = "it"
    response = client.get(reverse("mentoring:capacity", args=[personas.project.slug]))
    series = response.context["capacity"].series[0]
    assert f'points="{series.polyline}"' in response.content.decode()


def test_one_assessment_has_no_change_yet(personas: Personas) -> None:
    make_assessment(
        personas.project, date=dt.date(2021, 4, 12), organise=1, monitor=2, mechanisms=3
    )
    capacity = queries.capacity_context(personas.project)["capacity"]
    assert all(s.change.delta is None and s.change.direction == "" for s in capacity.series)
    assert capacity.series[0].polyline.count(",") == 1


def test_summary_include_renders_with_no_assessment(personas: Personas) -> None:
    context = queries.capacity_context(personas.project)
    assert not context["capacity"]
    with translation.override("en"):
        html = render_to_string("mentoring/includes/capacity_summary.html", context)
    assert "No assessment yet" in html
    assert "<svg" not in html
    # And with an empty list in place of the summary.
    html = render_to_string(
        "mentoring/includes/capacity_summary.html", {"project": personas.project, "capacity": []}
    )
    assert "<svg" not in html


def test_summary_include_renders_the_chart_and_table(personas: Personas) -> None:
    make_assessment(
        personas.project, date=dt.date(2021, 4, 12), organise=1, monitor=2, mechanisms=3
    )
    make_assessment(
        personas.project, date=dt.date(2022, 4, 12), organise=2, monitor=2, mechanisms=3
    )
    context = {**queries.capacity_context(personas.project), "can_manage": True}
    html = render_to_string("mentoring/includes/capacity_summary.html", context)
    assert "<svg" in html and "<table" in html
    assert reverse("mentoring:assessment_create", args=[personas.project.slug]) in html


def test_capacity_page_query_budget(personas: Personas, login_as: LoginAs) -> None:
    make_assessment(
        personas.project, date=dt.date(2021, 4, 12), organise=1, monitor=2, mechanisms=3
    )
    client = login_as(personas.mentor)

    def more() -> None:
        for month in range(1, 9):
            make_assessment(
                personas.project,
                date=dt.date(2022, month, 1),
                organise=(month % 4) + 1,
                monitor=2,
                mechanisms=3,
                session=make_session(personas.project),
            )

    assert_max_queries_stable(
        client, reverse("mentoring:capacity", args=[personas.project.slug]), more, budget=10
    )
