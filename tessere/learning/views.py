"""Lessons learned pages: the list, the matrix (themes × projects), a lesson, recording and
editing one, validating it and marking it reused by another project."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tessere.core.http import AuthenticatedRequest
from tessere.meetings.models import AgendaItem, Meeting
from tessere.registry.models import Programme, ProjectRole

from . import permissions, queries, services
from .forms import LessonFilterForm, LessonForm, MatrixFilterForm, ReuseForm
from .models import Lesson

PAGE_SIZE = 20


def _is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _programme(request: AuthenticatedRequest) -> tuple[Programme, list[Programme]]:
    """The programme a page is about (`?programme=<slug>`, else the person's first), and the
    others they may switch to. Nobody outside every programme gets past here."""
    programmes = list(queries.programmes_for(request.user))
    if not programmes:
        raise PermissionDenied
    slug = request.GET.get("programme")
    chosen = next((p for p in programmes if p.slug == slug), None) if slug else programmes[0]
    if chosen is None:
        raise PermissionDenied  # not a member of that programme (or it does not exist)
    return chosen, programmes


def _meetings(request: AuthenticatedRequest) -> Any:
    return Meeting.objects.visible_to(request.user)


@login_required
def lesson_list(request: AuthenticatedRequest) -> HttpResponse:
    programme, programmes = _programme(request)
    form = LessonFilterForm(request.GET or None, programme=programme, meetings=_meetings(request))
    lessons: QuerySet[Lesson] = Lesson.objects.visible_to(request.user).filter(programme=programme)
    if form.is_bound and form.is_valid():
        lessons = queries.filter_lessons(lessons, form.cleaned_data)
    lessons = queries.with_labels(lessons.order_by("-created_at", "-pk"))
    page = Paginator(lessons, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "programme": programme,
        "programmes": programmes,
        "form": form,
        "page": page,
        "can_create": permissions.can_create_lesson(request.user, programme),
    }
    template = (
        "learning/lesson_list.html#results" if _is_htmx(request) else "learning/lesson_list.html"
    )
    return render(request, template, context)


@login_required
def lesson_matrix(request: AuthenticatedRequest) -> HttpResponse:
    programme, programmes = _programme(request)
    form = MatrixFilterForm(request.GET or None, programme=programme, meetings=_meetings(request))
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {k: form.cleaned_data.get(k) for k in ("theme", "meeting")}
    matrix = queries.lesson_matrix(request.user, programme, **filters)
    context = {"programme": programme, "programmes": programmes, "form": form, "matrix": matrix}
    template = (
        "learning/lesson_matrix.html#matrix" if _is_htmx(request) else "learning/lesson_matrix.html"
    )
    return render(request, template, context)


@login_required
def lesson_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    lesson = get_object_or_404(
        queries.with_labels(Lesson.objects.visible_to(request.user)).select_related(
            "agenda_item", "validated_by"
        ),
        pk=pk,
    )
    reuse_projects = permissions.reuse_candidates(request.user, lesson)
    context = {
        "lesson": lesson,
        "can_edit": permissions.can_edit_lesson(request.user, lesson),
        "can_validate": permissions.can_validate_lesson(request.user, lesson),
        "reuse_form": ReuseForm(projects=reuse_projects) if reuse_projects else None,
    }
    return render(request, "learning/lesson_detail.html", context)


def _prefill(request: AuthenticatedRequest) -> tuple[Meeting | None, AgendaItem | None]:
    """`?meeting=<slug>&item=<id>`: the session the harvest page links from (ignored if unseen)."""
    meeting = None
    if slug := request.GET.get("meeting"):
        meeting = _meetings(request).select_related("programme").filter(slug=slug).first()
    item = None
    if meeting is not None and (item_id := request.GET.get("item", "")).isdigit():
        item = AgendaItem.objects.filter(meeting=meeting, pk=int(item_id)).first()
    return meeting, item


@login_required
def lesson_create(request: AuthenticatedRequest) -> HttpResponse:
    meeting, item = _prefill(request)
    if meeting is not None:
        programme = meeting.programme
        programmes = [programme]
    else:
        programme, programmes = _programme(request)
    if not permissions.can_create_lesson(request.user, programme):
        raise PermissionDenied
    own_projects = ProjectRole.objects.filter(
        user=request.user, project__programme=programme
    ).values_list("project_id", flat=True)
    initial = {
        "meeting": meeting,
        "agenda_item": item,
        "projects": list(own_projects),
        "themes": list(meeting.themes.all()) if meeting is not None else [],
    }
    form = LessonForm(
        request.POST or None, programme=programme, meetings=_meetings(request), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        lesson = services.create_lesson(
            programme=programme, content=form.content(), by=request.user
        )
        messages.success(
            request, _("Lesson recorded as a draft: the programme team will validate it.")
        )
        return redirect(lesson)
    context = {
        "form": form,
        "programme": programme,
        "programmes": programmes,
        "meeting": meeting,
        "item": item,
    }
    return render(request, "learning/lesson_form.html", context, status=400 if form.errors else 200)


@login_required
def lesson_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    lesson = get_object_or_404(
        Lesson.objects.visible_to(request.user).select_related("programme"), pk=pk
    )
    if not permissions.can_edit_lesson(request.user, lesson):
        raise PermissionDenied
    form = LessonForm(
        request.POST or None,
        instance=lesson,
        programme=lesson.programme,
        meetings=_meetings(request),
    )
    if request.method == "POST" and form.is_valid():
        services.update_lesson(lesson=lesson, content=form.content(), by=request.user)
        messages.success(request, _("Lesson saved."))
        return redirect(lesson)
    context = {"form": form, "lesson": lesson, "programme": lesson.programme}
    return render(request, "learning/lesson_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def lesson_validate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    lesson = get_object_or_404(Lesson.objects.visible_to(request.user), pk=pk)
    if not permissions.can_validate_lesson(request.user, lesson):
        raise PermissionDenied
    services.validate_lesson(lesson=lesson, by=request.user)
    messages.success(request, _("Lesson validated: every member of the programme can now read it."))
    return redirect(lesson)


@login_required
@require_POST
def lesson_reuse(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    lesson = get_object_or_404(
        Lesson.objects.visible_to(request.user).prefetch_related("projects", "reused_by"), pk=pk
    )
    candidates = permissions.reuse_candidates(request.user, lesson)
    if not candidates:
        raise PermissionDenied
    form = ReuseForm(request.POST, projects=candidates)
    if not form.is_valid():
        messages.error(request, _("Choose one of the projects you can speak for."))
        return redirect(lesson)
    project = form.cleaned_data["project"]
    try:
        services.mark_lesson_reused(lesson=lesson, project=project, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Recorded: %(project)s reused this lesson.") % {"project": project.acronym}
        )
    return redirect(lesson)
