"""Registration pages: the registration box of the meeting page, registering (oneself or
someone else), cancelling, the team's list of registrations, the .ics of a meeting and the
online link that opens 15 minutes before the start.

Answers, for the permission matrix (GET / POST):
- register: anonymous -> login; a meeting one may not see -> 404; GET: members of the programme
  and the team 200, others 403; POST: members 302 (written; a refusal such as a full project or
  closed registration is a 302 with an error message), others 403.
- cancel (POST only): anonymous -> login; one's own place, or one's project's (coordinator), or
  anyone's (team) -> 302; someone else's place without the right -> 403; nothing to cancel
  -> 302 with a message.
- registration_list: the meeting team 200, other logged-in people 403.
- meeting_ics: whoever may see the meeting 200.
- online_link: anonymous -> login; registered people and the team, from 15 minutes before the
  start to the end -> 302 to the link; others 403 (a page that says when it opens).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tessere.core.http import AuthenticatedRequest
from tessere.registry.models import Organisation, Project

from .. import permissions
from ..forms_registration import RegisterSomeoneForm
from ..ics import calendar_for
from ..models import Meeting, Registration
from ..services import registration as services

BOX_TEMPLATE = "meetings/includes/registration_box.html"


def _is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _visible_meeting(request: HttpRequest, slug: str) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("programme", "municipality"),
        slug=slug,
    )


def _next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


# --- The meeting page's registration box and participant list ----------------------------------
@dataclass
class RegistrationBox:
    """What includes/registration_box.html shows to one viewer."""

    meeting: Meeting
    mine: Registration | None
    confirmed_count: int
    waiting_count: int
    is_open: bool
    is_member: bool
    is_team: bool
    can_register_others: bool
    waiting_position: int | None = None
    show_online_link: bool = False
    online_link_opens_at: dt.datetime | None = None

    @property
    def capacity(self) -> int | None:
        return self.meeting.capacity

    @property
    def places_left(self) -> int | None:
        if self.meeting.capacity is None:
            return None
        return max(0, self.meeting.capacity - self.confirmed_count)

    @property
    def is_full(self) -> bool:
        return self.places_left == 0

    @property
    def is_confirmed(self) -> bool:
        return self.mine is not None and self.mine.status == Registration.Status.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.mine is not None and self.mine.status == Registration.Status.WAITLISTED

    @property
    def can_register(self) -> bool:
        return self.mine is None and self.is_member and self.is_open

    @property
    def can_cancel(self) -> bool:
        # Until the meeting ends; afterwards the registration is the attendance record.
        meeting = self.meeting
        return (
            self.mine is not None
            and meeting.status != Meeting.Status.CANCELLED
            and not meeting.has_ended
            and not meeting.is_closed
        )

    @property
    def has_online_link(self) -> bool:
        return bool(self.meeting.online_url) and self.meeting.format != Meeting.Format.IN_PERSON


@dataclass
class ParticipantList:
    """The confirmed participants this viewer may see, and how many others there are."""

    shown: list[Registration] = field(default_factory=list)
    hidden_count: int = 0
    viewer_id: int | None = None
    is_team: bool = False

    @property
    def total(self) -> int:
        return len(self.shown) + self.hidden_count


def registration_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """What the meeting page's registration box and participant list need
    (includes/registration_box.html and includes/participants.html).

    A fixed number of queries whatever the number of registrations: one for the meeting's active
    registrations (with people, projects and organisations), plus the viewer's roles, cached
    for the request by the predicates.
    """
    user = request.user
    now = timezone.now()
    active = list(
        meeting.registrations.active()
        .select_related("user", "project", "organisation")
        .annotate(
            waiting_first=Case(
                When(status=Registration.Status.WAITLISTED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("waiting_first", "created_at", "pk")
    )
    confirmed = [r for r in active if r.status == Registration.Status.CONFIRMED]
    waiting = [r for r in active if r.status == Registration.Status.WAITLISTED]
    mine = (
        next((r for r in active if r.user_id == user.pk), None) if user.is_authenticated else None
    )
    if user.is_authenticated:
        # The predicates below ask for the viewer's registration: they find it here.
        meeting.__dict__.setdefault("_active_registration", {})[user.pk] = mine
    is_team = bool(permissions.is_meeting_team(user, meeting))
    is_open = permissions.registration_open(meeting, now)
    box = RegistrationBox(
        meeting=meeting,
        mine=mine,
        confirmed_count=len(confirmed),
        waiting_count=len(waiting),
        is_open=is_open,
        is_member=bool(permissions.is_member_of_meeting_programme(user, meeting)),
        is_team=is_team,
        can_register_others=is_open
        and user.is_authenticated
        and permissions.can_register_others(user, meeting),
    )
    if mine is not None and mine.status == Registration.Status.WAITLISTED:
        box.waiting_position = waiting.index(mine) + 1
    if box.has_online_link and (box.is_confirmed or is_team):
        box.show_online_link = permissions.can_see_online_link(user, meeting, now)
        opens_at = meeting.start - permissions.ONLINE_LINK_OPENS
        if (
            not box.show_online_link
            and now < opens_at
            and meeting.status != Meeting.Status.CANCELLED
        ):
            box.online_link_opens_at = opens_at
    participants = ParticipantList(viewer_id=user.pk, is_team=is_team)
    for registration in confirmed:
        if permissions.can_see_participant(user, registration):
            participants.shown.append(registration)
        else:
            participants.hidden_count += 1
    return {"registration_box": box, "participant_list": participants}


def _box_response(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    """htmx: the registration box again, in place, and the participant list out of band."""
    context = {"meeting": meeting, "htmx_box": True, **registration_context(request, meeting)}
    return render(request, BOX_TEMPLATE, context)


def _report(request: HttpRequest, outcome: services.RegistrationOutcome, *, myself: bool) -> None:
    registration = outcome.registration
    who = registration.user
    if not outcome.created:
        if myself:
            messages.info(request, _("You are already registered for this meeting."))
        else:
            messages.info(request, _("%(person)s is already registered.") % {"person": who})
    elif outcome.waitlisted:
        if myself:
            messages.warning(
                request,
                _(
                    "The meeting is full: you are on the waiting list. If a place frees up you "
                    "get it automatically, and an email."
                ),
            )
        else:
            messages.warning(
                request,
                _("The meeting is full: %(person)s is on the waiting list.") % {"person": who},
            )
    elif myself:
        messages.success(
            request,
            _("You are registered. A confirmation email with the calendar entry is on its way."),
        )
    else:
        messages.success(request, _("%(person)s is registered.") % {"person": who})
    for warning in outcome.warnings:
        messages.warning(request, warning)


@login_required
def register(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """GET: the registration page (oneself, and someone else for coordinators and the team).
    POST: register oneself, or with `person`, someone else."""
    meeting = _visible_meeting(request, slug)
    user = request.user
    is_member = bool(permissions.is_member_of_meeting_programme(user, meeting))
    is_team = bool(permissions.is_meeting_team(user, meeting))
    others_allowed = permissions.can_register_others(user, meeting)
    if not (is_member or is_team):
        raise PermissionDenied
    meeting_page = meeting.get_absolute_url()
    someone_else = request.method == "POST" and "person" in request.POST
    form = None
    if others_allowed:
        form = RegisterSomeoneForm(request.POST if someone_else else None, meeting=meeting, by=user)
    if request.method == "POST":
        project: Project | None = None
        organisation: Organisation | None = None
        if someone_else:
            if form is None:
                if not permissions.registration_open(meeting):
                    messages.error(request, _("Registration for this meeting is closed."))
                    return redirect(_next_url(request, meeting_page))
                raise PermissionDenied
            if not form.is_valid():
                context = {
                    "meeting": meeting,
                    "form": form,
                    **registration_context(request, meeting),
                }
                return render(request, "meetings/registration/register.html", context, status=400)
            candidate = form.candidate()
            person, project, organisation = (
                candidate.person,
                candidate.project,
                candidate.organisation,
            )
        else:
            person = user
        try:
            outcome = services.register_participant(
                meeting=meeting, person=person, by=user, project=project, organisation=organisation
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            _report(request, outcome, myself=person.pk == user.pk)
        if _is_htmx(request) and not someone_else:
            return _box_response(request, meeting)
        return redirect(_next_url(request, meeting_page))
    context = {"meeting": meeting, "form": form, **registration_context(request, meeting)}
    return render(request, "meetings/registration/register.html", context)


@login_required
@require_POST
def cancel(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Cancel one's own place (one click), or with `registration`, someone else's."""
    meeting = _visible_meeting(request, slug)
    user = request.user
    raw_id = request.POST.get("registration", "")
    if raw_id:
        if not raw_id.isdigit():
            raise PermissionDenied
        registration = (
            meeting.registrations.active().select_related("user").filter(pk=int(raw_id)).first()
        )
        if registration is None:
            messages.info(request, _("This registration had already been cancelled."))
            return redirect(_next_url(request, meeting.get_absolute_url()))
        if not permissions.can_cancel(user, registration):
            raise PermissionDenied
    else:
        registration = permissions.active_registration(user, meeting)
        if registration is None:
            messages.info(request, _("You are not registered for this meeting."))
            if _is_htmx(request):
                return _box_response(request, meeting)
            return redirect(_next_url(request, meeting.get_absolute_url()))
    myself = registration.user_id == user.pk
    try:
        promoted = services.cancel_registration(registration=registration, by=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if myself:
            messages.success(request, _("Your registration has been cancelled."))
        else:
            messages.success(
                request,
                _("The registration of %(person)s has been cancelled.")
                % {"person": registration.user},
            )
        if promoted and not myself:
            messages.info(
                request,
                _("From the waiting list, now registered: %(people)s.")
                % {"people": ", ".join(str(r.user) for r in promoted)},
            )
    # Forget what the predicates cached before the change.
    meeting.__dict__.pop("_active_registration", None)
    if _is_htmx(request) and not raw_id:
        return _box_response(request, meeting)
    return redirect(_next_url(request, meeting.get_absolute_url()))


# --- The team's list of registrations -----------------------------------------------------------
@dataclass
class Tally:
    label: str
    confirmed: int = 0
    waiting: int = 0


def _tallies(registrations: list[Registration], key: str) -> list[Tally]:
    counts: dict[Any, Tally] = {}
    for registration in registrations:
        obj = getattr(registration, key)
        tally = counts.setdefault(obj.pk if obj else None, Tally(str(obj) if obj else _("none")))
        if registration.status == Registration.Status.CONFIRMED:
            tally.confirmed += 1
        else:
            tally.waiting += 1
    return sorted(counts.values(), key=lambda t: (-t.confirmed - t.waiting, t.label.lower()))


@login_required
def registration_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    meeting = _visible_meeting(request, slug)
    if not permissions.can_see_registrations(request.user, meeting):
        raise PermissionDenied
    registrations = list(
        meeting.registrations.select_related(
            "user", "project", "organisation", "registered_by"
        ).order_by("created_at", "pk")
    )
    confirmed = [r for r in registrations if r.status == Registration.Status.CONFIRMED]
    waiting = [r for r in registrations if r.status == Registration.Status.WAITLISTED]
    cancelled = sorted(
        (r for r in registrations if r.status == Registration.Status.CANCELLED),
        key=lambda r: r.cancelled_at or r.updated_at,
        reverse=True,
    )
    active = confirmed + waiting
    pairs = Counter(
        (r.project_id, r.organisation_id) for r in active if r.project_id and r.organisation_id
    )
    shared = []
    for (project_id, organisation_id), count in pairs.items():
        if count > 1:
            people = [
                r
                for r in active
                if (r.project_id, r.organisation_id) == (project_id, organisation_id)
            ]
            shared.append(
                {
                    "project": people[0].project,
                    "organisation": people[0].organisation,
                    "people": people,
                }
            )
    represented = {r.project_id for r in active}
    missing = [p for p in meeting.programme.projects.order_by("acronym") if p.pk not in represented]
    form = None
    if permissions.can_register_others(request.user, meeting):
        form = RegisterSomeoneForm(meeting=meeting, by=request.user)
    context = {
        "meeting": meeting,
        "confirmed": confirmed,
        "waiting": waiting,
        "cancelled": cancelled,
        "by_project": _tallies(active, "project"),
        "by_organisation": _tallies(active, "organisation"),
        "shared": shared,
        "missing_projects": missing,
        "form": form,
        "can_cancel": not meeting.has_ended and not meeting.is_closed,
        "limit": meeting.programme.representation_limit,
    }
    return render(request, "meetings/registration/list.html", context)


# --- Calendar entry and online link -------------------------------------------------------------
def meeting_ics(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = _visible_meeting(request, slug)
    body = calendar_for([meeting], name=meeting.title)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{meeting.slug}.ics"'
    return response


@login_required
def online_link(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    meeting = _visible_meeting(request, slug)
    if permissions.can_see_online_link(request.user, meeting):
        response = HttpResponseRedirect(meeting.online_url)
        response["Referrer-Policy"] = "no-referrer"
        return response
    registration = permissions.active_registration(request.user, meeting)
    context = {
        "meeting": meeting,
        "registration": registration,
        "opens_at": meeting.start - permissions.ONLINE_LINK_OPENS,
        "now": timezone.now(),
        "is_team": permissions.is_meeting_team(request.user, meeting),
        "register_url": reverse("meetings:register", args=[meeting.slug]),
    }
    return render(request, "meetings/registration/online_link_closed.html", context, status=403)
