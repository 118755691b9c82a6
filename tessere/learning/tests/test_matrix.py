"""The lessons matrix: themes (rows) × projects (columns), the projects' experiences side by side."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Personas
from tessere.accounts.models import User
from tessere.core.testing import HTMX, assert_max_queries_stable, in_english, page_text
from tessere.learning.models import Lesson
from tessere.learning.queries import lesson_matrix
from tessere.meetings.models import Meeting
from tessere.meetings.tests.factories import make_meeting
from tessere.registry.models import Project, Theme
from tessere.registry.tests import factories as f

from .factories import make_lesson

LoginAs = Callable[[User | None], Client]


@dataclass
class World:
    governance: Theme
    work: Theme
    networks: Theme
    third: Project
    meeting: Meeting
    lessons: dict[str, Lesson]


@pytest.fixture
def world(personas: Personas) -> World:
    p = personas
    governance = f.make_theme(name="Governance")
    work = f.make_theme(name="Lavoro")
    networks = f.make_theme(name="Reti territoriali")
    third = f.make_project(programme=p.programme, acronym="Terzo")
    meeting = make_meeting(p.programme, title="Giornata di Torino")
    lessons = {
        "l1": make_lesson(
            p.programme,
            title="L1 cabina di regia",
            themes=[governance],
            projects=[p.project],
            meeting=meeting,
        ),
        "l2": make_lesson(
            p.programme, title="L2 patto di rete", themes=[governance], projects=[p.other_project]
        ),
        "l3": make_lesson(
            p.programme,
            title="L3 comunità e regia",
            themes=[networks, governance],
            projects=[p.project, p.other_project],
            meeting=meeting,
        ),
        "l4": make_lesson(p.programme, title="L4 senza tema", projects=[third]),
        "l5": make_lesson(p.programme, title="L5 senza progetto", themes=[work]),
        "draft": make_lesson(
            p.programme,
            title="L6 bozza",
            status="draft",
            author=p.representative,
            themes=[governance],
            projects=[p.project],
        ),
    }
    make_lesson(f.make_programme(), title="Altrove", themes=[governance])  # another programme
    return World(governance, work, networks, third, meeting, lessons)


def titles(cell: list[Lesson]) -> list[str]:
    return [lesson.title.split()[0] for lesson in cell]


def test_matrix_puts_each_lesson_in_its_themes_and_projects_cells(
    personas: Personas, world: World
) -> None:
    matrix = lesson_matrix(personas.expert, personas.programme)
    assert [p.acronym for p in matrix.projects] == ["InCopi", "Terzo", "Ubuntu"]
    assert matrix.has_unassigned
    rows = {(row.theme.name if row.theme else None): row for row in matrix.rows}
    assert list(rows) == ["Governance", "Lavoro", "Reti territoriali", None]
    # Columns: InCopi, Terzo, Ubuntu, no project.
    assert [titles(c) for c in rows["Governance"].cells] == [["L2", "L3"], [], ["L1", "L3"], []]
    assert [titles(c) for c in rows["Reti territoriali"].cells] == [["L3"], [], ["L3"], []]
    assert [titles(c) for c in rows["Lavoro"].cells] == [[], [], [], ["L5"]]
    assert [titles(c) for c in rows[None].cells] == [[], ["L4"], [], []]
    # Counts count a lesson once per row and per column.
    assert [rows[k].count for k in rows] == [3, 1, 1, 1]
    assert matrix.column_counts == [2, 1, 2, 1]
    assert matrix.total == 5  # the draft is not the expert's to see


def test_the_team_and_the_author_see_drafts_in_the_matrix(personas: Personas, world: World) -> None:
    for person in (personas.facilitator, personas.representative):
        matrix = lesson_matrix(person, personas.programme)
        governance = next(r for r in matrix.rows if r.theme == world.governance)
        assert titles(governance.cells[2]) == ["L1", "L3", "L6"]
        assert matrix.total == 6


def test_matrix_filters_by_theme_and_by_meeting(personas: Personas, world: World) -> None:
    by_theme = lesson_matrix(personas.expert, personas.programme, theme=world.networks)
    assert [r.theme for r in by_theme.rows] == [world.networks]  # L3's other theme is not a row
    assert by_theme.total == 1 and by_theme.column_counts == [1, 0, 1]
    assert not by_theme.has_unassigned
    by_meeting = lesson_matrix(personas.expert, personas.programme, meeting=world.meeting)
    assert sorted(
        lesson.title.split()[0] for row in by_meeting.rows for c in row.cells for lesson in c
    ) == [
        "L1",
        "L3",
        "L3",
        "L3",
        "L3",
    ]
    assert by_meeting.total == 2


def test_every_project_is_a_column_even_without_lessons(personas: Personas) -> None:
    matrix = lesson_matrix(personas.expert, personas.programme)
    assert [p.acronym for p in matrix.projects] == ["InCopi", "Ubuntu"]
    assert matrix.rows == [] and matrix.total == 0 and matrix.column_counts == [0, 0]


# --- The page ----------------------------------------------------------------------------------
def test_matrix_page_is_an_accessible_scrollable_table(
    personas: Personas, login_as: LoginAs, world: World
) -> None:
    response = in_english(login_as(personas.expert)).get(reverse("learning:lesson_matrix"))
    assert response.status_code == 200
    content = response.content.decode()
    assert (
        '<div class="table-responsive lesson-matrix-scroll" tabindex="0" role="region"' in content
    )
    assert re.search(
        r"<caption id=\"lesson-matrix-caption\">Lessons learned in Territori Inclusivi: 4 themes",
        content,
    )
    headers = re.findall(r'<th scope="col">(.*?)</th>', content)
    assert [re.sub(r"<[^>]+>", "", h) for h in headers] == [
        "Theme",
        "InCopi",
        "Terzo",
        "Ubuntu",
        "No project",
        "Lessons on the theme",
    ]
    row_headers = re.findall(r'<th scope="row">(.*?)</th>', content)
    assert row_headers == [
        "Governance",
        "Lavoro",
        "Reti territoriali",
        "No theme",
        "Lessons of the project",
    ]
    assert f'href="{world.lessons["l3"].get_absolute_url()}"' in content
    assert "L6 bozza" not in content
    assert 'style="' not in content


def test_matrix_filters_answer_htmx_with_the_table_only(
    personas: Personas, login_as: LoginAs, world: World
) -> None:
    url = (
        reverse("learning:lesson_matrix")
        + f"?theme={world.governance.pk}&meeting={world.meeting.pk}"
    )
    response = login_as(personas.expert).get(url, headers=HTMX)
    content = response.content.decode()
    assert "<html" not in content and "<table" in content
    text = page_text(response)
    assert "L1 cabina di regia" in text and "L3 comunità e regia" in text
    assert "L2 patto di rete" not in text


def test_an_invalid_filter_is_ignored_and_said(
    personas: Personas, login_as: LoginAs, world: World
) -> None:
    response = in_english(login_as(personas.expert)).get(
        reverse("learning:lesson_matrix") + "?theme=999999"
    )
    assert response.status_code == 200
    assert "Some filters were not valid" in page_text(response)
    assert response.context["matrix"].total == 5


def test_filtered_matrix_stays_within_its_query_budget(
    personas: Personas, login_as: LoginAs, world: World
) -> None:
    def more() -> None:
        for i in range(6):
            project = f.make_project(programme=personas.programme)
            theme = f.make_theme()
            for _ in range(3):
                make_lesson(
                    personas.programme,
                    themes=[world.governance, theme],
                    projects=[project, personas.project],
                    meeting=world.meeting if i % 2 else None,
                )

    url = (
        reverse("learning:lesson_matrix")
        + f"?theme={world.governance.pk}&meeting={world.meeting.pk}"
    )
    small, large = assert_max_queries_stable(login_as(personas.facilitator), url, more, 14)
    print(f"lesson_matrix filtered: {small} -> {large} queries")
