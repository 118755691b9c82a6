"""The lessons learned demo seed: about forty lessons across the 13 projects and the themes,
linked to the meetings they came from; and seed_demo running every seeder."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Max
from django.test import override_settings

from tessere.accounts.models import User
from tessere.learning import seed_data
from tessere.learning.models import Lesson
from tessere.learning.seeds import seed
from tessere.meetings.models import Meeting
from tessere.meetings.seeds import seed as seed_meetings
from tessere.registry.models import Programme, ProgrammeRole, Project, ProjectRole
from tessere.registry.seeds import seed as seed_registry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_demo_password() -> Iterator[None]:
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=hashers):
        yield


@pytest.fixture
def seeded() -> dict[str, Any]:
    seed_registry()
    seed_meetings()
    return seed()


def lessons() -> list[Lesson]:
    return list(
        Lesson.objects.filter(programme__slug="territori-inclusivi").prefetch_related(
            "themes", "projects", "reused_by"
        )
    )


def snapshot() -> dict[str, Any]:
    return {
        "rows": list(Lesson.objects.order_by("pk").values_list("title", "status", "created_at")),
        "updated": Lesson.objects.aggregate(last=Max("updated_at"))["last"],
        "links": [
            through.objects.count()
            for through in (
                Lesson.themes.through,
                Lesson.projects.through,
                Lesson.reused_by.through,
            )
        ],
    }


def test_the_lessons_are_consistent() -> None:
    seed_data.check_lessons()  # raises ValueError listing every contradiction


def test_about_forty_lessons_cover_all_thirteen_projects_and_most_themes(
    seeded: dict[str, Any],
) -> None:
    found = lessons()
    per_project = Counter(p.acronym for lesson in found for p in lesson.projects.all())
    themes = {t.name for lesson in found for t in lesson.themes.all()}

    assert seeded["lessons"] == len(found) == 40
    assert len(per_project) == 13 and min(per_project.values()) >= 3
    assert all(lesson.themes.all() for lesson in found)
    assert len(themes) >= 10
    assert all(
        lesson.situation and lesson.what_happened and lesson.learned and lesson.do_differently
        for lesson in found
    )


def test_authors_are_representatives_of_the_lesson_project(seeded: dict[str, Any]) -> None:
    for lesson in lessons():
        assert lesson.author is not None
        projects = {p.pk for p in lesson.projects.all()}
        assert ProjectRole.objects.filter(
            user=lesson.author, project__in=projects, role=ProjectRole.Role.REPRESENTATIVE
        ).exists(), lesson.title


def test_mostly_validated_some_drafts_a_few_reused_by_other_projects(
    seeded: dict[str, Any],
) -> None:
    found = lessons()
    statuses = Counter(lesson.status for lesson in found)
    facilitators = set(
        ProgrammeRole.objects.filter(role=ProgrammeRole.Role.FACILITATOR).values_list(
            "user_id", flat=True
        )
    )

    assert statuses[Lesson.Status.VALIDATED] >= 0.6 * len(found)
    assert 3 <= statuses[Lesson.Status.DRAFT] <= 10
    assert 3 <= statuses[Lesson.Status.REUSED] <= 8
    for lesson in found:
        reusers = {p.pk for p in lesson.reused_by.all()}
        assert bool(reusers) == (lesson.status == Lesson.Status.REUSED), lesson.title
        assert not reusers & {p.pk for p in lesson.projects.all()}
        if lesson.status == Lesson.Status.DRAFT:
            assert lesson.validated_by is None and lesson.validated_at is None
        else:  # validated by the programme team, after it was written
            assert lesson.validated_by_id in facilitators, lesson.title
            assert lesson.validated_at and lesson.validated_at > lesson.created_at


def test_lessons_link_to_held_meetings_and_their_agenda_items(seeded: dict[str, Any]) -> None:
    found = lessons()
    linked = [lesson for lesson in found if lesson.meeting_id]
    programme = Programme.objects.get(slug="territori-inclusivi")

    assert len(linked) >= 0.6 * len(found)
    for lesson in linked:
        meeting = lesson.meeting
        assert meeting is not None and meeting.programme_id == programme.pk
        assert meeting.status == Meeting.Status.HELD
        assert lesson.agenda_item is None or lesson.agenda_item.meeting_id == meeting.pk
        assert lesson.created_at > meeting.end
    for lesson in found:
        assert programme.start_date <= lesson.created_at.date() <= programme.end_date


def test_drafts_are_seen_by_their_author_not_by_other_representatives(
    seeded: dict[str, Any],
) -> None:
    draft = Lesson.objects.get(title="Il trasporto decide chi partecipa")  # Nega-so
    other = User.objects.get(email="rappresentante.altro@demo.tessere.it")  # InCopi

    assert draft.status == Lesson.Status.DRAFT and draft.author is not None
    assert Lesson.objects.visible_to(draft.author).filter(pk=draft.pk).exists()
    assert not Lesson.objects.visible_to(other).filter(pk=draft.pk).exists()
    drafts = Lesson.objects.filter(status=Lesson.Status.DRAFT).exclude(author=other).count()
    assert Lesson.objects.visible_to(other).count() == 40 - drafts


def test_seeding_twice_creates_nothing_and_changes_nothing() -> None:
    seed_registry()
    seed_meetings()
    seed()
    before = snapshot()

    again = seed()

    assert snapshot() == before
    assert again["created"] == {} and again["updated"] == {} and again["warnings"] == []


def test_seeding_again_repairs_an_edited_lesson(seeded: dict[str, Any]) -> None:
    lesson = lessons()[0]
    Lesson.objects.filter(pk=lesson.pk).update(status=Lesson.Status.DRAFT, learned="Niente.")
    lesson.themes.clear()

    again = seed()

    lesson.refresh_from_db()
    assert again["updated"] == {"lesson": 1}
    assert lesson.learned != "Niente." and lesson.themes.exists()


def test_scale_gives_each_copy_its_own_lessons_by_its_own_people() -> None:
    seed_registry(scale=2)
    seed_meetings(scale=2)

    result = seed(scale=2)

    copy = Programme.objects.get(slug="territori-inclusivi-x2")
    copied = Lesson.objects.filter(programme=copy)
    assert result["lessons"] == 2 * copied.count() == 80
    assert all(".x2@" in lesson.author.email for lesson in copied if lesson.author)
    projects = Project.objects.filter(lessons__in=copied).distinct()
    assert projects.count() == 13 and {p.programme_id for p in projects} == {copy.pk}
    assert all(
        lesson.meeting is None or lesson.meeting.programme_id == copy.pk for lesson in copied
    )


def test_seed_demo_loads_meetings_and_lessons_after_the_registry() -> None:
    out = StringIO()

    call_command("seed_demo", stdout=out)

    output = out.getvalue()
    assert "tessere.meetings.seeds.seed: meetings 13" in output
    assert "tessere.learning.seeds.seed: lessons 40" in output
    assert Meeting.objects.count() == 13 and Lesson.objects.count() == 40
