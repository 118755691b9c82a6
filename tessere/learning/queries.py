"""Lookups for the lessons pages, with their prefetches in one place (query budgets live here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from tessere.meetings.models import Meeting
from tessere.registry.models import Programme, Project, Theme, member_programme_ids

from .models import Lesson


def programmes_for(user: Any) -> QuerySet[Programme]:
    """The programmes whose lessons this person may read: those they are a member of."""
    if user is None or not user.is_authenticated:
        return Programme.objects.none()
    programmes = Programme.objects.order_by("title", "pk")
    return programmes if user.is_superuser else programmes.filter(pk__in=member_programme_ids(user))


def with_labels(lessons: QuerySet[Lesson]) -> QuerySet[Lesson]:
    """Lessons with what a list shows: author, meeting, themes, projects, reusing projects."""
    return lessons.select_related("author", "meeting", "programme").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("name")),
        Prefetch("projects", queryset=Project.objects.order_by("acronym")),
        Prefetch("reused_by", queryset=Project.objects.order_by("acronym")),
    )


def filter_lessons(lessons: QuerySet[Lesson], data: dict[str, Any]) -> QuerySet[Lesson]:
    if q := (data.get("q") or "").strip():
        lessons = lessons.filter(
            Q(title__icontains=q)
            | Q(situation__icontains=q)
            | Q(what_happened__icontains=q)
            | Q(learned__icontains=q)
            | Q(do_differently__icontains=q)
        )
    if theme := data.get("theme"):
        lessons = lessons.filter(themes=theme)
    if project := data.get("project"):
        lessons = lessons.filter(Q(projects=project) | Q(reused_by=project))
    if meeting := data.get("meeting"):
        lessons = lessons.filter(meeting=meeting)
    if status := data.get("status"):
        lessons = lessons.filter(status=status)
    return lessons.distinct()


# --- The matrix: themes × projects -------------------------------------------------------------
@dataclass
class MatrixRow:
    theme: Theme | None  # None: lessons without a theme
    cells: list[list[Lesson]]  # one cell per column, in the columns' order
    count: int  # distinct lessons in the row


@dataclass
class LessonMatrix:
    programme: Programme
    projects: list[Project]
    rows: list[MatrixRow]
    column_counts: list[int]
    total: int
    has_unassigned: bool  # a last column for lessons without a project

    @property
    def column_count(self) -> int:
        return len(self.projects) + (1 if self.has_unassigned else 0)


def lesson_matrix(
    user: Any, programme: Programme, *, theme: Theme | None = None, meeting: Meeting | None = None
) -> LessonMatrix:
    """Lessons by theme (rows) and project (columns): every project of the programme is a
    column, so a project without lessons shows as an empty column. A lesson with two themes or
    two projects sits in each of their cells; row and column counts count it once.
    A fixed number of queries whatever the number of lessons, themes and projects."""
    projects = list(Project.objects.filter(programme=programme).order_by("acronym"))
    lessons_qs = Lesson.objects.visible_to(user).filter(programme=programme)
    if theme is not None:
        lessons_qs = lessons_qs.filter(themes=theme)
    if meeting is not None:
        lessons_qs = lessons_qs.filter(meeting=meeting)
    lessons = list(
        lessons_qs.distinct()
        .order_by("title", "pk")
        .only("pk", "title", "status", "programme_id")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("name")),
            Prefetch("projects", queryset=Project.objects.only("pk")),
        )
    )
    column_of = {p.pk: i for i, p in enumerate(projects)}
    unassigned_column = len(projects)
    has_unassigned = any(not lesson.projects.all() for lesson in lessons)
    width = len(projects) + (1 if has_unassigned else 0)

    rows_by_theme: dict[int | None, MatrixRow] = {}
    themes: dict[int, Theme] = {}
    column_sets: list[set[int]] = [set() for _ in range(width)]
    for lesson in lessons:
        columns = [column_of[p.pk] for p in lesson.projects.all() if p.pk in column_of]
        if not columns:
            columns = [unassigned_column]
        lesson_themes: list[Theme | None] = list(lesson.themes.all())
        if theme is not None:
            lesson_themes = [t for t in lesson_themes if t is not None and t.pk == theme.pk]
        for t in lesson_themes or [None]:
            key = t.pk if t is not None else None
            if t is not None:
                themes[t.pk] = t
            row = rows_by_theme.get(key)
            if row is None:
                row = rows_by_theme[key] = MatrixRow(
                    theme=t, cells=[[] for _ in range(width)], count=0
                )
            row.count += 1
            for column in columns:
                row.cells[column].append(lesson)
        for column in columns:
            column_sets[column].add(lesson.pk)

    ordered_keys = sorted(
        (k for k in rows_by_theme if k is not None), key=lambda k: themes[k].name.lower()
    )
    rows = [rows_by_theme[k] for k in ordered_keys]
    if None in rows_by_theme:
        rows.append(rows_by_theme[None])
    return LessonMatrix(
        programme=programme,
        projects=projects,
        rows=rows,
        column_counts=[len(s) for s in column_sets],
        total=len(lessons),
        has_unassigned=has_unassigned,
    )
