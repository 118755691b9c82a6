"""The one calendar: a month grid, a week, a list, and the personal iCalendar feed.

Every view reads `calendar_sources.entries_for(user, start, end, kinds=...)` (core/calendar.py)
and never imports the apps that fill it: each source applies its own visibility rules, so the
calendar is one more path to the same content, never a wider one.

- month, week, list: anyone (anonymous people see the public meetings); a group of checkboxes
  chooses the sources (`?kind=...`, GET, works without JavaScript; htmx swaps the results).
- feed_settings: logged-in people; shows the personal feed URL right after issuing a token
  (only its hash is stored, so it cannot be shown again: a new one can be issued any time).
- personal_feed: by token, 404 for a wrong or revoked one; the entries the calendar shows the
  token's owner, from a year ago to two years ahead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tessere.accounts.models import CalendarToken
from tessere.accounts.services import (
    issue_calendar_token,
    revoke_calendar_token,
    user_for_calendar_token,
)
from tessere.core.calendar import calendar_sources
from tessere.core.http import AuthenticatedRequest
from tessere.registry.models import Programme

from .ics import REFRESH, calendar_for_entries
from .periods import (
    Day,
    Shown,
    ends_at,
    iso_week,
    local_midnight,
    month_weeks,
    parse_month,
    parse_week,
    place_on_days,
    shift_month,
    shift_week,
    week_monday,
)

PAGE_SIZE = 20
# The list and the personal feed: from a year ago to two years ahead.
LIST_PAST = dt.timedelta(days=366)
LIST_AHEAD = dt.timedelta(days=2 * 366)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


# --- The source filter ----------------------------------------------------------------------------
@dataclass(frozen=True)
class SourceChoice:
    key: str
    label: str | Promise
    checked: bool


@dataclass(frozen=True)
class Filters:
    """The sources chosen with `?kind=`: all of them when the parameter is absent. The form sends
    an empty `kind` too, so that unticking every box means "none", not "all"."""

    choices: list[SourceChoice]
    kinds: list[str]
    explicit: bool
    ignored: bool  # some value was not a source: it was left out

    @property
    def labels(self) -> dict[str, str | Promise]:
        return {choice.key: choice.label for choice in self.choices}

    @property
    def query(self) -> str:
        """The choice as a query string, for the links between the views."""
        return urlencode({"kind": ["", *self.kinds]}, doseq=True) if self.explicit else ""


def source_filters(request: HttpRequest) -> Filters:
    sources = calendar_sources.sources()
    keys = [info.key for info in sources]
    explicit = "kind" in request.GET
    if explicit:
        asked = [value for value in request.GET.getlist("kind") if value]
        kinds = [key for key in keys if key in asked]
        ignored = any(value not in keys for value in asked)
    else:
        kinds, ignored = keys, False
    choices = [SourceChoice(info.key, info.label, info.key in kinds) for info in sources]
    return Filters(choices=choices, kinds=kinds, explicit=explicit, ignored=ignored)


def _render(request: HttpRequest, template: str, context: dict[str, object]) -> HttpResponse:
    # htmx (the filter) swaps the results only; every link and the form also work without it.
    htmx = is_htmx(request)
    name = f"{template}#results" if htmx else template
    return render(request, name, {**context, "htmx": htmx})


# --- Month ----------------------------------------------------------------------------------------
def month(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    raw = request.GET.get("month")
    first_of_month = parse_month(raw)
    if first_of_month is None:
        if raw:
            messages.warning(
                request,
                _("“%(value)s” is not a month (write it as YYYY-MM): here is the current month.")
                % {"value": raw[:20]},
            )
        first_of_month = today.replace(day=1)
    filters = source_filters(request)
    weeks_dates = month_weeks(first_of_month)
    first, last = weeks_dates[0][0], weeks_dates[-1][-1]
    entries = calendar_sources.entries_for(
        request.user,
        local_midnight(first),
        local_midnight(last + dt.timedelta(days=1)),
        kinds=filters.kinds,
    )
    by_day = place_on_days(entries, first, last, filters.labels)
    weeks = [
        [Day(d, d == today, d.month == first_of_month.month, by_day.get(d, [])) for d in week]
        for week in weeks_dates
    ]
    in_month = {
        shown.entry.uid
        for d, shown_list in by_day.items()
        if d.month == first_of_month.month
        for shown in shown_list
    }
    context = {
        "current": "month",
        "month": first_of_month,
        "weeks": weeks,
        "weekdays": weeks_dates[0],
        "previous_month": shift_month(first_of_month, -1),
        "next_month": shift_month(first_of_month, 1),
        "is_current_month": first_of_month == today.replace(day=1),
        "entry_count": len(in_month),
        "filters": filters,
    }
    return _render(request, "agenda/month.html", context)


# --- Week -----------------------------------------------------------------------------------------
def week(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    raw = request.GET.get("week")
    monday = parse_week(raw)
    if monday is None:
        if raw:
            messages.warning(
                request,
                _(
                    "“%(value)s” is not a week (write it as YYYY-Www, e.g. 2026-W05): here is the current week."
                )
                % {"value": raw[:20]},
            )
        monday = week_monday(today)
    filters = source_filters(request)
    sunday = monday + dt.timedelta(days=6)
    entries = calendar_sources.entries_for(
        request.user,
        local_midnight(monday),
        local_midnight(sunday + dt.timedelta(days=1)),
        kinds=filters.kinds,
    )
    by_day = place_on_days(entries, monday, sunday, filters.labels)
    days = [
        Day(d, d == today, entries=by_day.get(d, []))
        for d in (monday + dt.timedelta(days=i) for i in range(7))
    ]
    previous_week, next_week = shift_week(monday, -1), shift_week(monday, 1)
    context = {
        "current": "week",
        "monday": monday,
        "sunday": sunday,
        "week": iso_week(monday),
        "days": days,
        "previous_week": iso_week(previous_week) if previous_week else None,
        "next_week": iso_week(next_week) if next_week else None,
        "is_current_week": monday == week_monday(today),
        "entry_count": len({shown.entry.uid for day in days for shown in day.entries}),
        "filters": filters,
    }
    return _render(request, "agenda/week.html", context)


# --- List -----------------------------------------------------------------------------------------
def entry_list(request: HttpRequest) -> HttpResponse:
    """Upcoming entries first (soonest first), then past ones (latest first), paginated."""
    now = timezone.now()
    filters = source_filters(request)
    entries = calendar_sources.entries_for(
        request.user, now - LIST_PAST, now + LIST_AHEAD, kinds=filters.kinds
    )
    labels = filters.labels
    upcoming = [e for e in entries if ends_at(e) > now]
    past = [e for e in reversed(entries) if ends_at(e) <= now]
    items = [Shown(e, labels.get(e.kind, e.kind)) for e in upcoming]
    items += [Shown(e, labels.get(e.kind, e.kind), is_past=True) for e in past]
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"current": "list", "page": page, "filters": filters}
    return _render(request, "agenda/list.html", context)


# --- Feed settings --------------------------------------------------------------------------------
def personal_feed_url(token: str) -> str:
    # SITE_URL, not the request's host: the link is pasted into calendar apps far from here.
    return settings.SITE_URL + reverse("agenda:personal_feed", args=[token])


def _public_feeds(user: object) -> list[tuple[Programme, str]]:
    """The public feed of each public programme (served by the meetings app, if installed)."""
    feeds = []
    for programme in Programme.objects.visible_to(user).filter(is_public=True).order_by("title"):
        try:
            path = reverse("meetings:public_feed", args=[programme.slug])
        except NoReverseMatch:
            return []
        feeds.append((programme, settings.SITE_URL + path))
    return feeds


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
            return redirect("agenda:feed_settings")
        else:
            messages.error(request, _("Unknown action."))
            return redirect("agenda:feed_settings")
    webcal_url = None
    if new_url:
        webcal_url = new_url.replace("https://", "webcal://", 1).replace("http://", "webcal://", 1)
    context = {
        "current": "feeds",
        "has_token": CalendarToken.objects.filter(user=user).exists(),
        "new_url": new_url,
        "webcal_url": webcal_url,
        "public_feeds": _public_feeds(user),
        "sources": calendar_sources.sources(),
    }
    # The URL is a secret: the page is shown once, right after the POST, and never cached
    # (private pages are no-store, core.middleware).
    return render(request, "agenda/feed_settings.html", context)


# --- The personal feed ----------------------------------------------------------------------------
def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    person = user_for_calendar_token(token)
    if person is None:
        raise Http404
    now = timezone.now()
    # The titles in the owner's language, not the one of whoever fetches the link.
    with translation.override(person.language):
        entries = calendar_sources.entries_for(person, now - LIST_PAST, now + LIST_AHEAD)
        labels = {info.key: info.label for info in calendar_sources.sources()}
        body = calendar_for_entries(
            entries, name=_("My calendar · Tessere"), labels=labels, refresh=REFRESH
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="tessere.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
