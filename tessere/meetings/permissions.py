"""Named predicates for meetings. Views, templates and services ask these."""

from __future__ import annotations

import datetime as dt
from typing import Any

import rules
from django.utils import timezone

from tessere.registry.models import Programme, ProgrammeRole, ProjectRole, member_programme_ids
from tessere.registry.permissions import has_programme_role

from .models import Meeting, Registration

# Who runs the community's meetings: the programme's admins and facilitators.
MEETING_TEAM_ROLES = frozenset({ProgrammeRole.Role.ADMIN, ProgrammeRole.Role.FACILITATOR})
ONLINE_LINK_OPENS = dt.timedelta(minutes=15)


def _authenticated(user: Any) -> bool:
    return user is not None and user.is_authenticated


@rules.predicate
def can_create_meeting(user: Any, programme: Programme) -> bool:
    if not _authenticated(user):
        return False
    return bool(user.is_superuser or has_programme_role(user, programme.pk, MEETING_TEAM_ROLES))


def _facilitator_ids(meeting: Meeting) -> set[int]:
    cached = getattr(meeting, "_facilitator_ids", None)
    if cached is None:
        cached = {u.pk for u in meeting.facilitators.all()}
        meeting._facilitator_ids = cached  # type: ignore[attr-defined]
    return cached


@rules.predicate
def is_meeting_team(user: Any, meeting: Meeting) -> bool:
    """Programme admins and facilitators, and the facilitators named on the meeting."""
    if not _authenticated(user):
        return False
    if user.is_superuser or has_programme_role(user, meeting.programme_id, MEETING_TEAM_ROLES):
        return True
    return user.pk in _facilitator_ids(meeting)


can_edit_meeting = is_meeting_team
can_take_attendance = is_meeting_team
can_manage_groups = is_meeting_team
can_see_registrations = is_meeting_team
can_add_material = is_meeting_team
can_close_meeting = is_meeting_team


def active_registration(user: Any, meeting: Meeting) -> Registration | None:
    """The person's registration (confirmed or waiting), cached on the meeting for the request."""
    if not _authenticated(user):
        return None
    cache: dict[int, Registration | None] = meeting.__dict__.setdefault("_active_registration", {})
    if user.pk not in cache:
        cache[user.pk] = Registration.objects.active().filter(meeting=meeting, user=user).first()
    return cache[user.pk]


@rules.predicate
def is_member_of_meeting_programme(user: Any, meeting: Meeting) -> bool:
    if not _authenticated(user):
        return False
    return bool(user.is_superuser or meeting.programme_id in member_programme_ids(user))


def registration_open(meeting: Meeting, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        meeting.status in {Meeting.Status.PLANNED, Meeting.Status.CONFIRMED}
        and meeting.closed_at is None
        and meeting.end > now
    )


@rules.predicate
def can_register(user: Any, meeting: Meeting) -> bool:
    """Any member of the programme may register themself while registration is open."""
    return bool(is_member_of_meeting_programme(user, meeting) and registration_open(meeting))


def coordinated_project_ids(user: Any, programme_id: int) -> set[int]:
    if not _authenticated(user):
        return set()
    return set(
        ProjectRole.objects.filter(
            user=user, role=ProjectRole.Role.COORDINATOR, project__programme_id=programme_id
        ).values_list("project_id", flat=True)
    )


def can_register_others(user: Any, meeting: Meeting) -> bool:
    """A project's coordinator registers the project's representatives; the team registers anyone."""
    if not registration_open(meeting):
        return False
    return bool(
        is_meeting_team(user, meeting) or coordinated_project_ids(user, meeting.programme_id)
    )


def can_cancel(user: Any, registration: Registration) -> bool:
    if not _authenticated(user) or registration.status == Registration.Status.CANCELLED:
        return False
    if registration.user_id == user.pk:
        return True
    meeting = registration.meeting
    if is_meeting_team(user, meeting):
        return True
    return registration.project_id in coordinated_project_ids(user, meeting.programme_id)


def can_see_online_link(user: Any, meeting: Meeting, now: dt.datetime | None = None) -> bool:
    """Registered people (and the team), from 15 minutes before the start to the end."""
    if not meeting.online_url or meeting.status == Meeting.Status.CANCELLED:
        return False
    now = now or timezone.now()
    if not (meeting.start - ONLINE_LINK_OPENS <= now <= meeting.end):
        return False
    if is_meeting_team(user, meeting):
        return True
    registration = active_registration(user, meeting)
    return registration is not None and registration.status == Registration.Status.CONFIRMED


def can_see_participant(viewer: Any, registration: Registration) -> bool:
    """On the participant list, each person appears only to whom they chose."""
    from tessere.accounts.models import User

    if not _authenticated(viewer):
        return False
    meeting = registration.meeting
    if viewer.pk == registration.user_id or is_meeting_team(viewer, meeting):
        return True
    choice = registration.user.participant_list_visibility
    if choice == User.ListVisibility.MEMBERS:
        return bool(is_member_of_meeting_programme(viewer, meeting))
    if choice == User.ListVisibility.PARTICIPANTS:
        return active_registration(viewer, meeting) is not None
    return False


def can_harvest(user: Any, meeting: Meeting) -> bool:
    """The team and the people registered record what the sessions produced."""
    if is_meeting_team(user, meeting):
        return True
    registration = active_registration(user, meeting)
    return registration is not None and registration.status == Registration.Status.CONFIRMED


def can_view_materials(user: Any, meeting: Meeting) -> bool:
    return bool(is_member_of_meeting_programme(user, meeting))


def can_get_certificate(user: Any, meeting: Meeting) -> bool:
    registration = active_registration(user, meeting)
    return registration is not None and registration.attended


rules.add_perm("meetings.create_meeting", can_create_meeting)
rules.add_perm("meetings.edit_meeting", can_edit_meeting)
rules.add_perm("meetings.register", can_register)
