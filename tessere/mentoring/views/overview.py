"""The programme overview of mentoring: one row per project, sortable, computed only from what
the user may see (the team everything; monitors and the call's project manager what is shared)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from tessere.core.http import AuthenticatedRequest
from tessere.registry.models import Programme

from .. import permissions, queries


@login_required
def programme_overview(request: AuthenticatedRequest, programme_slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=programme_slug)
    if not permissions.can_view_overview(request.user, programme):
        raise Http404
    overview = queries.programme_overview(request.user, programme, request.GET.get("sort"))
    return render(
        request, "mentoring/overview.html", {"overview": overview, "programme": programme}
    )
