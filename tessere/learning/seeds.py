"""Demo data: about forty lessons learned of the Territori Inclusivi projects, linked to the
meetings and agenda items they came from (written by the meetings seed, which runs first).

Idempotent like the other seeds: lessons are matched on programme and title, their themes and
projects set exactly, and a second run creates and changes nothing. Copies of the programme
(`scale` > 1) get the same lessons, written by their own people. The lessons themselves are in
`seed_data.py`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from django.db import transaction

from tessere.core.seeding import BulkWriter
from tessere.meetings.models import AgendaItem, Meeting
from tessere.meetings.seed_data import ROME, rome
from tessere.meetings.seeds import copy_slug, programme_slug
from tessere.registry.models import Programme, ProgrammeRole, ProjectRole, Theme

from .models import Lesson
from .seed_data import LESSONS_LEARNED, check_lessons


def _run(writer: BulkWriter, programme: Programme, copy: int, themes: dict[str, int]) -> list[int]:
    projects = {p.acronym: p.pk for p in programme.projects.all()}
    authors: dict[str, list[int]] = {}
    for acronym, user_id in (
        ProjectRole.objects.filter(
            project__programme=programme, role=ProjectRole.Role.REPRESENTATIVE
        )
        .order_by("pk")
        .values_list("project__acronym", "user_id")
    ):
        authors.setdefault(acronym, []).append(user_id)
    # The programme team validates lessons: the first facilitator did, a few days later.
    validator = (
        ProgrammeRole.objects.filter(programme=programme, role=ProgrammeRole.Role.FACILITATOR)
        .order_by("pk")
        .values_list("user_id", flat=True)
        .first()
    )
    slugs = {copy_slug(lesson.meeting, copy) for lesson in LESSONS_LEARNED if lesson.meeting}
    meetings = {m.slug: m for m in Meeting.objects.filter(slug__in=slugs)}
    items = {
        (item.meeting_id, item.position): item.pk
        for item in AgendaItem.objects.filter(meeting__in=meetings.values()).only(
            "pk", "meeting_id", "position"
        )
    }
    rows: list[dict[str, Any]] = []
    for lesson in LESSONS_LEARNED:
        if lesson.project not in projects:
            continue
        meeting = meetings.get(copy_slug(lesson.meeting, copy)) if lesson.meeting else None
        written = lesson.written or (
            meeting.end.astimezone(ROME).date() + dt.timedelta(days=7) if meeting else None
        )
        written = written or programme.start_date
        people = authors.get(lesson.project, [])
        validated = lesson.status != Lesson.Status.DRAFT
        rows.append(
            {
                "programme_id": programme.pk,
                "title": lesson.title,
                "situation": lesson.situation,
                "what_happened": lesson.what_happened,
                "learned": lesson.learned,
                "do_differently": lesson.do_differently,
                "status": lesson.status,
                "evidence": lesson.evidence,
                "meeting_id": meeting.pk if meeting else None,
                "agenda_item_id": items.get((meeting.pk, lesson.item)) if meeting else None,
                "author_id": people[lesson.author] if lesson.author < len(people) else None,
                "created_at": rome(written, "17:30"),
                "validated_by_id": validator if validated else None,
                "validated_at": rome(written + dt.timedelta(days=5), "10:00")
                if validated
                else None,
            }
        )
    existing = Lesson.objects.filter(programme=programme, title__in=[r["title"] for r in rows])
    index = writer.sync(
        Lesson, rows, ("programme_id", "title"), existing, create_only=("created_at",)
    )
    by_title = {title: lesson for (_programme, title), lesson in index.items()}
    specs = [lesson for lesson in LESSONS_LEARNED if lesson.project in projects]

    def ids(acronyms: tuple[str, ...]) -> set[int]:
        return {projects[a] for a in acronyms if a in projects}

    writer.sync_m2m(
        Lesson.themes.through,
        "lesson_id",
        "theme_id",
        {by_title[s.title].pk: {themes[t] for t in s.themes if t in themes} for s in specs},
    )
    writer.sync_m2m(
        Lesson.projects.through,
        "lesson_id",
        "project_id",
        {by_title[s.title].pk: ids((s.project, *s.also)) for s in specs},
    )
    writer.sync_m2m(
        Lesson.reused_by.through,
        "lesson_id",
        "project_id",
        {by_title[s.title].pk: ids(s.reused_by) for s in specs},
    )
    return [by_title[s.title].pk for s in specs]


def seed(*, scale: int = 1, stdout: TextIO | None = None) -> dict[str, Any]:
    """Write the lessons learned of the demo programme (and of its copies, for `scale` > 1)."""
    if scale < 1:
        raise ValueError("scale must be 1 or more")
    check_lessons()
    writer = BulkWriter()
    warnings: list[str] = []
    lesson_ids: list[int] = []
    with transaction.atomic():
        themes = dict(Theme.objects.values_list("name", "pk"))
        for copy in range(1, scale + 1):
            programme = Programme.objects.filter(slug=programme_slug(copy)).first()
            if programme is None:
                warnings.append(
                    f"programme {programme_slug(copy)} not found: seed the registry first"
                )
                continue
            lesson_ids += _run(writer, programme, copy, themes)
    return {
        "lessons": len(lesson_ids),
        "created": dict(writer.created),
        "updated": dict(writer.updated),
        "warnings": warnings,
    }
