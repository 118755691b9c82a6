"""Breakout groups: rounds of a meeting, their mixed groups, moving people by hand, the export.

These pages list who registered, so they are for the meeting team (can_manage_groups) only.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tessere.core.csv import csv_response
from tessere.core.http import AuthenticatedRequest

from .. import permissions
from ..forms_groups import BreakoutRoundForm, MoveMemberForm
from ..models import BreakoutRound, Meeting
from ..services.groups import make_breakout_round, move_breakout_member, round_overview


def _is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _team_meeting(request: AuthenticatedRequest, slug: str) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("programme"), slug=slug
    )
    if not permissions.can_manage_groups(request.user, meeting):
        raise PermissionDenied
    return meeting


def _round(meeting: Meeting, round_id: int) -> BreakoutRound:
    return get_object_or_404(
        BreakoutRound.objects.filter(meeting=meeting).select_related("agenda_item"), pk=round_id
    )


@login_required
def round_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    meeting = _team_meeting(request, slug)
    form = BreakoutRoundForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            breakout = make_breakout_round(
                meeting=meeting,
                group_count=form.cleaned_data["group_count"],
                title=form.cleaned_data["title"],
                agenda_item=form.cleaned_data["agenda_item"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Groups made: check them, move people if needed, print."))
            return redirect("meetings:round_detail", slug=meeting.slug, round_id=breakout.pk)
    rounds = (
        BreakoutRound.objects.filter(meeting=meeting)
        .select_related("agenda_item")
        .annotate(
            group_total=Count("groups", distinct=True), member_total=Count("members", distinct=True)
        )
        .order_by("-created_at", "-pk")
    )
    context = {
        "meeting": meeting,
        "rounds": rounds,
        "form": form,
        "confirmed": meeting.registrations.confirmed().count(),
    }
    return render(
        request, "meetings/groups/round_list.html", context, status=400 if form.errors else 200
    )


@login_required
def round_detail(request: AuthenticatedRequest, slug: str, round_id: int) -> HttpResponse:
    meeting = _team_meeting(request, slug)
    breakout = _round(meeting, round_id)
    context = {"meeting": meeting, "breakout": breakout, "overview": round_overview(breakout)}
    return render(request, "meetings/groups/round_detail.html", context)


@login_required
@require_POST
def move_member(request: AuthenticatedRequest, slug: str, round_id: int) -> HttpResponse:
    meeting = _team_meeting(request, slug)
    breakout = _round(meeting, round_id)
    form = MoveMemberForm(request.POST, breakout=breakout)
    error, message = None, ""
    if form.is_valid():
        registration, group = form.cleaned_data["registration"], form.cleaned_data["group"]
        try:
            move_breakout_member(
                breakout=breakout, registration=registration, group=group, by=request.user
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            message = _("%(person)s moved to %(group)s.") % {
                "person": registration.user.display_name,
                "group": group,
            }
    else:
        error = _("This move is not possible: reload the page and try again.")
    if _is_htmx(request):
        context = {
            "meeting": meeting,
            "breakout": breakout,
            "overview": round_overview(breakout),
            "move_error": error,
            "move_message": None if error else message,
        }
        # 200 even when refused: htmx swaps only successful answers, and the refusal is shown
        # in the swapped part (nothing was written).
        return render(request, "meetings/groups/round_detail.html#groups", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, message)
    return redirect("meetings:round_detail", slug=meeting.slug, round_id=breakout.pk)


@login_required
def round_export(request: AuthenticatedRequest, slug: str, round_id: int) -> HttpResponse:
    meeting = _team_meeting(request, slug)
    breakout = _round(meeting, round_id)
    overview = round_overview(breakout)
    header = [
        _("Group"),
        _("First name"),
        _("Last name"),
        _("Organisation"),
        _("Project"),
        _("Province"),
    ]
    rows = [
        [
            str(group.group),
            m.registration.user.first_name,
            m.registration.user.last_name,
            m.registration.organisation.name if m.registration.organisation else "",
            m.registration.project.acronym if m.registration.project else "",
            m.province.name if m.province else "",
        ]
        for group in overview.groups
        for m in group.members
        if not m.is_cancelled
    ]
    return csv_response(f"gruppi-{meeting.slug}-{breakout.pk}.csv", header, rows)
