"""On a project's page: the way into its mentoring file, for those who may open it."""

from __future__ import annotations

from django.http import HttpRequest

from tessere.core.panels import Panel
from tessere.registry.models import Project

from .permissions import can_view_file, can_view_shared


def mentoring_link_panel(request: HttpRequest, project: Project) -> Panel | None:
    if not can_view_shared(request.user, project):
        return None  # others do not even learn that a file exists
    return Panel(
        "mentoring/includes/project_link.html",
        {"project": project, "full": can_view_file(request.user, project)},
    )
