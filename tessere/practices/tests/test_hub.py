"""The knowledge hub (/sapere/): the latest published practices, the latest validated lessons
and the theme × project comparison for members, the ways to the repository, the FAQ and the
spaces; anonymous visitors and outsiders see only public content."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Personas
from tessere.accounts.models import User
from tessere.core.testing import in_english, page_text
from tessere.learning.models import Lesson
from tessere.learning.tests.factories import make_lesson
from tessere.practices.models import GoodPractice
from tessere.registry.tests import factories as f

from .conftest import Geo
from .factories import make_practice

pytestmark = pytest.mark.django_db
LoginAs = Callable[[User | None], Client]
HUB = reverse("practices:hub")


@pytest.fixture
def knowledge(personas: Personas, geo: Geo) -> dict[str, str]:
    p = personas
    private = f.make_programme(title="Programma riservato", is_public=False)
    make_practice(p.programme, title="Pratica pubblicata 11", project=p.project)
    make_practice(
        p.programme,
        title="Bozza segreta 12",
        status=GoodPractice.Status.DRAFT,
        authors=[p.representative],
    )
    make_practice(private, title="Pratica riservata 13")
    make_lesson(
        p.programme, title="Lezione convalidata 14", themes=[geo.housing], projects=[p.project]
    )
    make_lesson(
        p.programme,
        title="Lezione in bozza 15",
        status=Lesson.Status.DRAFT,
        author=p.representative,
        themes=[geo.housing],
        projects=[p.other_project],
    )
    return {"public": "Pratica pubblicata 11", "draft": "Bozza segreta 12",
            "private": "Pratica riservata 13", "lesson": "Lezione convalidata 14",
            "lesson_draft": "Lezione in bozza 15"}  # fmt: skip


@pytest.mark.parametrize("name", ["anonymous", "outsider"])
def test_the_hub_shows_only_public_content_to_people_outside(
    personas: Personas, knowledge: dict[str, str], login_as: LoginAs, name: str
) -> None:
    response = in_english(login_as(personas.get(name))).get(HUB)
    assert response.status_code == 200
    text = page_text(response)
    assert knowledge["public"] in text
    for secret in ("draft", "private", "lesson", "lesson_draft"):
        assert knowledge[secret] not in text, secret
    assert "shared among the members of the programme" in text
    assert response.context["matrix"] is None


def test_a_member_sees_validated_lessons_and_the_comparison(
    personas: Personas, knowledge: dict[str, str], login_as: LoginAs
) -> None:
    response = in_english(login_as(personas.operator)).get(HUB)
    text = page_text(response)
    assert knowledge["public"] in text and knowledge["lesson"] in text
    assert knowledge["draft"] not in text and knowledge["lesson_draft"] not in text
    matrix = response.context["matrix"]
    assert matrix.total == 1
    html = response.content.decode()
    assert reverse("learning:lesson_matrix") in html
    assert "1 lesson on Abitare by Ubuntu" in html


def test_the_hub_counts_what_the_learning_matrix_counts_for_the_team(
    personas: Personas, knowledge: dict[str, str], login_as: LoginAs
) -> None:
    response = login_as(personas.facilitator).get(HUB)
    # The team also sees the draft lesson in the comparison, as on the learning matrix page.
    assert response.context["matrix"].total == 2
    # The latest lessons list validated ones only.
    assert [lesson.title for lesson in response.context["lessons"]] == [knowledge["lesson"]]


def test_the_hub_links_the_repository_the_spaces_and_the_faq(
    personas: Personas, knowledge: dict[str, str], login_as: LoginAs
) -> None:
    html = login_as(None).get(HUB).content.decode()
    assert f'href="{reverse("practices:list")}"' in html
    assert f'href="{reverse("documents:list")}"' in html
    assert f'href="{reverse("forum:space_list")}"' in html
    faq = reverse("forum:faq_list", kwargs={"programme_slug": personas.programme.slug})
    assert f'href="{faq}"' in html
