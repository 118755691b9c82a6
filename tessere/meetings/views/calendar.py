"""The public iCalendar feed of a programme's meetings.

The calendar itself (month, week, list), the feed settings and the personal feed live in the
agenda app (tessere/agenda), which shows the meetings through meetings/calendar_entries.py.

- public_feed: the public meetings of a public programme, the same for everyone.
Feeds carry what a public meeting page shows, never the online link, the check-in code, the
minutes or who registered (ics.meeting_event).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from tessere.registry.models import Programme

from ..ics import REFRESH, calendar_for
from ..models import Meeting


def _feed_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def public_feed(request: HttpRequest, programme_slug: str) -> HttpResponse:
    # The public feed is the same for everyone, logged in or not: public meetings of a public
    # programme only.
    programme = get_object_or_404(Programme.objects.filter(is_public=True), slug=programme_slug)
    meetings = (
        Meeting.objects.filter(programme=programme, is_public=True)
        .select_related("programme", "municipality")
        .order_by("start")
    )
    body = calendar_for(meetings, name=programme.title, refresh=REFRESH)
    return _feed_response(body, f"{programme.slug}.ics")
