"""A project's mentoring file (one page) and its history.

Who sees what is decided by permissions.py: the whole file for the team, the coordinators and
the lead partner; the part shared with the funder's monitoring for monitors and the call's
project manager; a 404 for everybody else (the file's existence is not revealed).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessere.core.http import AuthenticatedRequest
from tessere.registry.models import Project

from .. import permissions
from ..models import Action, Finding, Session
from ..queries import capacity_context
from ..services.history import describe, project_history

HISTORY_PAGE_SIZE = 50


def is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def file_project(request: HttpRequest, slug: str) -> tuple[Project, bool]:
    """The project and whether the person sees the whole file (True) or the shared part
    (False); 404 when they see neither."""
    project = get_object_or_404(
        Project.objects.visible_to(request.user).select_related("programme"), slug=slug
    )
    if permissions.can_view_file(request.user, project):
        return project, True
    if permissions.can_view_shared(request.user, project):
        return project, False
    raise Http404


class FindingFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("all")), *Finding.Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("all")), *Finding.Status.choices]
    )
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", _("all")), *Finding.Severity.choices]
    )


@login_required
def project_file(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    project, full = file_project(request, slug)
    user = request.user
    form = FindingFilterForm(request.GET or None)
    findings = Finding.objects.visible_to(user).filter(project=project).select_related("project")
    if form.is_bound and form.is_valid():
        for name in ("kind", "status", "severity"):
            if form.cleaned_data[name]:
                findings = findings.filter(**{name: form.cleaned_data[name]})
    findings = findings.order_by("kind", "status", "-created_at", "-pk")
    context: dict[str, Any] = {
        "project": project,
        "programme": project.programme,
        "full": full,
        "form": form,
        "findings": list(findings),
    }
    if is_htmx(request):
        return render(request, "mentoring/file.html#findings", context)
    sessions = Session.objects.visible_to(user).filter(project=project).select_related("project")
    if full:
        sessions = sessions.select_related("municipality").prefetch_related("mentors")
    today = timezone.localdate()
    context["sessions"] = list(sessions.order_by("-start", "-pk"))
    context["today"] = today
    if full:
        actions = list(
            Action.objects.filter(
                project=project, status__in=[Action.Status.OPEN, Action.Status.IN_PROGRESS]
            )
            .select_related("owner", "project")
            .order_by("due_date", "pk")
        )
        for action in actions:
            action.is_overdue = action.due_date < today  # type: ignore[attr-defined]
        context.update(
            actions=actions,
            overdue_count=sum(1 for a in actions if a.due_date < today),
            **capacity_context(project),
            can_manage=permissions.can_manage_file(user, project),
            can_view_history=permissions.can_view_history(user, project),
        )
    return render(request, "mentoring/file.html", context)


@login_required
def history(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    project, _full = file_project(request, slug)
    if not permissions.can_view_history(request.user, project):
        # Those who see the file know it exists: a refusal; for the rest, file_project 404s.
        raise PermissionDenied
    page = Paginator(project_history(project), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    entries = []
    for entry in page:
        kind, verb, changes = describe(entry)
        entries.append({"entry": entry, "kind": kind, "verb": verb, "changes": changes})
    context = {"project": project, "programme": project.programme, "page": page, "entries": entries}
    return render(request, "mentoring/history.html", context)
