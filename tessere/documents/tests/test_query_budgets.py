"""The list and the detail page run a fixed number of queries, whatever the data: measured
with a few documents, then with many more (themes, projects, authors, versions), as the
anonymous visitor and as a member."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Personas
from tessere.accounts.models import User
from tessere.community.tests.factories import Spaces
from tessere.core.testing import HTMX, assert_max_queries_stable
from tessere.meetings.tests.factories import make_meeting
from tessere.registry.tests.factories import make_theme

from .. import services
from ..models import Document
from .factories import PDF, make_document, upload

pytestmark = pytest.mark.django_db
LoginAs = Callable[[User | None], Client]


def grow(personas: Personas, spaces: Spaces, count: int = 12) -> Callable[[], None]:
    def more() -> None:
        themes = [make_theme() for _ in range(3)]
        for i in range(count):
            document = make_document(
                spaces.repository if i % 3 else spaces.project,
                personas.representative,
                themes=themes,
                projects=[personas.project, personas.other_project],
                authors=[personas.coordinator, personas.operator],
                authors_text="Università di Torino",
            )
            services.add_version(
                document=document, upload=upload("v2.pdf", PDF), by=personas.representative
            )

    return more


@pytest.mark.parametrize(("persona", "budget"), [("anonymous", 9), ("representative", 13)])
def test_the_list_has_a_stable_budget(
    persona: str, budget: int, personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    grow(personas, spaces, 3)()
    client = login_as(personas.get(persona))
    assert_max_queries_stable(client, reverse("documents:list"), grow(personas, spaces), budget)
    assert_max_queries_stable(
        client,
        reverse("documents:list") + "?kind=document",
        grow(personas, spaces),
        budget,
        headers=HTMX,
    )


@pytest.mark.parametrize(
    ("persona", "budget"), [("anonymous", 6), ("representative", 10), ("mentor", 11)]
)
def test_the_detail_page_has_a_stable_budget(
    persona: str, budget: int, personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    meeting = make_meeting(personas.programme)
    document = make_document(spaces.repository, personas.representative, meeting=meeting)
    client = login_as(personas.get(persona))

    def more() -> None:
        for theme in [make_theme() for _ in range(4)]:
            document.themes.add(theme)
        document.authors.add(personas.coordinator, personas.operator, personas.expert)
        document.projects.add(personas.project, personas.other_project)
        for _ in range(4):
            services.add_version(
                document=Document.objects.get(pk=document.pk),
                upload=upload("nuova.pdf", PDF),
                by=personas.representative,
            )

    assert_max_queries_stable(client, document.get_absolute_url(), more, budget)
