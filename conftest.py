"""Personas: one fixture world where every role of the programme has a face.

`personas` gives a programme with two projects (A and B) and one person per role; tests ask
for `personas.representative`, `personas.other_representative` (of project B),
`personas.outsider` (an account with no role), and so on. PERSONA_NAMES lists them all, and
`anonymous` stands for nobody logged in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from tessere.accounts.models import User
from tessere.registry.models import Programme, ProgrammeRole, Project, ProjectRole
from tessere.registry.tests import factories as f

PERSONA_NAMES = [
    "anonymous",
    "outsider",
    "other_representative",
    "representative",
    "coordinator",
    "operator",
    "programme_admin",
    "facilitator",
    "mentor",
    "expert",
    "monitor",
    "project_manager",
    "evaluator",
    "narrative",
    "superuser",
]


@dataclass
class Personas:
    programme: Programme
    project: Project
    other_project: Project
    outsider: User
    representative: User
    other_representative: User
    coordinator: User
    operator: User
    programme_admin: User
    facilitator: User
    mentor: User
    expert: User
    monitor: User
    project_manager: User
    evaluator: User
    narrative: User
    superuser: User

    def get(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


@pytest.fixture
def personas(db: None) -> Personas:
    province = f.make_province(name="Cuneo", car_code="CN")
    town = f.make_municipality(name="Saluzzo", province=province)
    programme = f.make_programme(title="Territori Inclusivi")
    project = f.make_project(
        programme=programme, acronym="Ubuntu", partners=3, territories=[town, province]
    )
    other = f.make_project(programme=programme, acronym="InCopi", partners=3)
    orgs = f.project_organisations(project)
    people = {
        name: f.make_user(email=f"{name}@example.test", first_name=name.title())
        for name in PERSONA_NAMES[1:-1]
    }
    people["superuser"] = User.objects.create_superuser(
        email="root@example.test", password=f.PASSWORD
    )
    f.give_project_role(people["representative"], project, ProjectRole.Role.REPRESENTATIVE, orgs[0])
    f.give_project_role(people["coordinator"], project, ProjectRole.Role.COORDINATOR, orgs[0])
    f.give_project_role(people["operator"], project, ProjectRole.Role.OPERATOR, orgs[1])
    f.give_project_role(people["other_representative"], other, ProjectRole.Role.REPRESENTATIVE)
    for name, role in [
        ("programme_admin", ProgrammeRole.Role.ADMIN),
        ("facilitator", ProgrammeRole.Role.FACILITATOR),
        ("mentor", ProgrammeRole.Role.MENTOR),
        ("expert", ProgrammeRole.Role.EXPERT),
        ("monitor", ProgrammeRole.Role.MONITOR),
        ("project_manager", ProgrammeRole.Role.PROJECT_MANAGER),
        ("evaluator", ProgrammeRole.Role.EVALUATOR),
        ("narrative", ProgrammeRole.Role.NARRATIVE),
    ]:
        f.give_programme_role(people[name], programme, role, programme.lead_organisation)
    return Personas(programme=programme, project=project, other_project=other, **people)


@pytest.fixture
def login_as(client: Client) -> Callable[[User | None], Client]:
    """login_as(user_or_None) logs the test client in (or leaves it anonymous) and returns it."""

    def _login(user: User | None) -> Client:
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Rate limits and login-failure counters live in the cache: no test inherits another's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _search_index_follows_saves(request: pytest.FixtureRequest, settings: Any) -> None:
    """The search index follows every save in production. In tests it does so only where a
    test is marked `search_index` (its tests search what they just wrote): indexing every row
    the factories make would triple the suite's time for nothing."""
    settings.SEARCH_FOLLOWS_SAVES = request.node.get_closest_marker("search_index") is not None
