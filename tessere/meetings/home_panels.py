"""The person's own page shows their upcoming meetings (registered or waiting)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from tessere.core.panels import Panel

from .models import Registration


def my_meetings_panel(request: HttpRequest, user: Any) -> Panel | None:
    registrations = list(
        Registration.objects.active()
        .filter(user=user, meeting__end__gte=timezone.now())
        .select_related("meeting")
        .order_by("meeting__start")[:10]
    )
    return Panel("meetings/includes/my_meetings.html", {"registrations": registrations})
