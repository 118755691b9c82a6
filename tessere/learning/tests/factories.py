"""Typed factory functions for lessons learned."""

from __future__ import annotations

from collections.abc import Iterable

from tessere.accounts.models import User
from tessere.learning.models import Lesson
from tessere.meetings.models import AgendaItem, Meeting
from tessere.registry.models import Programme, Project, Theme
from tessere.registry.tests.factories import n


def make_lesson(
    programme: Programme,
    *,
    title: str | None = None,
    author: User | None = None,
    status: str = Lesson.Status.VALIDATED,
    themes: Iterable[Theme] = (),
    projects: Iterable[Project] = (),
    reused_by: Iterable[Project] = (),
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
    learned: str = "Che le reti si curano nel tempo.",
) -> Lesson:
    lesson = Lesson.objects.create(
        programme=programme,
        title=title or f"Lezione {n()}",
        situation="Un tavolo territoriale con enti diversi.",
        what_happened="Gli incontri si sono diradati dopo l'estate.",
        learned=learned,
        do_differently="Fissare le date per tutto l'anno.",
        author=author,
        status=status,
        meeting=meeting or (agenda_item.meeting if agenda_item else None),
        agenda_item=agenda_item,
    )
    lesson.themes.set(list(themes))
    lesson.projects.set(list(projects))
    lesson.reused_by.set(list(reused_by))
    return lesson
