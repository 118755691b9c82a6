"""Query budgets: every registry list and detail page, measured at two data sizes.

A page's queries must stay within its budget and must not grow when projects, partners,
representatives, organisations, people and invitations multiply: growth means an N+1.
Budgets are the measured counts; lower them when a page gets cheaper.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Personas
from tessere.accounts.models import User
from tessere.core.testing import HTMX, assert_max_queries_stable
from tessere.registry import services
from tessere.registry.models import Line, Partnership, ProgrammeRole, ProjectRole
from tessere.registry.tests import factories as f

LoginAs = Callable[[User | None], Client]
Role = ProjectRole.Role


class World:
    """The personas' programme, grown one round at a time: every round adds a fully staffed
    project, a partner and team member to the personas' project, a project to the personas'
    organisation and representative, loose organisations, programme staff and an invitation."""

    def __init__(self, personas: Personas) -> None:
        self.personas = personas
        # The representative shares an email, so the person page checks who may see it.
        personas.representative.share_email = True
        personas.representative.save()
        self.organisation = f.project_organisations(personas.project)[0]
        self.first_line = personas.programme.lines.get()
        self.rounds = 0

    def grow(self, rounds: int = 1) -> None:
        for _ in range(rounds):
            self._round()

    def _round(self) -> None:
        p, programme = self.personas, self.personas.programme
        self.rounds += 1
        province = f.make_province(car_code="AT")
        town = f.make_municipality(province=province)
        theme = f.make_theme()

        project = f.make_project(programme=programme, partners=3, territories=[town, province])
        project.themes.add(theme)
        Partnership.objects.create(project=project, organisation=self.organisation)
        orgs = f.project_organisations(project)
        for org in orgs[:3]:
            f.give_project_role(f.make_user(), project, Role.REPRESENTATIVE, org)
        f.give_project_role(f.make_user(), project, Role.COORDINATOR, self.organisation)
        f.give_project_role(p.representative, project, Role.OPERATOR, self.organisation)

        partner = f.make_organisation(municipality=town)
        Partnership.objects.create(project=p.project, organisation=partner)
        p.project.territories.add(town)
        p.project.themes.add(theme)
        f.give_project_role(f.make_user(), p.project, Role.OPERATOR, partner)

        f.make_organisation(municipality=town)
        staff = f.make_user()
        f.give_programme_role(staff, programme, ProgrammeRole.Role.MENTOR, f.make_organisation())
        programme.partner_organisations.add(f.make_organisation())
        programme.call.co_funders.add(f.make_organisation())
        Line.objects.create(
            programme=programme,
            code=f"filone-{self.rounds}",
            number=1,
            name=f"Filone {self.rounds}",
            parent=self.first_line,
        )
        services.invite_person(
            email=f"invito{self.rounds}@example.test",
            programme=programme,
            role=Role.OPERATOR,
            project=project,
            organisation=orgs[1],
            by=p.programme_admin,
        )


@pytest.fixture
def world(personas: Personas) -> World:
    world = World(personas)
    world.grow(1)  # the small size already has one of everything
    return world


def check(
    client: Client, url: str, world: World, budget: int, headers: dict[str, str] | None = None
) -> None:
    small, large = assert_max_queries_stable(
        client, url, lambda: world.grow(4), budget, headers=headers
    )
    print(f"{url}: {small} -> {large} queries (budget {budget})")


# (page, persona, budget): the persona is the one that sees the most of the page.
def _programme(w: World) -> str:
    return reverse("registry:programme_detail", args=[w.personas.programme.slug])


# The programme page (and the home page, which shows the featured programme) carries the
# meeting plan panel (tessere/meetings/panels.py): +1 query, its meetings, in this world without
# meetings; with attendance it adds 2 more, measured in tessere/meetings/tests/test_plan.py.
PAGES: list[tuple[str, Callable[[World], str], str, int]] = [
    ("home", lambda w: reverse("registry:home"), "anonymous", 11 + 1),
    ("home", lambda w: reverse("registry:home"), "representative", 16 + 1),
    ("programme", _programme, "representative", 16 + 1),
    ("project list", lambda w: reverse("registry:project_list"), "anonymous", 8),
    ("project list", lambda w: reverse("registry:project_list"), "representative", 12),
    (
        "project list, filtered",
        lambda w: reverse("registry:project_list") + "?organisation_kind=association",
        "representative",
        12,
    ),
    (
        "project detail",
        lambda w: reverse("registry:project_detail", args=[w.personas.project.slug]),
        "representative",
        11,  # +2: who may see the mentoring file (core.panels.project_panels), two fixed lookups
    ),
    (
        "project detail",
        lambda w: reverse("registry:project_detail", args=[w.personas.project.slug]),
        "anonymous",
        5,
    ),
    ("organisation list", lambda w: reverse("registry:organisation_list"), "anonymous", 3),
    ("organisation list", lambda w: reverse("registry:organisation_list"), "representative", 7),
    (
        "organisation detail",
        lambda w: reverse("registry:organisation_detail", args=[w.organisation.slug]),
        "representative",
        10,  # + the organisation's ties for its network panel (networks/panels.py)
    ),
    ("person list", lambda w: reverse("registry:person_list"), "coordinator", 8),
    ("person list", lambda w: reverse("registry:person_list"), "superuser", 6),
    (
        "person detail",
        lambda w: reverse("registry:person_detail", args=[w.personas.representative.pk]),
        "coordinator",
        9,
    ),
    (
        "me",
        lambda w: reverse("registry:me"),
        "representative",
        8,
    ),  # +2: the meetings and mentoring-actions panels (core.panels.personal_panels)
    (
        "invitation list",
        lambda w: reverse("registry:invitation_list", args=[w.personas.programme.slug]),
        "programme_admin",
        10,
    ),
]


@pytest.mark.parametrize(
    ("page", "url", "persona", "budget"),
    PAGES,
    ids=[f"{page} as {persona}" for page, _url, persona, _budget in PAGES],
)
def test_page_stays_within_its_query_budget(
    world: World,
    login_as: LoginAs,
    page: str,
    url: Callable[[World], str],
    persona: str,
    budget: int,
) -> None:
    client = login_as(world.personas.get(persona))
    check(client, url(world), world, budget)


@pytest.mark.parametrize(
    ("name", "budget"),
    [("registry:project_list", 8), ("registry:organisation_list", 4)],
)
def test_htmx_results_stay_within_their_budget(
    world: World, login_as: LoginAs, name: str, budget: int
) -> None:
    client = login_as(world.personas.representative)
    check(client, reverse(name), world, budget, headers=HTMX)
