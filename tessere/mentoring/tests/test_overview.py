"""The programme overview: who sees it, what each role may count, sorting, the query budget."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PERSONA_NAMES, Personas
from tessere.accounts.models import User
from tessere.core.testing import assert_max_queries_stable, in_english, is_login_redirect, page_text
from tessere.mentoring.models import Action, Finding
from tessere.mentoring.tests.factories import (
    ROME,
    make_action,
    make_assessment,
    make_finding,
    make_session,
)
from tessere.registry.tests import factories as f

LoginAs = Callable[[User | None], Client]

TEAM = {"programme_admin", "facilitator", "mentor", "superuser"}
SHARED = {"monitor", "project_manager"}


def _url(personas: Personas, sort: str | None = None) -> str:
    url = reverse("mentoring:overview", args=[personas.programme.slug])
    return f"{url}?sort={sort}" if sort is not None else url


def _expected(name: str) -> int:
    if name == "anonymous":
        return 302
    return 200 if name in TEAM | SHARED else 404


@pytest.fixture
def world(personas: Personas) -> Personas:
    """Project A (Ubuntu): two high critical issues (one shared), a medium unshared, a low shared,
    a resolved high shared; a newer session not shared, an older one shared; two overdue actions
    and one done late; capacity 1,2,1 → 3,3,2. Project B (InCopi): one shared medium."""
    p, other = personas.project, personas.other_project
    make_finding(p, severity="high", shared=True, title="Alta condivisa")
    make_finding(p, severity="high", shared=False, title="Alta riservata")
    make_finding(p, severity="medium", shared=False, title="Media riservata")
    make_finding(p, severity="low", shared=True)
    make_finding(p, severity="high", shared=True, status=Finding.Status.RESOLVED)
    make_finding(p, kind=Finding.Kind.STRENGTH, shared=True)
    make_finding(p, severity="medium", shared=True, status=Finding.Status.ADDRESSING)
    make_session(p, start=dt.datetime(2022, 3, 1, 10, tzinfo=ROME), monitoring_summary="Condiviso.")
    make_session(p, start=dt.datetime(2022, 6, 15, 10, tzinfo=ROME), notes="Riservato.")
    today = timezone.localdate()
    make_action(p, personas.coordinator, due_date=today - dt.timedelta(days=3))
    make_action(
        p,
        personas.coordinator,
        due_date=today - dt.timedelta(days=30),
        status=Action.Status.IN_PROGRESS,
    )
    make_action(
        p, personas.coordinator, due_date=today - dt.timedelta(days=30), status=Action.Status.DONE
    )
    make_action(
        p,
        personas.coordinator,
        due_date=today - dt.timedelta(days=30),
        status=Action.Status.DROPPED,
    )
    make_action(p, personas.coordinator, due_date=today + dt.timedelta(days=3))
    make_assessment(p, date=dt.date(2021, 5, 1), organise=1, monitor=2, mechanisms=1)
    make_assessment(p, date=dt.date(2022, 5, 1), organise=3, monitor=3, mechanisms=2)
    make_finding(other, severity="medium", shared=True)
    make_session(other, start=dt.datetime(2021, 11, 5, 10, tzinfo=ROME), monitoring_summary="Sì.")
    return personas


def _row(response: object, acronym: str) -> object:
    rows = [r for r in response.context["overview"].rows if r.project.acronym == acronym]  # type: ignore[attr-defined]
    assert len(rows) == 1
    return rows[0]


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_overview_matrix(world: Personas, login_as: LoginAs, name: str) -> None:
    response = login_as(world.get(name)).get(_url(world))
    assert response.status_code == _expected(name)
    if name == "anonymous":
        assert is_login_redirect(response)


def test_unknown_programme_is_a_404(personas: Personas, login_as: LoginAs) -> None:
    client = login_as(personas.mentor)
    assert client.get(reverse("mentoring:overview", args=["nope"])).status_code == 404


def test_team_of_another_programme_gets_a_404(personas: Personas, login_as: LoginAs) -> None:
    other_programme = f.make_programme(title="Altro")
    mentor = f.make_user(email="elsewhere@example.test")
    f.give_programme_role(mentor, other_programme, "mentor")
    assert login_as(mentor).get(_url(personas)).status_code == 404


def test_team_sees_everything(world: Personas, login_as: LoginAs) -> None:
    response = in_english(login_as(world.mentor)).get(_url(world))
    row = _row(response, "Ubuntu")
    assert row.critical == {"high": 2, "medium": 2, "low": 1}  # type: ignore[attr-defined]
    assert timezone.localtime(row.last_session).date() == dt.date(2022, 6, 15)  # type: ignore[attr-defined]
    assert row.overdue == 2  # type: ignore[attr-defined]
    assert row.trend.delta == 4  # type: ignore[attr-defined]
    assert [c.delta for _, c in row.by_capacity] == [2, 1, 1]  # type: ignore[attr-defined]
    other = _row(response, "InCopi")
    assert other.critical == {"high": 0, "medium": 1, "low": 0}  # type: ignore[attr-defined]
    assert other.overdue == 0 and other.trend.direction == ""  # type: ignore[attr-defined]
    text = page_text(response)
    assert "Capacity trend" in text and "up by 4 points" in text


@pytest.mark.parametrize("name", sorted(SHARED))
def test_monitors_count_only_what_is_shared(world: Personas, login_as: LoginAs, name: str) -> None:
    team = _row(in_english(login_as(world.mentor)).get(_url(world)), "Ubuntu")
    response = in_english(login_as(world.get(name))).get(_url(world))
    row = _row(response, "Ubuntu")
    assert row.critical == {"high": 1, "medium": 1, "low": 1}  # type: ignore[attr-defined]
    assert row.critical != team.critical  # type: ignore[attr-defined]
    # The last session is the last one with a shared summary.
    assert timezone.localtime(row.last_session).date() == dt.date(2022, 3, 1)  # type: ignore[attr-defined]
    assert row.overdue is None and row.trend is None  # type: ignore[attr-defined]
    html = response.content.decode()
    text = page_text(response)
    assert "Capacity trend" not in text and "up by" not in text
    assert "not shared" in text
    for secret in ("Alta riservata", "Media riservata", "Riservato"):
        assert secret not in html
    # Nothing in the page links to the confidential file.
    assert reverse("mentoring:project_file", args=[world.project.slug]) not in html
    # The numbers on the page are the shared ones.
    cells = re.findall(r'<td class="text-end[^"]*">(\d+)</td>', html)
    assert sum(int(c) for c in cells) == 1 + 1 + 1 + 1  # Ubuntu 1/1/1, InCopi 0/1/0


@pytest.mark.parametrize("name", sorted(SHARED))
def test_monitors_cannot_sort_by_what_is_not_shared(
    world: Personas, login_as: LoginAs, name: str
) -> None:
    client = login_as(world.get(name))
    for sort in ("overdue", "-overdue", "trend", "-trend"):
        response = client.get(_url(world, sort))
        assert response.status_code == 200
        assert response.context["overview"].sort == "project"


def test_sorting_by_columns(world: Personas, login_as: LoginAs) -> None:
    client = login_as(world.mentor)

    def order(sort: str) -> list[str]:
        response = client.get(_url(world, sort))
        assert response.status_code == 200
        return [r.project.acronym for r in response.context["overview"].rows]

    assert order("project") == ["InCopi", "Ubuntu"]
    assert order("-project") == ["Ubuntu", "InCopi"]
    assert order("-high") == ["Ubuntu", "InCopi"]
    assert order("high") == ["InCopi", "Ubuntu"]
    assert order("-overdue") == ["Ubuntu", "InCopi"]
    assert order("-last_session") == ["Ubuntu", "InCopi"]
    assert order("last_session") == ["InCopi", "Ubuntu"]
    # No trend for InCopi (no assessment): last whichever the direction.
    assert order("trend") == ["Ubuntu", "InCopi"]
    assert order("-trend") == ["Ubuntu", "InCopi"]


@pytest.mark.parametrize(
    "sort", ["", "bogus", "-", "--high", "acronym", "pk", "1;drop", "-__class__"]
)
def test_unknown_sort_values_are_ignored(world: Personas, login_as: LoginAs, sort: str) -> None:
    response = login_as(world.mentor).get(_url(world, sort))
    assert response.status_code == 200
    assert response.context["overview"].sort == "project"


def test_sort_headers_are_links_with_aria_sort(world: Personas, login_as: LoginAs) -> None:
    response = login_as(world.mentor).get(_url(world, "-high"))
    html = response.content.decode()
    assert html.count("aria-sort=") == 1
    assert re.search(r'<th scope="col" aria-sort="descending"[^>]*><a href="\?sort=high">', html)
    assert 'href="?sort=-overdue"' in html and 'href="?sort=project"' in html
    response = login_as(world.mentor).get(_url(world))
    assert 'aria-sort="ascending"' in response.content.decode()
    assert 'href="?sort=-project"' in response.content.decode()


def test_empty_programme(personas: Personas, login_as: LoginAs) -> None:
    programme = f.make_programme(title="Vuoto")
    f.give_programme_role(personas.mentor, programme, "mentor")
    response = login_as(personas.mentor).get(reverse("mentoring:overview", args=[programme.slug]))
    assert response.status_code == 200
    assert response.context["overview"].rows == []


@pytest.mark.parametrize("name", ["mentor", "monitor"])
def test_overview_query_budget(world: Personas, login_as: LoginAs, name: str) -> None:
    client = login_as(world.get(name))

    def more() -> None:
        today = timezone.localdate()
        for i in range(6):
            project = f.make_project(programme=world.programme, acronym=f"P{i}")
            make_session(project, monitoring_summary="ok" if i % 2 else "")
            make_finding(project, severity="high", shared=bool(i % 2))
            make_finding(project, severity="low")
            make_action(project, world.mentor, due_date=today - dt.timedelta(days=1))
            make_assessment(project, date=dt.date(2021, 1, 1), organise=1, monitor=1, mechanisms=1)
            make_assessment(project, date=dt.date(2022, 1, 1), organise=2, monitor=1, mechanisms=4)

    assert_max_queries_stable(client, _url(world, "-trend"), more, budget=8)
