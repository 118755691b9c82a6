"""Linked documents of the work repository: shown on a practice's page only to the people who
may see each of them; offered in the form only when visible; a link to a document the editor
cannot see survives their edit."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Personas
from tessere.accounts.models import User
from tessere.community.tests.factories import make_spaces
from tessere.core.testing import page_text
from tessere.documents.models import Document
from tessere.practices.models import GoodPractice

from .conftest import Geo
from .factories import make_practice

pytestmark = pytest.mark.django_db
LoginAs = Callable[[User | None], Client]


@pytest.fixture
def linked(personas: Personas, geo: Geo) -> tuple[GoodPractice, Document, Document]:
    spaces = make_spaces(personas)
    public = Document.objects.create(
        space=spaces.repository, title="Relazione pubblica 31", kind="link",
        link_url="https://www.example.org/relazione",
    )  # fmt: skip
    private = Document.objects.create(
        space=spaces.project, title="Verbale riservato 47", kind="link",
        link_url="https://www.example.org/verbale",
    )  # fmt: skip
    practice = make_practice(
        personas.programme, project=personas.project, status=GoodPractice.Status.DRAFT,
        authors=[personas.representative], themes=[geo.housing], territories=[geo.saluzzo],
    )  # fmt: skip
    practice.documents.set([public, private])
    return practice, public, private


def test_linked_documents_are_shown_only_to_who_may_see_them(
    personas: Personas, linked: tuple[GoodPractice, Document, Document], login_as: LoginAs
) -> None:
    practice, public, private = linked
    GoodPractice.objects.filter(pk=practice.pk).update(
        status="published", published_at="2026-01-01T10:00Z"
    )
    inside = page_text(login_as(personas.operator).get(practice.get_absolute_url()))
    assert public.title in inside and private.title in inside
    outside = login_as(None).get(practice.get_absolute_url()).content.decode()
    assert public.title in outside and private.title not in outside
    assert f'href="{reverse("documents:detail", args=[public.pk])}"' in outside


def test_an_edit_keeps_the_links_the_editor_cannot_see(
    personas: Personas, linked: tuple[GoodPractice, Document, Document], login_as: LoginAs, geo: Geo
) -> None:
    practice, public, private = linked
    client = login_as(personas.facilitator)  # the team does not see project A's space
    page = client.get(reverse("practices:edit", args=[practice.pk])).content.decode()
    assert public.title in page and private.title not in page
    data = {
        "title": "Titolo nuovo", "summary": "Una frase.", "project": str(personas.project.pk),
        "context": "C.", "problem": "P.", "practice": "Q.", "results": "R.",
        "transferability": "T.", "themes": [str(geo.housing.pk)], "areas": [str(geo.cuneo.pk)],
        "documents": [], "version": "1",
    }  # fmt: skip
    assert client.post(reverse("practices:edit", args=[practice.pk]), data).status_code == 302
    assert set(practice.documents.all()) == {private}
