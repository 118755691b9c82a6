"""What the search registry knows of good practices and lessons: every structured part, the
facets, and who may find them (the same `visible_to` as the pages)."""

from __future__ import annotations

import pytest

from conftest import Personas
from tessere.core.search import search_sources
from tessere.learning.models import Lesson
from tessere.learning.tests.factories import make_lesson
from tessere.practices.models import STRUCTURED_FIELDS, GoodPractice

from .conftest import Geo
from .factories import make_practice

pytestmark = pytest.mark.django_db


def test_a_practice_is_indexed_with_every_part_and_its_facets(personas: Personas, geo: Geo) -> None:
    import tessere.practices.search  # noqa: F401  (the search app autodiscovers it)

    source = search_sources.get("practices.practice")
    assert source is not None
    texts = {name: f"testo-{name}" for name in STRUCTURED_FIELDS}
    practice = make_practice(
        personas.programme, project=personas.project, themes=[geo.housing, geo.health]
    )
    GoodPractice.objects.filter(pk=practice.pk).update(**texts)
    document = source.document(source.all_objects().get(pk=practice.pk))
    assert document is not None
    assert document.title == practice.title
    for text in texts.values():
        assert text in document.body
    assert document.programme_id == personas.programme.pk
    assert document.project_ids == (personas.project.pk,)
    assert set(document.theme_ids) == {geo.housing.pk, geo.health.pk}
    assert document.date is not None and document.url == practice.get_absolute_url()


def test_a_draft_is_found_only_by_who_may_see_it(personas: Personas) -> None:
    import tessere.practices.search  # noqa: F401

    source = search_sources.get("practices.practice")
    assert source is not None
    draft = make_practice(
        personas.programme, status=GoodPractice.Status.DRAFT, authors=[personas.representative]
    )
    assert source.visible(personas.representative).filter(pk=draft.pk).exists()
    assert not source.visible(personas.operator).filter(pk=draft.pk).exists()
    assert not source.visible(None).filter(pk=draft.pk).exists()


def test_a_lesson_is_indexed_and_found_by_members_only(personas: Personas, geo: Geo) -> None:
    import tessere.learning.search  # noqa: F401

    source = search_sources.get("learning.lesson")
    assert source is not None
    lesson = make_lesson(
        personas.programme, themes=[geo.housing], projects=[personas.project],
        learned="Le mediatrici aprono le porte.",
    )  # fmt: skip
    document = source.document(source.all_objects().get(pk=lesson.pk))
    assert document is not None
    assert "mediatrici" in document.body and document.title == lesson.title
    assert document.project_ids == (personas.project.pk,)
    assert document.theme_ids == (geo.housing.pk,)
    assert document.date is not None
    assert source.visible(personas.operator).filter(pk=lesson.pk).exists()
    assert not source.visible(personas.outsider).filter(pk=lesson.pk).exists()
    draft = make_lesson(personas.programme, status=Lesson.Status.DRAFT, author=personas.expert)
    assert not source.visible(personas.operator).filter(pk=draft.pk).exists()
