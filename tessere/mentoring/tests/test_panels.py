"""The registry's pages show the ways into mentoring only to those who may go in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PERSONA_NAMES, Personas
from tessere.accounts.models import User
from tessere.core.testing import in_english

OVERVIEW_ROLES = {
    "programme_admin",
    "facilitator",
    "mentor",
    "monitor",
    "project_manager",
    "superuser",
}
FILE_ROLES = {
    "coordinator",
    "programme_admin",
    "facilitator",
    "mentor",
    "monitor",
    "project_manager",
    "superuser",
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_the_programme_page_links_the_overview_only_for_its_roles(
    persona: str, personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    client = login_as(personas.get(persona))
    page = client.get(personas.programme.get_absolute_url()).content.decode()
    overview = reverse("mentoring:overview", args=[personas.programme.slug])
    assert (overview in page) == (persona in OVERVIEW_ROLES)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_the_project_page_links_the_file_only_for_who_may_open_it(
    persona: str, personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    client = login_as(personas.get(persona))
    page = in_english(client).get(personas.project.get_absolute_url()).content.decode()
    file_url = reverse("mentoring:project_file", args=[personas.project.slug])
    assert (file_url in page) == (persona in FILE_ROLES)
    if persona in {"monitor", "project_manager"}:
        assert "What the mentoring shares with the funder" in page
