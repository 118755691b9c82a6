"""Mentoring sessions: record one, read one, edit one. Thin: parse with a form, call a
service, render. Monitors read only what a session shares with them; others get a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tessere.core.http import AuthenticatedRequest
from tessere.registry.models import Project

from .. import permissions
from ..forms import SessionForm, resource_formset
from ..models import Action, Finding, Session
from ..services import sessions as services
from .file import file_project


def _managed_project(request: AuthenticatedRequest, slug: str) -> Project:
    project, _full = file_project(request, slug)  # 404 for those who see nothing
    if not permissions.can_manage_file(request.user, project):
        raise PermissionDenied
    return project


def _visible_session(request: AuthenticatedRequest, project: Project, pk: int) -> Session:
    return get_object_or_404(
        Session.objects.visible_to(request.user)
        .filter(project=project)
        .select_related("project", "municipality"),
        pk=pk,
    )


def _data(form: SessionForm, resources: Any) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data["resources"] = resources.rows()
    return data


def _form_status(form: SessionForm, resources: Any) -> int:
    return 400 if form.errors or resources.total_error_count() else 200


@login_required
def session_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    project = _managed_project(request, slug)
    post = request.POST if request.method == "POST" else None
    form = SessionForm(post, project=project, initial={"mentors": [request.user.pk]})
    resources = resource_formset(post)
    if post is not None and form.is_valid() and resources.is_valid():
        try:
            session = services.create_session(
                project=project, data=_data(form, resources), by=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Session recorded."))
            return redirect(session)
    context = {"project": project, "programme": project.programme, "form": form}
    context |= {"resources": resources, "session": None}
    status = _form_status(form, resources) if post is not None else 200
    return render(request, "mentoring/session_form.html", context, status=status)


@login_required
def session_detail(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    project, full = file_project(request, slug)
    session = _visible_session(request, project, pk)
    context: dict[str, Any] = {
        "project": project,
        "programme": project.programme,
        "session": session,
        "full": full,
    }
    if full:
        context.update(
            mentors=list(session.mentors.order_by("last_name", "first_name")),
            participants=list(
                session.participants.select_related("user", "organisation").order_by(
                    "user__last_name", "user__first_name"
                )
            ),
            resources=list(session.resources.order_by("pk")),
            findings=list(
                Finding.objects.filter(session=session)
                .select_related("project")
                .order_by("kind", "pk")
            ),
            actions=list(
                Action.objects.filter(session=session)
                .select_related("owner", "project")
                .order_by("due_date")
            ),
            can_manage=permissions.can_manage_file(request.user, project),
        )
    return render(request, "mentoring/session_detail.html", context)


@login_required
def session_edit(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    project = _managed_project(request, slug)
    session = _visible_session(request, project, pk)
    post = request.POST if request.method == "POST" else None
    form = SessionForm(post, instance=session, project=project)
    resources = resource_formset(post, session=session)
    conflict: Session | None = None
    status = 200
    if post is not None:
        status = 400
        if form.is_valid() and resources.is_valid():
            version = form.cleaned_data.get("version")
            try:
                saved = services.update_session(
                    session=session,
                    data=_data(form, resources),
                    expected_version=session.version if version is None else version,
                    by=request.user,
                )
            except services.SessionConflict as exc:
                # Keep every word this person typed; show what the other person saved, and
                # carry the new version so saving again is a deliberate choice.
                conflict = exc.session
                data = post.copy()
                data["version"] = str(conflict.version)
                # A fresh copy for the form: validating writes the typed values onto it.
                form = SessionForm(
                    data, instance=Session.objects.get(pk=conflict.pk), project=project
                )
                form.is_valid()
                resources = resource_formset(data, session=conflict)
                status = 409
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, _("Session saved."))
                return redirect(saved)
    context = {"project": project, "programme": project.programme, "form": form}
    context |= {"resources": resources, "session": session, "conflict": conflict}
    return render(request, "mentoring/session_form.html", context, status=status)
