"""Small helpers shared by the practices views."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tessere.registry.models import Programme, member_programme_ids


def is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def programmes_for_drafting(user: Any) -> list[Programme]:
    """The programmes a person may draft a practice in (their own; every one for superusers)."""
    if user is None or not user.is_authenticated:
        return []
    programmes = Programme.objects.order_by("title", "pk")
    if not user.is_superuser:
        programmes = programmes.filter(pk__in=member_programme_ids(user))
    return list(programmes)
