"""What the one search box finds among lessons learned: the title and every text part;
filtered by programme, the projects it comes from, themes, and the meeting's day (or the day
it was recorded). Who finds a lesson is `Lesson.objects.visible_to` (members; drafts: the
author and the programme team)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessere.core.search import SearchDocument, SearchSource, search_sources

from .models import Lesson

TEXT_FIELDS = ("situation", "what_happened", "learned", "do_differently")


def lesson_document(lesson: Lesson) -> SearchDocument:
    when = lesson.meeting.start if lesson.meeting is not None else lesson.created_at
    return SearchDocument(
        title=lesson.title,
        body="\n\n".join(text for name in TEXT_FIELDS if (text := getattr(lesson, name))),
        url=lesson.get_absolute_url(),
        programme_id=lesson.programme_id,
        project_ids=tuple(sorted(project.pk for project in lesson.projects.all())),
        theme_ids=tuple(sorted(theme.pk for theme in lesson.themes.all())),
        date=timezone.localdate(when) if when is not None else None,
    )


def _all() -> QuerySet[Lesson]:
    return Lesson.objects.select_related("meeting").prefetch_related("projects", "themes")


def _visible(user: Any) -> QuerySet[Lesson]:
    return Lesson.objects.visible_to(user)


search_sources.register(
    SearchSource(
        key="learning.lesson",
        label=_("Lessons learned"),
        model=Lesson,
        visible=_visible,
        document=lesson_document,
        queryset=_all,
        order=45,
    )
)
