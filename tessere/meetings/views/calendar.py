"""The calendar of meetings (a month grid and a list) and the iCalendar feeds.

- calendar_month, calendar_list: anyone, with the meetings Meeting.objects.visible_to them.
- feed_settings: logged-in people; shows the personal feed URL right after issuing a token
  (only its hash is stored, so it cannot be shown again: a new one can be issued any time).
- personal_feed: by token, 404 for a wrong or revoked one; the meetings the person has a place
  at (cancelled meetings stay, marked CANCELLED, so subscribed calendars update).
- public_feed: the public meetings of a public programme.
Feeds carry what a public meeting page shows, never the online link, the check-in code, the
minutes or who registered (ics.meeting_event).
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, DateTimeField, F, IntegerField, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tessere.accounts.models import CalendarToken
from tessere.accounts.services import (
    issue_calendar_token,
    revoke_calendar_token,
    user_for_calendar_token,
)
from tessere.core.http import AuthenticatedRequest
from tessere.registry.models import Programme

from ..ics import REFRESH, ROME, calendar_for
from ..models import Meeting, Registration

PAGE_SIZE = 20
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
MIN_YEAR, MAX_YEAR = 2000, 2100


# --- The month grid ------------------------------------------------------------------------------
@dataclass
class Day:
    date: dt.date
    in_month: bool
    is_today: bool
    meetings: list[Meeting] = field(default_factory=list)


def _parse_month(value: str | None) -> dt.date | None:
    """`YYYY-MM` to the first day of that month; None when missing or not a real month."""
    match = MONTH_RE.match(value or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    return dt.date(year, month, 1)


def _shift(month: dt.date, delta: int) -> dt.date | None:
    index = month.year * 12 + month.month - 1 + delta
    year, month_number = divmod(index, 12)
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    return dt.date(year, month_number + 1, 1)


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=ROME)


def _visible_meetings(request: HttpRequest) -> QuerySet[Meeting]:
    return Meeting.objects.visible_to(request.user).select_related("programme", "municipality")


def calendar_month(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate(timezone.now(), ROME)
    raw = request.GET.get("month")
    month = _parse_month(raw)
    if month is None:
        if raw:
            messages.warning(
                request,
                _("“%(value)s” is not a month (write it as YYYY-MM): here is the current month.")
                % {"value": raw[:20]},
            )
        month = today.replace(day=1)
    weeks_dates = pycalendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    first, last = weeks_dates[0][0], weeks_dates[-1][-1]
    meetings = (
        _visible_meetings(request)
        .filter(
            start__gte=_local_midnight(first),
            start__lt=_local_midnight(last + dt.timedelta(days=1)),
        )
        .order_by("start", "pk")
    )
    by_day: dict[dt.date, list[Meeting]] = {}
    for meeting in meetings:
        by_day.setdefault(timezone.localtime(meeting.start, ROME).date(), []).append(meeting)
    weeks = [
        [Day(d, d.month == month.month, d == today, by_day.get(d, [])) for d in week]
        for week in weeks_dates
    ]
    previous_month, next_month = _shift(month, -1), _shift(month, 1)
    context = {
        "month": month,
        "weeks": weeks,
        "weekdays": [weeks_dates[0][i] for i in range(7)],
        "previous_month": previous_month,
        "next_month": next_month,
        "is_current_month": month == today.replace(day=1),
        "meeting_count": sum(len(v) for d, v in by_day.items() if d.month == month.month),
    }
    return render(request, "meetings/calendar/month.html", context)


# --- The list ------------------------------------------------------------------------------------
def calendar_list(request: HttpRequest) -> HttpResponse:
    """Upcoming meetings first (soonest first), then past ones (latest first), paginated."""
    now = timezone.now()
    meetings = (
        _visible_meetings(request)
        .annotate(
            is_past=Case(
                When(end__lt=now, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
            upcoming_start=Case(
                When(end__gte=now, then=F("start")), default=None, output_field=DateTimeField()
            ),
        )
        .order_by("is_past", F("upcoming_start").asc(nulls_last=True), "-start", "pk")
    )
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "meetings/calendar/list.html", {"page": page, "now": now})


# --- Feeds ---------------------------------------------------------------------------------------
def _feed_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def personal_feed_url(token: str) -> str:
    # SITE_URL, not the request's host: the link is pasted into calendar apps far from here.
    return settings.SITE_URL + reverse("meetings:personal_feed", args=[token])


@login_required
@require_http_methods(["GET", "POST"])
def feed_settings(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    new_url = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action in {"issue", "regenerate"}:
            token = issue_calendar_token(user=user)
            new_url = personal_feed_url(token)
            if action == "regenerate":
                messages.success(request, _("New link created: the old one no longer works."))
        elif action == "revoke":
            revoke_calendar_token(user=user)
            messages.success(request, _("Your calendar link has been revoked: it no longer works."))
            return redirect("meetings:feed_settings")
        else:
            messages.error(request, _("Unknown action."))
            return redirect("meetings:feed_settings")
    public_programmes = list(
        Programme.objects.visible_to(user).filter(is_public=True).order_by("title")
    )
    context = {
        "has_token": CalendarToken.objects.filter(user=user).exists(),
        "new_url": new_url,
        "webcal_url": new_url.replace("https://", "webcal://", 1).replace("http://", "webcal://", 1)
        if new_url
        else None,
        "public_feeds": [
            (p, settings.SITE_URL + reverse("meetings:public_feed", args=[p.slug]))
            for p in public_programmes
        ],
    }
    # The URL is a secret: the page is shown once, right after the POST, and never cached
    # (private pages are no-store, core.middleware).
    return render(request, "meetings/calendar/feed_settings.html", context)


def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    person = user_for_calendar_token(token)
    if person is None:
        raise Http404
    meetings = (
        Meeting.objects.visible_to(person)
        .filter(registrations__user=person, registrations__status=Registration.Status.CONFIRMED)
        .select_related("programme", "municipality")
        .order_by("start")
    )
    with translation.override(person.language):
        name = _("My meetings · Tessere")
    return _feed_response(calendar_for(meetings, name=name, refresh=REFRESH), "tessere.ics")


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
