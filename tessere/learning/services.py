"""Every write on lessons learned: record, edit, validate, mark as reused by another project."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tessere.core.audit import log_action
from tessere.registry.models import Programme, Project, Theme

from .models import Lesson

if TYPE_CHECKING:
    from tessere.accounts.models import User
    from tessere.meetings.models import AgendaItem, Meeting


@dataclass
class LessonContent:
    """What a lesson says and what it is about (the editable part)."""

    title: str
    situation: str
    what_happened: str
    learned: str
    do_differently: str = ""
    evidence: str = ""
    themes: Sequence[Theme] = field(default_factory=list)
    projects: Sequence[Project] = field(default_factory=list)
    meeting: Meeting | None = None
    agenda_item: AgendaItem | None = None


def check_content(programme: Programme, content: LessonContent) -> None:
    """A lesson's projects and meeting belong to its programme; its agenda item to its meeting."""
    if any(p.programme_id != programme.pk for p in content.projects):
        raise ValidationError(_("A project belongs to another programme."))
    if content.meeting is not None and content.meeting.programme_id != programme.pk:
        raise ValidationError(_("The meeting belongs to another programme."))
    item = content.agenda_item
    if item is not None:
        if content.meeting is None:
            content.meeting = item.meeting
        elif item.meeting_id != content.meeting.pk:
            raise ValidationError(_("The agenda item belongs to another meeting."))
        if content.meeting.programme_id != programme.pk:
            raise ValidationError(_("The meeting belongs to another programme."))


def _write(lesson: Lesson, content: LessonContent) -> None:
    for name in ("title", "situation", "what_happened", "learned", "do_differently", "evidence"):
        setattr(lesson, name, getattr(content, name))
    lesson.meeting = content.meeting
    lesson.agenda_item = content.agenda_item
    lesson.save()
    lesson.themes.set(content.themes)
    lesson.projects.set(content.projects)


@transaction.atomic
def create_lesson(*, programme: Programme, content: LessonContent, by: User) -> Lesson:
    """A new lesson, as a draft until the programme team validates it."""
    check_content(programme, content)
    lesson = Lesson(programme=programme, author=by, status=Lesson.Status.DRAFT)
    _write(lesson, content)
    log_action(
        lesson,
        "learning.lesson.created",
        by=by,
        programme=programme.pk,
        meeting=lesson.meeting_id,
        projects=sorted(p.pk for p in content.projects),
    )
    return lesson


@transaction.atomic
def update_lesson(*, lesson: Lesson, content: LessonContent, by: User) -> Lesson:
    """Edit what a lesson says; its status stays (the audit log keeps who changed what)."""
    check_content(lesson.programme, content)
    before = {
        name: getattr(lesson, name)
        for name in ("title", "situation", "what_happened", "learned", "do_differently", "evidence")
    }
    _write(lesson, content)
    changed = sorted(name for name, value in before.items() if getattr(lesson, name) != value)
    log_action(lesson, "learning.lesson.updated", by=by, fields=changed)
    return lesson


@transaction.atomic
def validate_lesson(*, lesson: Lesson, by: User) -> Lesson:
    """The programme team confirms a draft: from now on every member of the programme sees it."""
    lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
    if lesson.status != Lesson.Status.DRAFT:
        raise ValidationError(_("This lesson has already been validated."))
    lesson.status = Lesson.Status.VALIDATED
    lesson.validated_at = timezone.now()
    lesson.validated_by = by
    lesson.save(update_fields=["status", "validated_at", "validated_by", "updated_at"])
    log_action(lesson, "learning.lesson.validated", by=by)
    return lesson


@transaction.atomic
def mark_lesson_reused(*, lesson: Lesson, project: Project, by: User) -> Lesson:
    """Another project applied the lesson: the lesson's most valuable outcome."""
    lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
    if lesson.status == Lesson.Status.DRAFT:
        raise ValidationError(_("A draft cannot be reused: it must be validated first."))
    if project.programme_id != lesson.programme_id:
        raise ValidationError(_("The project belongs to another programme."))
    if lesson.projects.filter(pk=project.pk).exists():
        raise ValidationError(_("The lesson comes from this project: reuse means another project."))
    lesson.reused_by.add(project)
    if lesson.status != Lesson.Status.REUSED:
        lesson.status = Lesson.Status.REUSED
        lesson.save(update_fields=["status", "updated_at"])
    log_action(lesson, "learning.lesson.reused", by=by, project=project.pk)
    return lesson
