"""What the meetings app tells people, through the notifications app (bell, email, digest).

One kind per event, so the preferences page reads as a list of things that can happen to a
person's place: confirmed, on the waiting list, promoted, cancelled, the meeting moved or
called off; and, for the meeting's team, the reminder to close it.

Services call the `notify_*` functions below inside their transaction; the notifications app
creates one notification per person and event (`event_key`), and its task builds the email when
it runs (`build_email`), from the state at that moment: news that no longer holds (a place
cancelled meanwhile, a meeting moved again) is not sent, and nobody gets an email about a
meeting they may no longer see (`still_visible`).

Emails never carry the online link: the meeting page gives it to registered people from 15
minutes before the start (permissions.can_see_online_link).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tessere.notifications.email import render_email
from tessere.notifications.registry import (
    Delivery,
    DemoNotification,
    DigestItem,
    DigestSection,
    EmailContent,
    NotificationKind,
    demo_sources,
    digest_sections,
    kinds,
)
from tessere.notifications.services import notify

from .ics import ROME, calendar_for, meeting_url
from .models import Meeting, Registration
from .permissions import is_meeting_team

if TYPE_CHECKING:
    from tessere.accounts.models import User
    from tessere.notifications.models import Notification

CONFIRMED = Registration.Status.CONFIRMED
WAITLISTED = Registration.Status.WAITLISTED
CANCELLED = Registration.Status.CANCELLED
OPEN_STATUSES = frozenset({Meeting.Status.PLANNED, Meeting.Status.CONFIRMED})
GROUP = gettext_lazy("Meetings")
ORDER = 40

CLOSE_REMINDER = "meetings.close_reminder"
UPCOMING_DAYS = 14
UPCOMING_MAX = 8


@dataclass(frozen=True)
class RegistrationEvent:
    """Something that happened to a place: the kind it is notified as, the statuses the
    registration must still have when the email goes out, and the email's templates."""

    name: str  # "confirmed"
    kind: str  # "meetings.registration_confirmed"
    statuses: frozenset[str]
    stem: str  # meetings/email/<stem>{_subject.txt,.txt,.html}


EVENTS: dict[str, RegistrationEvent] = {
    event.name: event
    for event in (
        RegistrationEvent(
            "confirmed",
            "meetings.registration_confirmed",
            frozenset({CONFIRMED}),
            "registration_confirmed",
        ),
        RegistrationEvent(
            "waitlisted",
            "meetings.registration_waitlisted",
            frozenset({WAITLISTED}),
            "registration_waitlisted",
        ),
        RegistrationEvent(
            "promoted",
            "meetings.registration_promoted",
            frozenset({CONFIRMED}),
            "registration_promoted",
        ),
        RegistrationEvent(
            "cancelled",
            "meetings.registration_cancelled",
            frozenset({CANCELLED}),
            "registration_cancelled",
        ),
        # A new time (or the meeting called on again), and the meeting called off: the same
        # email, whose calendar entry carries METHOD:CANCEL when the meeting is cancelled.
        RegistrationEvent(
            "updated",
            "meetings.meeting_updated",
            frozenset({CONFIRMED, WAITLISTED}),
            "meeting_updated",
        ),
        RegistrationEvent(
            "meeting_cancelled",
            "meetings.meeting_cancelled",
            frozenset({CONFIRMED, WAITLISTED}),
            "meeting_updated",
        ),
    )
}
EVENT_OF_KIND = {event.kind: event for event in EVENTS.values()}
# Changes of the meeting itself: notified with the meeting as target, one event per SEQUENCE.
CHANGE_EVENTS = frozenset({"updated", "meeting_cancelled"})
# News of a place is stale once the meeting is over (or called off, but for its cancellation).
NEEDS_LIVE_MEETING = frozenset(
    {"confirmed", "waitlisted", "promoted", "updated", "meeting_cancelled"}
)


# --- Notifying (called by the services, inside their transaction) --------------------------------
def notify_registration(registration: Registration, event: str, *, by: User | None) -> None:
    """Tell the person about their place. `by` is who did it; people acting on their own
    place are not the actor, so they still get their confirmation (and its calendar entry)."""
    spec = EVENTS[event]
    meeting = registration.meeting
    actor = by if by is not None and by.pk != registration.user_id else None
    notify(
        kind=spec.kind,
        recipients=[registration.user],
        # A registration is confirmed, waitlisted, promoted or cancelled at most once (a new
        # registration after a cancellation is a new row), so its id and the event name it.
        event_key=f"meetings.registration:{registration.pk}:{event}",
        data={"title": meeting.title},
        url=meeting.get_absolute_url(),
        target=registration,
        actor=actor,
    )


def notify_meeting_changed(meeting: Meeting) -> None:
    """Tell the people registered (or waiting) that the time changed or that the meeting was
    called off (or on again). One event per SEQUENCE: a later change is a new event. Nobody is
    the actor: the person who moved the meeting also needs the updated calendar entry."""
    from tessere.accounts.models import User

    event = "meeting_cancelled" if meeting.status == Meeting.Status.CANCELLED else "updated"
    people = User.objects.filter(
        pk__in=Registration.objects.active().filter(meeting=meeting).values("user_id")
    ).order_by("pk")
    notify(
        kind=EVENTS[event].kind,
        recipients=people,
        event_key=f"meetings.meeting_changed:{meeting.pk}:{meeting.ical_sequence}",
        data={"title": meeting.title, "sequence": meeting.ical_sequence},
        url=meeting.get_absolute_url(),
        target=meeting,
    )


def notify_close_reminder(meeting: Meeting, recipients: list[User]) -> None:
    """The day after a meeting ended, remind its team to close it. One event per end time:
    moving the meeting later deserves a new reminder."""
    notify(
        kind=CLOSE_REMINDER,
        recipients=recipients,
        event_key=f"meetings.close_reminder:{meeting.pk}:{int(meeting.end.timestamp())}",
        data={"title": meeting.title},
        url=reverse("meetings:meeting_close", args=[meeting.slug]),
        target=meeting,
    )


# --- The registration emails ---------------------------------------------------------------------
def _feed_url() -> str:
    return settings.SITE_URL + reverse("agenda:feed_settings")  # the personal calendar feed


def is_stale(registration: Registration, event: str) -> bool:
    """Whether the news about this place no longer holds (things changed since it happened)."""
    spec = EVENTS[event]
    if registration.status not in spec.statuses:
        return True
    if event == "promoted" and registration.promoted_at is None:
        return True
    if event == "confirmed" and registration.promoted_at is not None:
        return True  # they were promoted meanwhile: the promotion email says it
    meeting = registration.meeting
    if event in NEEDS_LIVE_MEETING:
        if meeting.end <= timezone.now():
            return True
        # A cancelled meeting sends its cancellation, nothing else; one called on again
        # meanwhile sends nothing more (that change notified its own update).
        if (meeting.status == Meeting.Status.CANCELLED) != (event == "meeting_cancelled"):
            return True
    return False


def _registrations() -> Any:
    return Registration.objects.select_related(
        "meeting__programme",
        "meeting__municipality",
        "user",
        "project",
        "organisation",
        "registered_by",
    )


def registration_email(registration: Registration, event: str) -> EmailContent | None:
    """The email about one place, as it stands now; None when the news is stale."""
    if event not in EVENTS or is_stale(registration, event):
        return None
    spec = EVENTS[event]
    person = registration.user
    meeting = registration.meeting
    # The calendar entry: added or moved for a place, removed for a cancelled place or meeting.
    ics, method = None, "REQUEST"
    if event == "cancelled" or meeting.status == Meeting.Status.CANCELLED:
        method = "CANCEL"
    if registration.status == CONFIRMED or event == "cancelled":
        ics = calendar_for([meeting], name=meeting.programme.title, method=method, attendee=person)
    by_other = registration.registered_by_id not in (None, person.pk)
    context: dict[str, Any] = {
        "registration": registration,
        "meeting": meeting,
        "kind": event,
        "url": meeting_url(meeting),
        "feed_url": _feed_url(),
        "registered_by": registration.registered_by if by_other else None,
        "is_online": meeting.format != Meeting.Format.IN_PERSON and bool(meeting.online_url),
        "meeting_cancelled": meeting.status == Meeting.Status.CANCELLED,
        "has_ics": ics is not None,
    }
    if registration.status == WAITLISTED:
        context["position"] = (
            Registration.objects.waiting()
            .filter(meeting=meeting, created_at__lte=registration.created_at)
            .exclude(created_at=registration.created_at, pk__gt=registration.pk)
            .count()
        )
    content = render_email(
        person=person, kind=spec.kind, stem=f"meetings/email/{spec.stem}", context=context
    )
    if ics is not None:
        content.attachments.append(
            ("incontro.ics", ics, f"text/calendar; method={method}; charset=utf-8")
        )
    return content


def _registration_of(notification: Notification) -> Registration | None:
    """The registration the email is about: the target of a place's event, or the person's
    active place in the meeting for a change of the meeting."""
    event = EVENT_OF_KIND[notification.kind]
    if event.name in CHANGE_EVENTS:
        return (
            _registrations()
            .active()
            .filter(meeting_id=notification.object_id, user_id=notification.recipient_id)
            .first()
        )
    return (
        _registrations()
        .filter(pk=notification.object_id, user_id=notification.recipient_id)
        .first()
    )


def build_registration_email(notification: Notification) -> EmailContent | None:
    event = EVENT_OF_KIND[notification.kind]
    registration = _registration_of(notification)
    if registration is None:
        return None
    if event.name in CHANGE_EVENTS and registration.meeting.ical_sequence != (
        notification.data.get("sequence")
    ):
        return None  # a later change has notified its own update
    return registration_email(registration, event.name)


def _meeting_id(notification: Notification) -> int | None:
    object_id = notification.object_id
    if object_id is None or EVENT_OF_KIND[notification.kind].name in CHANGE_EVENTS:
        return object_id
    return Registration.objects.filter(pk=object_id).values_list("meeting_id", flat=True).first()


def meeting_still_visible(person: User, notification: Notification) -> bool:
    meeting_id = _meeting_id(notification)
    return (
        meeting_id is not None and Meeting.objects.visible_to(person).filter(pk=meeting_id).exists()
    )


# --- The reminder to close -----------------------------------------------------------------------
def _open_meeting(notification: Notification) -> Meeting | None:
    if notification.object_id is None:
        return None
    return (
        Meeting.objects.select_related("programme")
        .filter(pk=notification.object_id, closed_at__isnull=True, status__in=OPEN_STATUSES)
        .first()
    )


def close_reminder_still_visible(person: User, notification: Notification) -> bool:
    meeting = _open_meeting(notification)
    return meeting is not None and bool(is_meeting_team(person, meeting))


def build_close_reminder_email(notification: Notification) -> EmailContent | None:
    meeting = _open_meeting(notification)
    if meeting is None:
        return None  # closed or cancelled meanwhile: nothing to remind
    context = {
        "meeting": meeting,
        "url": settings.SITE_URL + meeting.get_absolute_url(),
        "close_url": settings.SITE_URL + reverse("meetings:meeting_close", args=[meeting.slug]),
        "attendance_url": settings.SITE_URL + reverse("meetings:attendance", args=[meeting.slug]),
    }
    return render_email(
        person=notification.recipient,
        kind=CLOSE_REMINDER,
        stem="meetings/email/close_reminder",
        context=context,
    )


# --- The digest: upcoming meetings ---------------------------------------------------------------
def _where(meeting: Meeting) -> str:
    parts = []
    place = meeting.municipality.name if meeting.municipality else meeting.venue
    if place and meeting.format != Meeting.Format.ONLINE:
        parts.append(place)
    if meeting.format != Meeting.Format.IN_PERSON:
        parts.append(_("online"))
    return " / ".join(parts)


def upcoming_meetings_section(
    user: User, since: dt.datetime, now: dt.datetime
) -> DigestSection | None:
    """The meetings the person may see that start in the next two weeks (their own marked)."""
    meetings = list(
        Meeting.objects.visible_to(user)
        .filter(
            start__gte=now,
            start__lt=now + dt.timedelta(days=UPCOMING_DAYS),
            status__in=OPEN_STATUSES,
        )
        .select_related("municipality")
        .order_by("start", "pk")[:UPCOMING_MAX]
    )
    if not meetings:
        return None
    places = dict(
        Registration.objects.active()
        .filter(user=user, meeting__in=[meeting.pk for meeting in meetings])
        .values_list("meeting_id", "status")
    )
    notes: dict[str, str] = {
        CONFIRMED: _("You are registered."),
        WAITLISTED: _("You are on the waiting list."),
    }
    items = []
    for meeting in meetings:
        when = timezone.localtime(meeting.start, ROME).strftime("%d/%m/%Y %H:%M")
        where = _where(meeting)
        items.append(
            DigestItem(
                title=meeting.title,
                url=meeting.get_absolute_url(),
                meta=f"{when} · {where}" if where else when,
                text=notes.get(str(places.get(meeting.pk, "")), ""),
            )
        )
    return DigestSection(
        key="meetings.upcoming",
        title=_("Upcoming meetings"),
        items=items,
        more_url=reverse("meetings:meeting_list"),
    )


# --- The kinds -----------------------------------------------------------------------------------
# The summaries repeat the emails' subjects (same words, same translations).
REGISTRATION_KINDS: list[tuple[str, Promise, Promise, Promise]] = [
    (
        "confirmed",
        gettext_lazy("Registration confirmed"),
        gettext_lazy("You, or someone for you, registered for a meeting and have a place."),
        gettext_lazy("Registration confirmed: %(title)s"),
    ),
    (
        "waitlisted",
        gettext_lazy("Waiting list"),
        gettext_lazy("A meeting was full: you are on its waiting list."),
        gettext_lazy("Waiting list: %(title)s"),
    ),
    (
        "promoted",
        gettext_lazy("A place for you"),
        gettext_lazy("A place freed up and moved you from the waiting list to the meeting."),
        gettext_lazy("A place for you: %(title)s"),
    ),
    (
        "cancelled",
        gettext_lazy("Registration cancelled"),
        gettext_lazy("Your place at a meeting was cancelled, by you or for you."),
        gettext_lazy("Registration cancelled: %(title)s"),
    ),
    (
        "updated",
        gettext_lazy("New time"),
        gettext_lazy("A meeting you are registered for changed its date or time."),
        gettext_lazy("New time: %(title)s"),
    ),
    (
        "meeting_cancelled",
        gettext_lazy("Meeting cancelled"),
        gettext_lazy("A meeting you are registered for was cancelled."),
        gettext_lazy("Meeting cancelled: %(title)s"),
    ),
]


def _register() -> None:
    for position, (event, label, description, summary) in enumerate(REGISTRATION_KINDS):
        kinds.register(
            NotificationKind(
                key=EVENTS[event].kind,
                label=label,
                description=description,
                summary=summary,
                default=Delivery.IMMEDIATE,
                still_visible=meeting_still_visible,
                build_email=build_registration_email,
                group=GROUP,
                order=ORDER * 10 + position,
            )
        )
    kinds.register(
        NotificationKind(
            key=CLOSE_REMINDER,
            label=gettext_lazy("Meetings to close"),
            description=gettext_lazy(
                "For the meeting's team: the day after it ended, a reminder to check the "
                "attendance and write the minutes."
            ),
            summary=gettext_lazy("To close: “%(title)s”"),
            default=Delivery.IMMEDIATE,
            still_visible=close_reminder_still_visible,
            build_email=build_close_reminder_email,
            group=GROUP,
            order=ORDER * 10 + len(REGISTRATION_KINDS),
        )
    )
    digest_sections.register("meetings.upcoming", upcoming_meetings_section, order=ORDER)


_register()


# --- Demo data (notifications/seeds.py) ----------------------------------------------------------
def demo_notifications(now: dt.datetime) -> list[DemoNotification]:
    """The places of the demo people at meetings not yet over: confirmed, waiting or promoted,
    with the same event keys the services use (a real event later is not a duplicate)."""
    registrations = (
        Registration.objects.filter(meeting__end__gte=now)
        .exclude(status=CANCELLED)
        .select_related("meeting")
        .order_by("pk")
    )
    demo = []
    for registration in registrations:
        if registration.promoted_at is not None:
            event, when = "promoted", registration.promoted_at
        elif registration.status == WAITLISTED:
            event, when = "waitlisted", registration.created_at
        else:
            event, when = "confirmed", registration.created_at
        demo.append(
            DemoNotification(
                recipient_id=registration.user_id,
                kind=EVENTS[event].kind,
                event_key=f"meetings.registration:{registration.pk}:{event}",
                data={"title": registration.meeting.title},
                url=registration.meeting.get_absolute_url(),
                created_at=min(when, now),
                target=registration,
            )
        )
    return demo


demo_sources["meetings.registrations"] = demo_notifications
