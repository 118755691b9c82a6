"""The knowledge hub (/sapere/): one page introducing what the community knows and shares —
the latest published good practices, the latest validated lessons learned from the meetings,
the lessons compared by theme × project, and the ways to the work repository, the FAQ and the
spaces. Anonymous visitors see the public part (lessons are shared among members only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tessere.learning import queries as lesson_queries
from tessere.learning.models import Lesson
from tessere.learning.queries import LessonMatrix
from tessere.registry.models import Programme, Theme

from .. import queries
from ..models import GoodPractice

LATEST = 6

# Pages of other apps the hub links to, by URL name (the first that exists wins); an app not
# installed yet means no link, never an error.
ARCHIVE_URLS = ("documents:list", "documents:document_list", "documents:index")
SPACES_URLS = ("forum:space_list", "community:space_list", "forum:spaces")
FAQ_URLS = ("forum:faq", "forum:faq_list", "forum:faq_index")


def url_or_none(names: tuple[str, ...], **kwargs: Any) -> str | None:
    for name in names:
        try:
            return reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            continue
    return None


@dataclass
class Cell:
    count: int
    label: str  # what a screen reader says of the link: "2 lessons on Housing by Ubuntu"


@dataclass
class Row:
    theme: Theme | None
    cells: list[Cell]
    count: int


def compact_rows(matrix: LessonMatrix) -> list[Row]:
    """The matrix as counts, each with a label naming its theme and project."""
    columns = [p.acronym for p in matrix.projects]
    if matrix.has_unassigned:
        columns.append(str(_("no project")))
    rows = []
    for row in matrix.rows:
        theme = row.theme.name if row.theme is not None else str(_("no theme"))
        cells = [
            Cell(
                len(lessons),
                ngettext(
                    "%(count)d lesson on %(theme)s by %(project)s",
                    "%(count)d lessons on %(theme)s by %(project)s",
                    len(lessons),
                )
                % {"count": len(lessons), "theme": theme, "project": column},
            )
            for lessons, column in zip(row.cells, columns, strict=True)
        ]
        rows.append(Row(row.theme, cells, row.count))
    return rows


@dataclass
class FaqLink:
    programme: Programme
    url: str


def hub(request: HttpRequest) -> HttpResponse:
    user = request.user
    practices = list(
        queries.with_labels(
            GoodPractice.objects.visible_to(user).published().order_by("-published_at", "-pk")
        )[:LATEST]
    )
    lessons: list[Lesson] = []
    matrix = None
    lesson_programmes = list(lesson_queries.programmes_for(user))
    if lesson_programmes:
        lessons = list(
            lesson_queries.with_labels(
                Lesson.objects.visible_to(user)
                .exclude(status=Lesson.Status.DRAFT)
                .order_by("-validated_at", "-created_at", "-pk")
            )[:LATEST]
        )
        slug = request.GET.get("programme")
        chosen = next((p for p in lesson_programmes if p.slug == slug), lesson_programmes[0])
        matrix = lesson_queries.lesson_matrix(user, chosen)
    faqs = [
        FaqLink(programme, url)
        for programme in Programme.objects.visible_to(user).order_by("title", "pk")
        if (url := url_or_none(FAQ_URLS, programme_slug=programme.slug))
    ]
    context = {
        "practices": practices,
        "lessons": lessons,
        "matrix": matrix,
        "matrix_rows": compact_rows(matrix) if matrix is not None else [],
        "lesson_programmes": lesson_programmes,
        "archive_url": url_or_none(ARCHIVE_URLS),
        "spaces_url": url_or_none(SPACES_URLS),
        "faqs": faqs,
    }
    return render(request, "practices/hub.html", context)
