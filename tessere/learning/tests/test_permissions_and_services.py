"""Lessons learned: who sees, edits, validates and marks reuse; the services behind them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from conftest import PERSONA_NAMES, Personas
from tessere.core.models import AuditEntry
from tessere.core.testing import unchanged
from tessere.learning import permissions
from tessere.learning.models import Lesson
from tessere.learning.services import (
    LessonContent,
    create_lesson,
    mark_lesson_reused,
    update_lesson,
    validate_lesson,
)
from tessere.meetings.models import AgendaItem
from tessere.meetings.tests.factories import make_meeting
from tessere.registry.tests import factories as f

from .factories import make_lesson

TEAM = {"programme_admin", "facilitator", "mentor", "superuser"}
NOT_MEMBERS = {"anonymous", "outsider"}


def content(**extra: object) -> LessonContent:
    data: dict[str, object] = {
        "title": "Le reti vanno curate",
        "situation": "Tavolo territoriale",
        "what_happened": "Incontri diradati",
        "learned": "Servono date fisse",
    }
    data.update(extra)
    return LessonContent(**data)  # type: ignore[arg-type]


# --- Visibility ---------------------------------------------------------------------------------
@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_drafts_are_seen_by_their_author_and_the_team_validated_by_every_member(
    personas: Personas, persona: str
) -> None:
    draft = make_lesson(personas.programme, author=personas.representative, status="draft")
    validated = make_lesson(personas.programme, author=personas.representative)
    visible = set(Lesson.objects.visible_to(personas.get(persona)))
    if persona in NOT_MEMBERS:
        assert visible == set()
    elif persona in TEAM or persona == "representative":
        assert visible == {draft, validated}
    else:
        assert visible == {validated}


def test_lessons_of_another_programme_stay_there(personas: Personas) -> None:
    elsewhere = make_lesson(f.make_programme())
    assert elsewhere not in Lesson.objects.visible_to(personas.facilitator)


# --- Predicates ---------------------------------------------------------------------------------
@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_who_may_record_edit_and_validate(personas: Personas, persona: str) -> None:
    user = personas.get(persona)
    draft = make_lesson(personas.programme, author=personas.representative, status="draft")
    validated = make_lesson(personas.programme, author=personas.representative)
    assert permissions.can_create_lesson(user, personas.programme) is (persona not in NOT_MEMBERS)
    may_edit = persona in TEAM or persona == "representative"
    assert permissions.can_edit_lesson(user, draft) is may_edit
    assert permissions.can_validate_lesson(user, draft) is (persona in TEAM)
    assert permissions.can_validate_lesson(user, validated) is False  # already validated


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_who_may_mark_a_lesson_reused_and_for_which_project(
    personas: Personas, persona: str
) -> None:
    lesson = make_lesson(personas.programme, projects=[personas.project])
    third = f.make_project(programme=personas.programme, acronym="Terzo")
    candidates = [p.acronym for p in permissions.reuse_candidates(personas.get(persona), lesson)]
    if persona in TEAM:
        assert candidates == ["InCopi", "Terzo"]  # every other project, never Ubuntu itself
    elif persona == "other_representative":
        assert candidates == ["InCopi"]  # the project they represent
    else:
        # Ubuntu's own people (the lesson's project), operators, experts, outsiders...
        assert candidates == []
    assert permissions.can_mark_reused(personas.get(persona), lesson, third) is (persona in TEAM)


def test_drafts_cannot_be_marked_reused(personas: Personas) -> None:
    draft = make_lesson(personas.programme, projects=[personas.project], status="draft")
    assert permissions.reuse_candidates(personas.facilitator, draft) == []


def test_projects_already_marked_are_not_offered_again(personas: Personas) -> None:
    lesson = make_lesson(
        personas.programme, projects=[personas.project], reused_by=[personas.other_project]
    )
    assert permissions.reuse_candidates(personas.other_representative, lesson) == []


# --- Services -----------------------------------------------------------------------------------
def test_create_records_a_draft_with_its_links_and_an_audit_entry(personas: Personas) -> None:
    meeting = make_meeting(personas.programme)
    item = AgendaItem.objects.create(meeting=meeting, title="After-action review")
    theme = f.make_theme(name="Governance")
    lesson = create_lesson(
        programme=personas.programme,
        content=content(themes=[theme], projects=[personas.project], agenda_item=item),
        by=personas.representative,
    )
    assert lesson.status == Lesson.Status.DRAFT
    assert lesson.author == personas.representative
    assert lesson.meeting == meeting  # taken from the session
    assert list(lesson.themes.all()) == [theme]
    assert list(lesson.projects.all()) == [personas.project]
    entry = AuditEntry.objects.get(action="learning.lesson.created")
    assert entry.actor == personas.representative and entry.data["projects"] == [
        personas.project.pk
    ]


def test_create_refuses_links_to_another_programme(personas: Personas) -> None:
    other = f.make_programme()
    foreign_project = f.make_project(programme=other)
    foreign_meeting = make_meeting(other)
    meeting = make_meeting(personas.programme)
    foreign_item = AgendaItem.objects.create(meeting=make_meeting(personas.programme), title="X")
    with unchanged(Lesson.objects.all(), AuditEntry.objects.all()):
        for bad in (
            content(projects=[foreign_project]),
            content(meeting=foreign_meeting),
            content(meeting=meeting, agenda_item=foreign_item),
        ):
            with pytest.raises(ValidationError):
                create_lesson(programme=personas.programme, content=bad, by=personas.facilitator)


def test_update_keeps_the_status_and_logs_the_changed_fields(personas: Personas) -> None:
    lesson = make_lesson(personas.programme, author=personas.representative)
    update_lesson(
        lesson=lesson,
        content=content(title="Titolo nuovo", learned=lesson.learned),
        by=personas.representative,
    )
    lesson.refresh_from_db()
    assert lesson.title == "Titolo nuovo" and lesson.status == Lesson.Status.VALIDATED
    entry = AuditEntry.objects.get(action="learning.lesson.updated")
    assert "title" in entry.data["fields"] and "learned" not in entry.data["fields"]


def test_validate_makes_a_draft_visible_and_records_who(personas: Personas) -> None:
    draft = make_lesson(personas.programme, author=personas.representative, status="draft")
    assert draft not in Lesson.objects.visible_to(personas.expert)
    validate_lesson(lesson=draft, by=personas.facilitator)
    draft.refresh_from_db()
    assert draft.status == Lesson.Status.VALIDATED
    assert draft.validated_by == personas.facilitator and draft.validated_at is not None
    assert draft in Lesson.objects.visible_to(personas.expert)
    with pytest.raises(ValidationError):
        validate_lesson(lesson=draft, by=personas.facilitator)


def test_mark_reused_adds_the_project_and_sets_the_status(personas: Personas) -> None:
    lesson = make_lesson(personas.programme, projects=[personas.project])
    mark_lesson_reused(
        lesson=lesson, project=personas.other_project, by=personas.other_representative
    )
    lesson.refresh_from_db()
    assert lesson.status == Lesson.Status.REUSED
    assert list(lesson.reused_by.all()) == [personas.other_project]
    assert AuditEntry.objects.filter(action="learning.lesson.reused").count() == 1


def test_mark_reused_refuses_drafts_own_projects_and_other_programmes(personas: Personas) -> None:
    lesson = make_lesson(personas.programme, projects=[personas.project])
    draft = make_lesson(personas.programme, status="draft")
    foreign = f.make_project(programme=f.make_programme())
    with unchanged(Lesson.objects.all(), AuditEntry.objects.all()):
        for target, project in (
            (draft, personas.other_project),
            (lesson, personas.project),
            (lesson, foreign),
        ):
            with pytest.raises(ValidationError):
                mark_lesson_reused(lesson=target, project=project, by=personas.facilitator)


def test_evidence_links_only_web_addresses() -> None:
    lesson = Lesson(
        evidence="https://example.org/report.pdf\njavascript:alert(1)\n//evil.example\n\nVerbale del 3/5"
    )
    assert lesson.evidence_items() == [
        ("https://example.org/report.pdf", "https://example.org/report.pdf"),
        ("javascript:alert(1)", None),
        ("//evil.example", None),
        ("Verbale del 3/5", None),
    ]
