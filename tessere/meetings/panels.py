"""The meeting plan shown on the programme page (registered in apps.py)."""

from __future__ import annotations

from django.http import HttpRequest

from tessere.core.panels import Panel
from tessere.registry.models import Programme

from . import permissions
from .queries import meeting_plan


def meeting_plan_panel(request: HttpRequest, programme: Programme) -> Panel | None:
    plan = meeting_plan(request.user, programme)
    plan["can_create"] = permissions.can_create_meeting(request.user, programme)
    return Panel("meetings/includes/plan_panel.html", {"plan": plan})
