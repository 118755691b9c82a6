"""A person's own page lists the mentoring actions they own that are still open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from tessere.core.panels import Panel

from .models import Action


def my_actions_panel(request: HttpRequest, user: Any) -> Panel | None:
    actions = list(
        Action.objects.filter(
            owner=user, status__in=[Action.Status.OPEN, Action.Status.IN_PROGRESS]
        )
        .select_related("project")
        .order_by("due_date")[:20]
    )
    if not actions:
        return None
    return Panel(
        "mentoring/includes/my_actions.html", {"actions": actions, "today": timezone.localdate()}
    )
