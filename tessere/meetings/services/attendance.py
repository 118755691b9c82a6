"""Attendance on the day: the facilitators tick people from the list, participants check in with
the meeting's code, people who came without registering are added. Closing the meeting
freezes it (the presence recorded at closing is the record)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tessere.core.audit import log_action

from ..models import Meeting, Registration

if TYPE_CHECKING:
    from tessere.accounts.models import User

CHECK_IN_OPENS = dt.timedelta(hours=1)  # before the start
CHECK_IN_CLOSES = dt.timedelta(hours=12)  # after the end
MAX_WRONG_CODES = 10  # per person and meeting, per hour: the code cannot be guessed by trying


def _ensure_open(meeting: Meeting) -> None:
    if meeting.closed_at is not None:
        raise ValidationError(_("The meeting is closed: its attendance was recorded at closing."))
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("The meeting was cancelled."))


@transaction.atomic
def record_attendance(
    *,
    registration: Registration,
    attended: bool,
    by: User,
    source: str = Registration.Source.TICKED,
    now: dt.datetime | None = None,
) -> Registration:
    """Mark a confirmed registrant present (or not). Setting the state it already has is a
    no-op, so a double tap on a phone does not undo the first one."""
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("meeting")
        .get(pk=registration.pk)
    )
    _ensure_open(registration.meeting)
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_("Only people with a place can be marked present."))
    if registration.attended == attended:
        return registration
    registration.attended = attended
    registration.attended_at = (now or timezone.now()) if attended else None
    registration.attendance_source = source if attended else ""
    registration.save(update_fields=["attended", "attended_at", "attendance_source", "updated_at"])
    log_action(
        registration,
        "meetings.attendance.recorded" if attended else "meetings.attendance.removed",
        by=by,
        meeting=registration.meeting_id,
        source=source,
    )
    return registration


def check_in_window(meeting: Meeting) -> tuple[dt.datetime, dt.datetime]:
    return meeting.start - CHECK_IN_OPENS, meeting.end + CHECK_IN_CLOSES


def check_in_open(meeting: Meeting, now: dt.datetime | None = None) -> bool:
    opens, closes = check_in_window(meeting)
    return opens <= (now or timezone.now()) <= closes


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()


def check_in(
    *, meeting: Meeting, person: User, code: str, now: dt.datetime | None = None
) -> Registration:
    """A registered participant says they are here with the meeting's code (any case, spaces
    ignored), from an hour before the start to twelve hours after the end."""
    now = now or timezone.now()
    _ensure_open(meeting)
    opens, closes = check_in_window(meeting)
    if now < opens:
        raise ValidationError(
            _("Check-in opens at %(time)s, an hour before the start.")
            % {"time": timezone.localtime(opens).strftime("%d/%m/%Y %H:%M")}
        )
    if now > closes:
        raise ValidationError(_("Check-in for this meeting is over."))
    registration = Registration.objects.confirmed().filter(meeting=meeting, user=person).first()
    if registration is None:
        raise ValidationError(_("You have no place at this meeting, so you cannot check in."))
    attempts_key = f"meetings:check-in:{meeting.pk}:{person.pk}"
    if cache.get(attempts_key, 0) >= MAX_WRONG_CODES:
        raise ValidationError(_("Too many wrong codes: ask the facilitators to tick you present."))
    if not secrets.compare_digest(normalise_code(code), meeting.checkin_code.upper()):
        cache.set(attempts_key, cache.get(attempts_key, 0) + 1, 60 * 60)
        raise ValidationError(
            _(
                "This is not the code of the meeting: check it on the screen or ask the facilitators."
            )
        )
    return record_attendance(
        registration=registration,
        attended=True,
        by=person,
        source=Registration.Source.CODE,
        now=now,
    )


@transaction.atomic
def add_walk_in(*, meeting: Meeting, person: User, by: User) -> Registration:
    """Someone of the programme came without a place: they are in the room, so they get one
    (beyond the capacity if need be) and are marked present. A person on the waiting list is
    moved onto the list of those present."""
    from tessere.registry.models import member_programme_ids

    from .registration import default_affiliation

    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _ensure_open(meeting)
    if not person.is_superuser and meeting.programme_id not in member_programme_ids(person):
        raise ValidationError(_("Only members of the programme can be added."))
    now = timezone.now()
    registration = Registration.objects.active().filter(meeting=meeting, user=person).first()
    if registration is None:
        project, organisation = default_affiliation(person, meeting)
        registration = Registration.objects.create(
            meeting=meeting,
            user=person,
            project=project,
            organisation=organisation,
            status=Registration.Status.CONFIRMED,
            registered_by=by,
        )
    elif registration.status == Registration.Status.WAITLISTED:
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at", "updated_at"])
    log_action(registration, "meetings.registration.walk_in", by=by, meeting=meeting.pk)
    return record_attendance(registration=registration, attended=True, by=by, now=now)
