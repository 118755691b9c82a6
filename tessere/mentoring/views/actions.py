"""Action pages: create and edit an action (team), read it with its follow-up notes (the file's
readers, and its owner wherever they work), add a follow-up note or mark it done (the owner,
the team, the project's coordinators). Thin: parse with a form, call a service, render.

An owner who may not read the file sees their action and its notes, but nothing of the finding
or session it is linked to."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tessere.core.http import AuthenticatedRequest
from tessere.registry.models import Project

from .. import permissions
from ..forms_actions import ActionForm, ActionUpdateForm
from ..models import Action
from ..services import actions as services
from .findings import file_project
from .versioned import edit_with_version


def visible_action(request: AuthenticatedRequest, slug: str, pk: int) -> Action:
    return get_object_or_404(
        Action.objects.visible_to(request.user).select_related(
            "project__programme", "owner", "finding", "session"
        ),
        project__slug=slug,
        pk=pk,
    )


def _form_page(
    request: AuthenticatedRequest,
    form: ActionForm,
    project: Project,
    action: Action | None,
    **extra: Any,
) -> HttpResponse:
    context = {"form": form, "project": project, "action": action, **extra}
    return render(
        request,
        "mentoring/action_form.html",
        context,
        status=400 if form.errors or extra.get("conflict") else 200,
    )


@login_required
def action_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    project = file_project(request, slug)
    if not permissions.can_manage_file(request.user, project):
        raise PermissionDenied
    initial: dict[str, Any] = {"status": Action.Status.OPEN}
    for name in ("finding", "session"):
        if value := request.GET.get(name, "").strip():
            initial[name] = value
    form = ActionForm(request.POST or None, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.create_action(
                project=project, data=form.cleaned_data, by=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Action created."))
            return redirect(action)
    return _form_page(request, form, project, None)


@login_required
def action_edit(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    action = visible_action(request, slug, pk)
    project = action.project
    if not permissions.can_view_file(request.user, project):
        raise PermissionDenied  # the owner sees the action, but its form is the file's
    if not permissions.can_manage_file(request.user, project):
        raise PermissionDenied
    return edit_with_version(
        request,
        obj=action,
        project=project,
        form_class=ActionForm,
        save=lambda data, version: services.update_action(
            action=action, data=data, version=version, by=request.user
        ),
        render_form=lambda form, obj, **extra: _form_page(request, form, project, obj, **extra),
        saved_message=_("Action saved."),
    )


def _detail_context(request: AuthenticatedRequest, action: Action) -> dict[str, Any]:
    user, project = request.user, action.project
    full = permissions.can_view_file(user, project)
    can_update = permissions.can_update_action(user, action)
    return {
        "action": action,
        "project": project,
        "full": full,
        "is_owner": action.owner_id == user.pk,
        "can_edit": full and permissions.can_manage_file(user, project),
        "can_update": can_update,
        "updates": list(action.updates.select_related("author")),
        "update_form": ActionUpdateForm(initial={"status": action.status}) if can_update else None,
    }


@login_required
def action_detail(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    action = visible_action(request, slug, pk)
    return render(request, "mentoring/action_detail.html", _detail_context(request, action))


@login_required
@require_POST
def action_update(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    action = visible_action(request, slug, pk)
    if not permissions.can_update_action(request.user, action):
        raise PermissionDenied
    form = ActionUpdateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_action_update(
                action=action,
                date=data["date"],
                status=data["status"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            done = data["status"] == Action.Status.DONE
            messages.success(
                request, _("Action marked done.") if done else _("Follow-up note added.")
            )
            return redirect(action)
    context = _detail_context(request, action)
    context["update_form"] = form
    return render(request, "mentoring/action_detail.html", context, status=400)
