"""The capacity rubric of a project's lead partner: the assessments over time (a chart with a
data table beside it) and a new assessment. Thin: parse with a form, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tessere.core.http import AuthenticatedRequest
from tessere.registry.models import Project

from .. import permissions, queries
from ..forms_capacity import AssessmentForm
from ..rubric import CAPACITIES
from ..services.capacity import record_assessment


def _file_project(request: AuthenticatedRequest, slug: str) -> Project:
    """The project, if the user may read its whole mentoring file; else a 404 (its existence
    is not confirmed to anybody else)."""
    project = get_object_or_404(Project.objects.select_related("programme"), slug=slug)
    if not permissions.can_view_file(request.user, project):
        raise Http404
    return project


@login_required
def capacity(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    project = _file_project(request, slug)
    context = {
        **queries.capacity_context(project),
        "capacities": CAPACITIES,
        "can_manage": permissions.can_manage_file(request.user, project),
    }
    return render(request, "mentoring/capacity.html", context)


@login_required
def assessment_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    project = _file_project(request, slug)
    if not permissions.can_manage_file(request.user, project):
        raise PermissionDenied
    form = AssessmentForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            record_assessment(project=project, data=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Assessment recorded."))
            return redirect("mentoring:capacity", project.slug)
    context = {"project": project, "form": form}
    return render(
        request, "mentoring/capacity_form.html", context, status=400 if form.errors else 200
    )
