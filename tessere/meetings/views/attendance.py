"""Attendance on the day: the facilitators' sheet (one tap per person, made for phones), the
participants' check-in with the meeting's code, and the certificate of attendance."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tessere.core.http import AuthenticatedRequest

from .. import permissions, queries
from ..forms import CheckInForm, WalkInForm
from ..models import Meeting, Registration
from ..services import attendance as services
from .meetings import is_htmx, team_meeting, visible_meeting


def _sheet_counts(meeting: Meeting) -> dict[str, int]:
    confirmed = Registration.objects.confirmed().filter(meeting=meeting)
    return {"present": confirmed.filter(attended=True).count(), "expected": confirmed.count()}


@login_required
def attendance_sheet(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    meeting = team_meeting(request, slug, permissions.can_take_attendance)
    walk_in = None
    if meeting.closed_at is None and meeting.status != Meeting.Status.CANCELLED:
        walk_in = WalkInForm(request.POST or None, meeting=meeting)
    if request.method == "POST":
        if walk_in is None:
            messages.error(
                request, _("The meeting is closed: its attendance was recorded at closing.")
            )
            return redirect("meetings:attendance", slug=meeting.slug)
        if walk_in.is_valid():
            try:
                registration = services.add_walk_in(
                    meeting=meeting, person=walk_in.cleaned_data["person"], by=request.user
                )
            except ValidationError as exc:
                walk_in.add_error(None, exc.messages)
            else:
                messages.success(
                    request,
                    _("%(person)s added and marked present.") % {"person": registration.user},
                )
                return redirect("meetings:attendance", slug=meeting.slug)
    rows = queries.attendance_sheet(meeting)
    context = {
        "meeting": meeting,
        "rows": rows,
        "present": sum(1 for r in rows if r.attended),
        "expected": len(rows),
        "walk_in": walk_in,
        "editable": meeting.closed_at is None and meeting.status != Meeting.Status.CANCELLED,
        "check_in_window": services.check_in_window(meeting),
    }
    status = 400 if walk_in is not None and walk_in.errors else 200
    return render(request, "meetings/attendance/sheet.html", context, status=status)


@login_required
@require_POST
def toggle_attendance(
    request: AuthenticatedRequest, slug: str, registration_id: int
) -> HttpResponse:
    """One tap: present or not. htmx gets the row back (and the counter, out of band); without
    JavaScript the form posts and the sheet reloads at the same row."""
    meeting = team_meeting(request, slug, permissions.can_take_attendance)
    registration = get_object_or_404(
        Registration.objects.confirmed().select_related("user", "project", "organisation"),
        meeting=meeting,
        pk=registration_id,
    )
    attended = request.POST.get("attended") == "1"
    error = ""
    try:
        registration = services.record_attendance(
            registration=registration, attended=attended, by=request.user
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if is_htmx(request):
        registration.refresh_from_db()
        context = {
            "meeting": meeting,
            "row": registration,
            "error": error,
            "editable": meeting.closed_at is None and meeting.status != Meeting.Status.CANCELLED,
            "oob": True,
            **_sheet_counts(meeting),
        }
        return render(request, "meetings/attendance/sheet.html#toggled", context)
    if error:
        messages.error(request, error)
    return redirect(
        reverse("meetings:attendance", args=[meeting.slug]) + f"#registration-{registration.pk}"
    )


@login_required
def check_in(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """A registered participant types the code shown in the room."""
    meeting = visible_meeting(request, slug)
    registration = permissions.active_registration(request.user, meeting)
    form = CheckInForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.check_in(
                    meeting=meeting, person=request.user, code=form.cleaned_data["code"]
                )
            except ValidationError as exc:
                form.add_error("code", exc.messages)
            else:
                messages.success(request, _("Welcome! You are checked in as present."))
                return redirect(meeting)
        status = 400
    opens, closes = services.check_in_window(meeting)
    context = {
        "meeting": meeting,
        "form": form,
        "registration": registration,
        "registered": registration is not None
        and registration.status == Registration.Status.CONFIRMED,
        "window_open": services.check_in_open(meeting),
        "opens": opens,
        "closes": closes,
    }
    return render(request, "meetings/attendance/check_in.html", context, status=status)


@login_required
def certificate(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """A print-ready certificate of attendance, for the people who attended."""
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("programme__lead_organisation"),
        slug=slug,
    )
    if not permissions.can_get_certificate(request.user, meeting):
        raise PermissionDenied
    registration = permissions.active_registration(request.user, meeting)
    minutes = int((meeting.end - meeting.start).total_seconds() // 60)
    context = {
        "meeting": meeting,
        "registration": registration,
        "person": request.user,
        "hours": minutes // 60,
        "minutes": minutes % 60,
        "programme": meeting.programme,
    }
    return render(request, "meetings/certificate.html", context)
