"""Query budgets of the meeting pages, measured at two data sizes (ARCHITECTURE.md, Tests).

Each round adds meetings in the future and in the past with themes, facilitators, agenda items
with methods, materials and registrations (some attended) to the personas' programme, and people
registered to the measured meeting. A page whose queries grow with its rows fails.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.urls import reverse

from conftest import Personas
from tessere.core.testing import HTMX, assert_max_queries_stable
from tessere.meetings.models import AgendaItem, Material, Meeting, Method
from tessere.registry.models import ProjectRole
from tessere.registry.tests import factories as f

from .factories import make_meeting, make_registration
from .meeting_helpers import LoginAs, ended_meeting, running_meeting

pytestmark = pytest.mark.django_db


class World:
    def __init__(self, personas: Personas) -> None:
        self.personas = personas
        self.meeting = running_meeting(
            personas.programme, capacity=200, facilitators=[personas.facilitator]
        )
        make_registration(self.meeting, personas.representative)
        self.rounds = 0

    def grow(self, rounds: int = 1) -> None:
        for _ in range(rounds):
            self._round()

    def _round(self) -> None:
        p = self.personas
        self.rounds += 1
        theme = f.make_theme()
        project = f.make_project(programme=p.programme, partners=2)
        people = []
        for org in f.project_organisations(project)[:2]:
            person = f.make_user()
            f.give_project_role(person, project, ProjectRole.Role.REPRESENTATIVE, org)
            people.append(person)
        future = make_meeting(p.programme, facilitators=[p.facilitator, p.programme_admin])
        past = ended_meeting(p.programme, days_ago=self.rounds + 1, status="held")
        for meeting in (future, past, self.meeting):
            meeting.themes.add(theme)
        self.meeting.facilitators.add(p.programme_admin)
        for meeting in (past, self.meeting):
            for person in people:
                registration = make_registration(meeting, person)
                registration.attended = True
                registration.save()
        make_registration(future, people[0])
        method = Method.objects.order_by("pk")[self.rounds % Method.objects.count()]
        AgendaItem.objects.create(
            meeting=self.meeting,
            title=f"Sessione {self.rounds}",
            position=self.rounds,
            method=method,
            start=self.meeting.start + dt.timedelta(minutes=10 * self.rounds),
            end=self.meeting.start + dt.timedelta(minutes=10 * self.rounds + 5),
        )
        Material.objects.create(
            meeting=self.meeting,
            title=f"Link {self.rounds}",
            kind="link",
            url="https://example.org",
        )
        Meeting.objects.filter(pk=self.meeting.pk).update(minutes="Verbale in corso.")


@pytest.fixture
def world(personas: Personas) -> World:
    world = World(personas)
    world.grow(1)
    return world


def _list(w: World) -> str:
    return reverse("meetings:meeting_list")


def _detail(w: World) -> str:
    return w.meeting.get_absolute_url()


PAGES: list[tuple[str, Callable[[World], str], str, int, bool]] = [
    ("meeting list", _list, "anonymous", 6, False),
    ("meeting list", _list, "representative", 12, False),
    ("meeting list", _list, "facilitator", 13, False),
    ("meeting list, htmx", _list, "representative", 10, True),
    (
        "meeting list, filtered",
        lambda w: _list(w) + "?format=online&status=held",
        "representative",
        11,
        False,
    ),
    ("meeting detail", _detail, "anonymous", 6, False),
    ("meeting detail", _detail, "representative", 13, False),
    ("meeting detail", _detail, "facilitator", 12, False),
    (
        "attendance sheet",
        lambda w: reverse("meetings:attendance", args=[w.meeting.slug]),
        "facilitator",
        8,
        False,
    ),
    ("method list", lambda w: reverse("meetings:method_list"), "facilitator", 8, False),
    (
        "agenda",
        lambda w: reverse("meetings:agenda_edit", args=[w.meeting.slug]),
        "facilitator",
        8,
        False,
    ),
]


@pytest.mark.parametrize(
    ("page", "url", "persona", "budget", "htmx"),
    PAGES,
    ids=[f"{page} as {persona}" for page, _u, persona, _b, _h in PAGES],
)
def test_meeting_page_stays_within_its_query_budget(
    world: World,
    login_as: LoginAs,
    page: str,
    url: Callable[[World], str],
    persona: str,
    budget: int,
    htmx: bool,
) -> None:
    client = login_as(world.personas.get(persona))
    small, large = assert_max_queries_stable(
        client, url(world), lambda: world.grow(4), budget, headers=HTMX if htmx else None
    )
    print(f"{page} as {persona}: {small} -> {large} queries (budget {budget})")
