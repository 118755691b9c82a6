"""Finding pages: record and edit a finding (team), read it with its timeline, add a dated
update (team and the project's coordinators). Thin: parse with a form, call a service, render.

Who sees what is decided by Finding.objects.visible_to (access.py): the whole file for its
readers, shared findings only for monitors and the call's project manager, 404 for the rest."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tessere.core.http import AuthenticatedRequest
from tessere.registry.models import Project

from .. import permissions
from ..forms_findings import FindingForm, FindingUpdateForm
from ..models import Finding
from ..services import findings as services
from .versioned import edit_with_version


def file_project(request: AuthenticatedRequest, slug: str) -> Project:
    """The project, if this person may read its whole mentoring file (404 otherwise)."""
    project = get_object_or_404(Project.objects.select_related("programme"), slug=slug)
    if not permissions.can_view_file(request.user, project):
        raise Http404
    return project


def visible_finding(request: AuthenticatedRequest, slug: str, pk: int) -> Finding:
    return get_object_or_404(
        Finding.objects.visible_to(request.user).select_related(
            "project__programme", "session", "created_by"
        ),
        project__slug=slug,
        pk=pk,
    )


def _form_page(
    request: AuthenticatedRequest,
    form: FindingForm,
    project: Project,
    finding: Finding | None,
    **extra: Any,
) -> HttpResponse:
    context = {"form": form, "project": project, "finding": finding, **extra}
    return render(
        request,
        "mentoring/finding_form.html",
        context,
        status=400 if form.errors or extra.get("conflict") else 200,
    )


@login_required
def finding_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    project = file_project(request, slug)
    if not permissions.can_manage_file(request.user, project):
        raise PermissionDenied
    initial: dict[str, Any] = {"status": Finding.Status.OPEN}
    if session := request.GET.get("session", "").strip():
        initial["session"] = session
    form = FindingForm(request.POST or None, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            finding = services.create_finding(
                project=project, data=form.cleaned_data, by=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Finding recorded."))
            return redirect(finding)
    return _form_page(request, form, project, None)


@login_required
def finding_edit(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    finding = visible_finding(request, slug, pk)
    project = finding.project
    if not permissions.can_view_file(request.user, project):
        raise Http404  # a monitor reads a shared finding, but its form is the file's
    if not permissions.can_manage_file(request.user, project):
        raise PermissionDenied
    return edit_with_version(
        request,
        obj=finding,
        project=project,
        form_class=FindingForm,
        save=lambda data, version: services.update_finding(
            finding=finding, data=data, version=version, by=request.user
        ),
        render_form=lambda form, obj, **extra: _form_page(request, form, project, obj, **extra),
        saved_message=_("Finding saved."),
    )


@login_required
def finding_detail(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    finding = visible_finding(request, slug, pk)
    project = finding.project
    full = permissions.can_view_file(request.user, project)
    context: dict[str, Any] = {
        "finding": finding,
        "project": project,
        "full": full,
        "can_edit": full and permissions.can_manage_file(request.user, project),
        "can_follow_up": full and permissions.can_follow_up(request.user, project),
        "updates": list(finding.updates.select_related("author")),
        # The actions and their people are the file's, not the shared part.
        "actions": list(finding.actions.select_related("owner", "project")) if full else [],
    }
    if context["can_follow_up"]:
        context["update_form"] = FindingUpdateForm(initial={"status": finding.status})
    return render(request, "mentoring/finding_detail.html", context)


@login_required
@require_POST
def finding_update(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    finding = visible_finding(request, slug, pk)
    project = finding.project
    if not permissions.can_view_file(request.user, project):
        raise Http404
    if not permissions.can_follow_up(request.user, project):
        raise PermissionDenied
    form = FindingUpdateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_finding_update(
                finding=finding,
                date=data["date"],
                status=data["status"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Update added."))
            return redirect(finding)
    context = {
        "finding": finding,
        "project": project,
        "full": True,
        "can_edit": permissions.can_manage_file(request.user, project),
        "can_follow_up": True,
        "updates": list(finding.updates.select_related("author")),
        "actions": list(finding.actions.select_related("owner", "project")),
        "update_form": form,
    }
    return render(request, "mentoring/finding_detail.html", context, status=400)
