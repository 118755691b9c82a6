"""Writes on meetings: creating and editing them, their agenda and methods, minutes, closing,
and the reminder to close. Keyword-only, atomic, audited; notifications through the
notifications app (their emails after commit), tasks after commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tessere.core.audit import log_action
from tessere.registry.models import Programme, ProgrammeRole

from ..models import AgendaItem, Harvest, Meeting, Method, Registration
from ..notifications import notify_close_reminder, notify_meeting_changed

if TYPE_CHECKING:
    from tessere.accounts.models import User

# The fields a meeting form may set; the rest (uid, sequence, closing) only services set.
MEETING_FIELDS = (
    "title",
    "format",
    "length",
    "start",
    "end",
    "venue",
    "address",
    "municipality",
    "online_url",
    "capacity",
    "status",
    "is_public",
    "description",
    "line",
)
MEETING_M2M = ("themes", "facilitators")
# A change of these (or a cancellation) makes calendars update (same UID, higher SEQUENCE) and
# the people registered be told.
CALENDAR_FIELDS = ("start", "end")
REMIND_AFTER = dt.timedelta(days=1)
OPEN_STATUSES = frozenset({Meeting.Status.PLANNED, Meeting.Status.CONFIRMED})


def unique_slug(
    title: str, *, model: type[Meeting] | type[Method] = Meeting, max_length: int = 100
) -> str:
    base = slugify(title)[:max_length].strip("-") or "incontro"
    slug, i = base, 2
    while model.objects.filter(**{"slug" if model is Meeting else "key": slug}).exists():
        suffix = f"-{i}"
        slug, i = base[: max_length - len(suffix)] + suffix, i + 1
    return slug


def _validate_times(start: dt.datetime | None, end: dt.datetime | None) -> None:
    if start is None or end is None:
        raise ValidationError(_("A meeting needs a start and an end."))
    if end <= start:
        raise ValidationError({"end": _("The end must come after the start.")})


def _apply(meeting: Meeting, data: Mapping[str, Any]) -> list[str]:
    """Set the editable fields present in data; returns the names of those that changed."""
    changed = []
    for name in MEETING_FIELDS:
        if name not in data:
            continue
        if name == "status" and meeting.is_closed:
            continue  # a closed meeting stays "held"
        value = data[name]
        if name == "capacity" and value == "":
            value = None
        if getattr(meeting, name) != value:
            setattr(meeting, name, value)
            changed.append(name)
    return changed


def _set_m2m(meeting: Meeting, data: Mapping[str, Any]) -> None:
    for name in MEETING_M2M:
        if name in data and data[name] is not None:
            getattr(meeting, name).set(list(data[name]))


def _schedule_close_reminder(meeting: Meeting) -> None:
    """Queue the reminder for the day after the end when the task backend can defer work;
    otherwise the send_meeting_reminders command (cron) finds the meeting."""
    from django_tasks import default_task_backend

    if not default_task_backend.supports_defer:
        return
    from ..tasks import remind_to_close

    meeting_id, run_after = meeting.pk, meeting.end + REMIND_AFTER
    transaction.on_commit(lambda: remind_to_close.using(run_after=run_after).enqueue(meeting_id))


@transaction.atomic
def create_meeting(*, programme: Programme, data: Mapping[str, Any], by: User) -> Meeting:
    """A new meeting of the programme, with a unique slug built from its title."""
    _validate_times(data.get("start"), data.get("end"))
    meeting = Meeting(programme=programme)
    _apply(meeting, data)
    meeting.slug = unique_slug(meeting.title)
    meeting.save()
    _set_m2m(meeting, data)
    log_action(meeting, "meetings.meeting.created", by=by, programme=programme.pk)
    _schedule_close_reminder(meeting)
    return meeting


@transaction.atomic
def update_meeting(*, meeting: Meeting, data: Mapping[str, Any], by: User) -> Meeting:
    """Edit a meeting. A new start or end (or calling it off) raises the calendar SEQUENCE and
    notifies the people registered (the email, with the new .ics, goes after commit)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _validate_times(data.get("start", meeting.start), data.get("end", meeting.end))
    old_end, old_status, old_capacity = meeting.end, meeting.status, meeting.capacity
    changed = _apply(meeting, data)
    cancelled = Meeting.Status.CANCELLED
    # Calling a meeting off (or on again) changes calendars too: the update goes out with
    # METHOD:CANCEL (or the event back), same UID, higher SEQUENCE.
    calendar_changed = any(name in changed for name in CALENDAR_FIELDS) or (
        "status" in changed and cancelled in (old_status, meeting.status)
    )
    if calendar_changed:
        meeting.ical_sequence += 1
    if meeting.end != old_end and meeting.end > timezone.now():
        meeting.close_reminder_sent_at = None  # moved later: remind again after the new end
    meeting.save()
    _set_m2m(meeting, data)
    log_action(meeting, "meetings.meeting.updated", by=by, changed=changed)
    if calendar_changed:
        notify_meeting_changed(meeting)
    if meeting.end != old_end:
        _schedule_close_reminder(meeting)
    if "capacity" in changed and (
        meeting.capacity is None or (old_capacity is not None and meeting.capacity > old_capacity)
    ):
        # More places: the people waiting get them now, first come first served, with an email.
        from .registration import promote_from_waitlist

        promote_from_waitlist(meeting=meeting, by=by)
    return meeting


# --- The agenda and the method library -----------------------------------------------------------
AGENDA_FIELDS = ("title", "method", "question", "speakers", "description", "start", "end")


@transaction.atomic
def save_agenda_item(
    *, meeting: Meeting, data: Mapping[str, Any], by: User, item: AgendaItem | None = None
) -> AgendaItem:
    """Add an item at the end of the agenda, or edit one. Times fall within the meeting and the
    method comes from the library or the programme's own methods."""
    if item is None:
        last = meeting.agenda.aggregate(last=Max("position"))["last"] or 0
        item = AgendaItem(meeting=meeting, position=last + 1)
    elif item.meeting_id != meeting.pk:
        raise ValidationError(_("This agenda item belongs to another meeting."))
    for name in AGENDA_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    method = item.method
    if method is not None and not (
        method.is_builtin or method.programme_id == meeting.programme_id
    ):
        raise ValidationError({"method": _("This method belongs to another programme.")})
    if item.start and item.end:
        if item.end <= item.start:
            raise ValidationError({"end": _("The end must come after the start.")})
        if item.start < meeting.start or item.end > meeting.end:
            raise ValidationError(_("The item must fall within the meeting."))
    created = item.pk is None
    item.save()
    log_action(
        item,
        "meetings.agenda_item.added" if created else "meetings.agenda_item.edited",
        by=by,
        meeting=meeting.pk,
    )
    return item


def _renumber(items: list[AgendaItem]) -> None:
    for position, item in enumerate(items, 1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, direction: str, by: User) -> None:
    """Move an item one place up or down the agenda."""
    Meeting.objects.select_for_update().filter(pk=item.meeting_id).first()
    items = list(AgendaItem.objects.filter(meeting_id=item.meeting_id))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
        _renumber(items)
        log_action(item, "meetings.agenda_item.moved", by=by, direction=direction)


@transaction.atomic
def sort_agenda_by_time(*, meeting: Meeting, by: User) -> None:
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    items = list(meeting.agenda.all())
    far = meeting.end + dt.timedelta(days=1)
    items.sort(key=lambda item: (item.start or far, item.position, item.pk))
    _renumber(items)
    log_action(meeting, "meetings.agenda.sorted", by=by)


@transaction.atomic
def delete_agenda_item(*, item: AgendaItem, by: User) -> None:
    """Remove an item; one whose outputs were harvested is kept (its record would be lost)."""
    harvest = Harvest.objects.filter(agenda_item=item).first()
    if harvest is not None and any(
        value not in ("", None, [], {}) for value in harvest.data.values()
    ):
        raise ValidationError(
            _("“%(item)s” has recorded outputs: it cannot be removed.") % {"item": item.title}
        )
    log_action(
        item, "meetings.agenda_item.deleted", by=by, meeting=item.meeting_id, title=item.title
    )
    item.delete()


@transaction.atomic
def create_method(
    *,
    programme: Programme,
    name: str,
    description: str,
    fields: list[dict[str, str]],
    by: User,
) -> Method:
    """A custom participatory method of one programme, with the fields its sessions record."""
    if not fields:
        raise ValidationError(_("Name at least one field to record."))
    method = Method.objects.create(
        key=unique_slug(f"{programme.slug[:30]}-{name}", model=Method, max_length=60),
        name=name,
        description=description,
        is_builtin=False,
        programme=programme,
        custom_fields=[{"name": f["name"], "label": f["label"], "kind": f["kind"]} for f in fields],
    )
    log_action(method, "meetings.method.created", by=by, programme=programme.pk)
    return method


# --- Minutes and closing -------------------------------------------------------------------------
@transaction.atomic
def save_minutes(*, meeting: Meeting, minutes: str, by: User) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.minutes = minutes
    meeting.save(update_fields=["minutes", "updated_at"])
    log_action(meeting, "meetings.minutes.saved", by=by, closed=meeting.is_closed)
    return meeting


def presence_of(meeting: Meeting) -> tuple[int, dict[str, list[str]]]:
    """How many attended, and the projects and organisations they came from."""
    attended = list(
        Registration.objects.confirmed()
        .filter(meeting=meeting, attended=True)
        .select_related("project", "organisation")
    )
    projects = sorted({r.project.acronym for r in attended if r.project is not None})
    organisations = sorted({r.organisation.name for r in attended if r.organisation is not None})
    return len(attended), {"projects": projects, "organisations": organisations}


@transaction.atomic
def close_meeting(
    *, meeting: Meeting, minutes: str, by: User, now: dt.datetime | None = None
) -> Meeting:
    """Record the minutes, the attendee count and the projects and organisations present; the
    meeting becomes "held". Once only, after it ended."""
    now = now or timezone.now()
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.closed_at is not None:
        raise ValidationError(
            _("This meeting was already closed on %(date)s.")
            % {"date": timezone.localtime(meeting.closed_at).strftime("%d/%m/%Y %H:%M")}
        )
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("A cancelled meeting cannot be closed."))
    if meeting.end > now:
        raise ValidationError(_("The meeting has not ended yet: close it when it is over."))
    if not minutes.strip():
        raise ValidationError({"minutes": _("Write the minutes before closing.")})
    count, presence = presence_of(meeting)
    meeting.minutes = minutes
    meeting.status = Meeting.Status.HELD
    meeting.closed_at = now
    meeting.closed_by = by
    meeting.attendee_count = count
    meeting.presence = presence
    meeting.save()
    log_action(
        meeting,
        "meetings.meeting.closed",
        by=by,
        attendees=count,
        projects=len(presence["projects"]),
        organisations=len(presence["organisations"]),
    )
    return meeting


# --- The reminder to close -----------------------------------------------------------------------
def close_reminder_due(meeting: Meeting, now: dt.datetime) -> bool:
    """The day after it ended, a meeting still open (planned or confirmed: neither cancelled nor
    already recorded as held) deserves one reminder."""
    return (
        meeting.closed_at is None
        and meeting.status in OPEN_STATUSES
        and meeting.close_reminder_sent_at is None
        and timezone.localdate(now) > timezone.localdate(meeting.end)
    )


def meetings_to_remind(now: dt.datetime, *, within_days: int = 30) -> QuerySet[Meeting]:
    """Meetings that ended before today (within the last days) and wait for their closing."""
    today_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return Meeting.objects.filter(
        closed_at__isnull=True,
        close_reminder_sent_at__isnull=True,
        status__in=OPEN_STATUSES,
        end__lt=today_start,
        end__gte=today_start - dt.timedelta(days=within_days),
    )


def close_reminder_recipients(meeting: Meeting) -> list[User]:
    """The meeting's facilitators; or else the programme's; or else its admins."""
    from tessere.accounts.models import User

    people = list(meeting.facilitators.filter(is_active=True).order_by("pk"))
    for role in (ProgrammeRole.Role.FACILITATOR, ProgrammeRole.Role.ADMIN):
        if people:
            break
        people = list(
            User.objects.filter(
                is_active=True,
                programme_roles__programme_id=meeting.programme_id,
                programme_roles__role=role,
            )
            .distinct()
            .order_by("pk")
        )
    return [person for person in people if person.email]


def send_close_reminder(*, meeting: Meeting, now: dt.datetime | None = None) -> bool:
    """Remind the facilitators, once, that the meeting ended yesterday (or before) and waits to
    be closed: a notification each (and its email after commit, retried by the notifications
    app if the mail server fails). Idempotent: the meeting row is locked and the reminder
    recorded, and the notification's event names the meeting and its end."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("programme")
            .filter(pk=meeting.pk)
            .first()
        )
        if locked is None or not close_reminder_due(locked, now):
            return False
        recipients = close_reminder_recipients(locked)
        if not recipients:
            return False
        notify_close_reminder(locked, recipients)
        locked.close_reminder_sent_at = now
        locked.save(update_fields=["close_reminder_sent_at"])
        meeting.close_reminder_sent_at = now
        log_action(
            locked, "meetings.meeting.close_reminder_sent", recipients=[p.pk for p in recipients]
        )
    return True
