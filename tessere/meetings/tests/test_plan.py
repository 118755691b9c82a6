"""The meeting plan on the programme page: targets, statuses, the timeline, attendance by project."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from conftest import Personas
from tessere.core.testing import assert_max_queries_stable, in_english, page_text
from tessere.meetings.queries import meeting_plan
from tessere.registry.tests import factories as f

from .factories import make_meeting, make_registration
from .meeting_helpers import CHECKED, MEMBERS, TEAM, LoginAs, ended_meeting, rome

pytestmark = pytest.mark.django_db


def programme_url(personas: Personas) -> str:
    return reverse("registry:programme_detail", args=[personas.programme.slug])


def lines(plan: dict[str, object]) -> dict[str, dict[str, int]]:
    return {
        line.key: {
            "target": line.target,
            "held": line.held,
            "confirmed": line.confirmed,
            "planned": line.planned,
            "cancelled": line.cancelled,
            "missing": line.missing,
        }
        for line in plan["lines"]  # type: ignore[attr-defined]
    }


def test_plan_counts_meetings_against_the_targets(personas: Personas) -> None:
    p = personas.programme
    make_meeting(p, format="in_person", length="day", status="held", start=rome(2021, 6, 10))
    make_meeting(p, format="hybrid", length="day", status="confirmed", start=rome(2022, 5, 12))
    make_meeting(p, status="held", start=rome(2021, 9, 20))
    make_meeting(p, status="held", start=rome(2021, 11, 15))
    make_meeting(p, status="confirmed", start=rome(2022, 1, 17))
    make_meeting(p, status="planned", start=rome(2022, 3, 14))
    make_meeting(p, status="cancelled", start=rome(2022, 2, 14))
    make_meeting(p, length="day", status="planned", start=rome(2022, 4, 4))  # online day: 2 halves
    make_meeting(p, format="in_person", length="half_day", status="planned", start=rome(2022, 6, 6))
    plan = meeting_plan(personas.programme_admin, p)
    assert lines(plan) == {
        "in_person": {
            "target": 2,
            "held": 1,
            "confirmed": 1,
            "planned": 0,
            "cancelled": 0,
            "missing": 0,
        },
        "online": {
            "target": 8,
            "held": 2,
            "confirmed": 1,
            "planned": 3,
            "cancelled": 1,
            "missing": 2,
        },
    }
    assert len(plan["others"]) == 1
    online = plan["lines"][1]
    assert online.slots == [
        "held",
        "held",
        "confirmed",
        "planned",
        "planned",
        "planned",
        "missing",
        "missing",
    ]


def test_targets_are_programme_settings(personas: Personas) -> None:
    p = personas.programme
    p.target_in_person_days, p.target_online_half_days = 3, 4
    p.save()
    make_meeting(p, status="planned", start=rome(2022, 1, 17))
    plan = meeting_plan(None, p)
    assert lines(plan)["in_person"]["missing"] == 3
    assert lines(plan)["online"]["missing"] == 3


def test_the_plan_on_the_programme_page(personas: Personas, login_as: LoginAs) -> None:
    p = personas.programme
    held = ended_meeting(p, title="Primo incontro online")
    held.start, held.end = rome(2021, 9, 20, 9, 30), rome(2021, 9, 20, 13, 30)
    held.status = "held"
    held.save()
    for user in (personas.representative, personas.other_representative):
        registration = make_registration(held, user)
        registration.attended = True
        registration.save()
    make_meeting(
        p,
        title="Giornata a Torino",
        format="in_person",
        length="day",
        status="confirmed",
        start=rome(2022, 5, 12),
    )
    response = in_english(login_as(None)).get(programme_url(personas))
    text = page_text(response)
    assert "Meeting plan" in text
    assert "In-person days: 2" in text and "Online half-days: 8" in text
    assert "7 still to plan" in text and "1 still to plan" in text
    table = re.search(
        r'<table class="table plan-meetings">.*?</table>', response.content.decode(), re.S
    )
    assert table is not None
    rows = re.findall(r"<tr>.*?</tr>", table.group(0), re.S)[1:]
    row_texts = [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in rows]
    assert row_texts[0].startswith("20/09/2021 Primo incontro online")
    assert "held" in row_texts[0] and "2" in row_texts[0] and "InCopi, Ubuntu" in row_texts[0]
    assert row_texts[1].startswith("12/05/2022 Giornata a Torino")
    assert "Attendance by project" in text


def test_the_timeline_draws_with_attributes_and_classes_only(
    personas: Personas, login_as: LoginAs
) -> None:
    p = personas.programme
    make_meeting(p, status="held", start=rome(2021, 5, 13))
    make_meeting(p, format="in_person", length="day", status="planned", start=rome(2022, 10, 31))
    make_meeting(p, status="planned", start=rome(2030, 1, 10), title="Dopo il programma")
    body = in_english(login_as(None)).get(programme_url(personas)).content.decode()
    svg = re.search(r'<svg class="plan-timeline".*?</svg>', body, re.S)
    assert svg is not None
    assert "style=" not in svg.group(0)
    assert 'cx="0.0"' in svg.group(0)  # the first day of the programme
    assert 'class="tl-marker tl-held"' in svg.group(0)
    assert 'x="994.0"' in svg.group(0)  # a square centred on the last day (1000)
    assert "after the programme" in page_text(
        in_english(login_as(None)).get(programme_url(personas))
    )


def test_private_meetings_count_only_for_members(personas: Personas, login_as: LoginAs) -> None:
    make_meeting(personas.programme, is_public=False, title="Riservato", start=rome(2022, 1, 17))
    for persona in CHECKED:
        text = page_text(login_as(personas.get(persona)).get(programme_url(personas)))
        assert ("Riservato" in text) == (persona in MEMBERS), persona


def test_new_meeting_from_the_plan_for_the_team(personas: Personas, login_as: LoginAs) -> None:
    create = reverse("meetings:meeting_create", args=[personas.programme.slug])
    for persona in CHECKED:
        body = login_as(personas.get(persona)).get(programme_url(personas)).content.decode()
        assert (create in body) == (persona in TEAM), persona


def test_projects_never_present_are_pointed_out(personas: Personas, login_as: LoginAs) -> None:
    meeting = ended_meeting(personas.programme)
    registration = make_registration(meeting, personas.representative)
    registration.attended = True
    registration.save()
    plan = meeting_plan(None, personas.programme)
    assert [p.acronym for p in plan["never_present"]] == ["InCopi"]
    assert "never present" in page_text(in_english(login_as(None)).get(programme_url(personas)))


def test_team_sees_meetings_waiting_to_be_closed(personas: Personas, login_as: LoginAs) -> None:
    ended_meeting(personas.programme)
    text = page_text(in_english(login_as(personas.facilitator)).get(programme_url(personas)))
    assert "1 meeting is over but not closed yet" in text
    text = page_text(in_english(login_as(personas.representative)).get(programme_url(personas)))
    assert "not closed yet" not in text


# Programme page with the plan: 16 queries for the registry's part; the plan adds 1 (its
# meetings), and 2 more (attendees' projects and organisations, the programme's projects)
# once someone attended a meeting.
PROGRAMME_PAGE_WITH_PLAN = 16 + 3


def test_programme_page_query_budget_with_the_plan(personas: Personas, login_as: LoginAs) -> None:
    p = personas.programme
    rounds = 0

    def grow(n: int = 1) -> None:
        nonlocal rounds
        for _ in range(n):
            rounds += 1
            project = f.make_project(programme=p, partners=2)
            person = f.make_user()
            f.give_project_role(person, project, "representative")
            meeting = ended_meeting(p, days_ago=rounds + 2, status="held")
            meeting.themes.add(f.make_theme())
            registration = make_registration(meeting, person)
            registration.attended = True
            registration.save()
            make_meeting(p, format="in_person", length="day", status="planned")

    grow(1)
    client = login_as(personas.representative)
    small, large = assert_max_queries_stable(
        client, programme_url(personas), lambda: grow(4), PROGRAMME_PAGE_WITH_PLAN
    )
    print(f"programme page with the plan: {small} -> {large} queries")
