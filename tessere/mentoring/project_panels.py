"""Ways into mentoring from the registry's pages, shown only to those who may go in."""

from __future__ import annotations

from django.http import HttpRequest

from tessere.core.panels import Panel
from tessere.registry.models import Programme, Project

from .permissions import can_view_file, can_view_overview, can_view_shared


def mentoring_link_panel(request: HttpRequest, project: Project) -> Panel | None:
    if not can_view_shared(request.user, project):
        return None  # others do not even learn that a file exists
    return Panel(
        "mentoring/includes/project_link.html",
        {"project": project, "full": can_view_file(request.user, project)},
    )


def mentoring_overview_panel(request: HttpRequest, programme: Programme) -> Panel | None:
    """On the programme page: the way into the mentoring overview, for the roles that have one."""
    if not can_view_overview(request.user, programme):
        return None
    return Panel("mentoring/includes/programme_link.html", {"programme": programme})
