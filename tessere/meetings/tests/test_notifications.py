"""Meetings through the notifications app: the bell and the email for each place, the person's
choices (email at once, the site only, never), one notification and one email per event, the
re-check of what the person may see when the email goes out, and the digest's upcoming
meetings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone, translation

from conftest import Personas
from tessere.meetings.notifications import (
    CLOSE_REMINDER,
    EVENTS,
    notify_registration,
    upcoming_meetings_section,
)
from tessere.meetings.services import meetings as meeting_services
from tessere.meetings.services.registration import (
    cancel_registration,
    register_participant,
)
from tessere.notifications.models import Notification, NotificationPreference
from tessere.notifications.registry import Delivery, kinds
from tessere.registry.models import ProgrammeRole, ProjectRole

from .factories import make_meeting, make_registration
from .meeting_helpers import ended_meeting

pytestmark = pytest.mark.django_db
Capture = Callable[..., AbstractContextManager[Any]]
CONFIRMED = "meetings.registration_confirmed"


def prefer(person: Any, kind: str, delivery: str) -> None:
    NotificationPreference.objects.create(user=person, kind=kind, delivery=delivery)


def register_self(personas: Personas, capture: Capture, **meeting: Any) -> Any:
    target = make_meeting(personas.programme, **meeting)
    with capture(execute=True):
        register_participant(
            meeting=target, person=personas.representative, by=personas.representative
        )
    return target


def notifications_of(person: Any) -> list[Notification]:
    return list(Notification.objects.filter(recipient=person))


# --- The kinds -----------------------------------------------------------------------------------
def test_every_meetings_kind_is_declared_with_a_group_and_an_email() -> None:
    keys = {event.kind for event in EVENTS.values()} | {CLOSE_REMINDER}
    for key in keys:
        kind = kinds[key]
        assert kind.default == Delivery.IMMEDIATE
        assert kind.build_email is not None and kind.still_visible is not None
        with translation.override("en"):
            assert str(kind.group) == "Meetings"
            assert "%(title)s" in str(kind.summary)


def test_the_summary_names_the_meeting(
    personas: Personas, django_capture_on_commit_callbacks: Capture
) -> None:
    register_self(personas, django_capture_on_commit_callbacks, title="Fishbowl di primavera")
    (notification,) = notifications_of(personas.representative)
    with translation.override("en"):
        assert notification.summary == "Registration confirmed: Fishbowl di primavera"


# --- One notification, one email, with the unsubscribe headers -----------------------------------
def test_a_confirmation_is_one_notification_and_one_email_with_list_unsubscribe(
    personas: Personas, django_capture_on_commit_callbacks: Capture
) -> None:
    meeting = register_self(personas, django_capture_on_commit_callbacks)
    (notification,) = notifications_of(personas.representative)
    assert notification.kind == CONFIRMED
    assert notification.url == meeting.get_absolute_url()
    assert notification.actor is None  # they registered themselves: still told
    assert notification.email_status == Notification.EmailStatus.SENT
    (message,) = mail.outbox
    assert message.to == [personas.representative.email]
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert "/notifiche/disiscrizione/" in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifiche/disiscrizione/" in str(message.body)  # the footer's links


def test_registering_someone_else_tells_them_not_the_coordinator(
    personas: Personas, django_capture_on_commit_callbacks: Capture
) -> None:
    meeting = make_meeting(personas.programme)
    with django_capture_on_commit_callbacks(execute=True):
        register_participant(
            meeting=meeting, person=personas.representative, by=personas.coordinator
        )
    (notification,) = notifications_of(personas.representative)
    assert notification.actor == personas.coordinator
    assert notifications_of(personas.coordinator) == []
    assert [m.to for m in mail.outbox] == [[personas.representative.email]]


def test_with_in_app_only_there_is_a_notification_and_no_email(
    personas: Personas, django_capture_on_commit_callbacks: Capture
) -> None:
    prefer(personas.representative, CONFIRMED, Delivery.IN_APP)
    register_self(personas, django_capture_on_commit_callbacks)
    (notification,) = notifications_of(personas.representative)
    assert notification.email_status == Notification.EmailStatus.NONE
    assert mail.outbox == []


def test_with_never_there_is_nothing(
    personas: Personas, django_capture_on_commit_callbacks: Capture
) -> None:
    prefer(personas.representative, CONFIRMED, Delivery.NEVER)
    register_self(personas, django_capture_on_commit_callbacks)
    assert notifications_of(personas.representative) == []
    assert mail.outbox == []


def test_the_same_event_twice_is_one_notification_and_one_email(
    personas: Personas, django_capture_on_commit_callbacks: Capture
) -> None:
    meeting = make_meeting(personas.programme)
    registration = make_registration(meeting, personas.representative)
    for _attempt in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            notify_registration(registration, "confirmed", by=personas.representative)
    assert len(notifications_of(personas.representative)) == 1
    assert len(mail.outbox) == 1


def test_cancelling_and_registering_again_are_new_events(
    personas: Personas, django_capture_on_commit_callbacks: Capture
) -> None:
    meeting = register_self(personas, django_capture_on_commit_callbacks)
    registration = meeting.registrations.get()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(registration=registration, by=personas.representative)
        register_participant(
            meeting=meeting, person=personas.representative, by=personas.representative
        )
    assert sorted(n.kind for n in notifications_of(personas.representative)) == [
        "meetings.registration_cancelled",
        CONFIRMED,
        CONFIRMED,
    ]
    assert len(mail.outbox) == 3


# --- What the person may see, when the email goes out ----------------------------------------------
def test_no_email_about_a_meeting_the_person_may_no_longer_see(
    personas: Personas, django_capture_on_commit_callbacks: Capture
) -> None:
    meeting = make_meeting(personas.programme, is_public=False)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        register_participant(
            meeting=meeting, person=personas.representative, by=personas.coordinator
        )
    # Before the email goes out, the person leaves the programme.
    ProjectRole.objects.filter(user=personas.representative).delete()
    for callback in callbacks:
        callback()
    assert mail.outbox == []
    (notification,) = notifications_of(personas.representative)
    assert notification.email_status == Notification.EmailStatus.SKIPPED


def test_unsubscribing_between_notify_and_send_stops_the_email(
    personas: Personas, django_capture_on_commit_callbacks: Capture
) -> None:
    meeting = make_meeting(personas.programme)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        register_participant(
            meeting=meeting, person=personas.representative, by=personas.representative
        )
    prefer(personas.representative, CONFIRMED, Delivery.IN_APP)
    for callback in callbacks:
        callback()
    assert mail.outbox == []
    assert len(notifications_of(personas.representative)) == 1


# --- The reminder to close ---------------------------------------------------------------------------
def test_the_close_reminder_is_a_notification_of_the_team(
    personas: Personas, django_capture_on_commit_callbacks: Capture
) -> None:
    meeting = ended_meeting(personas.programme, facilitators=[personas.mentor], title="Open Space")
    with django_capture_on_commit_callbacks(execute=True):
        assert meeting_services.send_close_reminder(meeting=meeting)
    (notification,) = notifications_of(personas.mentor)
    assert notification.kind == CLOSE_REMINDER
    assert notification.url.endswith("/chiusura/")
    (message,) = mail.outbox
    assert "List-Unsubscribe" in message.extra_headers


def test_no_close_reminder_email_once_the_meeting_is_closed(
    personas: Personas, django_capture_on_commit_callbacks: Capture
) -> None:
    meeting = ended_meeting(personas.programme, facilitators=[personas.mentor])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        meeting_services.send_close_reminder(meeting=meeting)
    type(meeting).objects.filter(pk=meeting.pk).update(closed_at=timezone.now(), status="held")
    for callback in callbacks:
        callback()
    assert mail.outbox == []
    (notification,) = notifications_of(personas.mentor)
    assert notification.email_status == Notification.EmailStatus.SKIPPED


def test_a_facilitator_removed_from_the_team_gets_no_close_reminder_email(
    personas: Personas, django_capture_on_commit_callbacks: Capture
) -> None:
    meeting = ended_meeting(personas.programme)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        meeting_services.send_close_reminder(meeting=meeting)
    ProgrammeRole.objects.filter(user=personas.facilitator).delete()
    for callback in callbacks:
        callback()
    assert mail.outbox == []


# --- The digest: upcoming meetings -----------------------------------------------------------------
def soon(days: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def test_the_digest_lists_the_next_two_weeks_meetings_with_my_place_marked(
    personas: Personas,
) -> None:
    mine = make_meeting(personas.programme, start=soon(3), title="Il mio incontro")
    make_registration(mine, personas.representative)
    other = make_meeting(personas.programme, start=soon(5), title="Un altro incontro")
    make_meeting(personas.programme, start=soon(20), title="Troppo lontano")
    make_meeting(personas.programme, start=soon(4), status="cancelled", title="Annullato")
    make_meeting(personas.programme, start=soon(-2), title="Passato")
    now = timezone.now()
    with translation.override("en"):
        section = upcoming_meetings_section(
            personas.representative, now - dt.timedelta(days=7), now
        )
    assert section is not None and section.key == "meetings.upcoming"
    assert [item.title for item in section.items] == ["Il mio incontro", "Un altro incontro"]
    first, second = section.items
    assert first.url == mine.get_absolute_url() and second.url == other.get_absolute_url()
    assert first.text == "You are registered." and second.text == ""
    assert timezone.localtime(mine.start).strftime("%d/%m/%Y %H:%M") in first.meta
    assert "online" in first.meta


def test_the_digest_shows_at_most_eight_meetings(personas: Personas) -> None:
    for day in range(1, 12):
        make_meeting(personas.programme, start=soon(day))
    now = timezone.now()
    section = upcoming_meetings_section(personas.coordinator, now, now)
    assert section is not None and len(section.items) == 8


def test_an_outsider_gets_no_meetings_of_a_private_programme(personas: Personas) -> None:
    personas.programme.is_public = False
    personas.programme.save()
    make_meeting(personas.programme, start=soon(3))
    now = timezone.now()
    assert upcoming_meetings_section(personas.outsider, now, now) is None
    assert upcoming_meetings_section(personas.representative, now, now) is not None


def test_private_meetings_are_for_the_programmes_members_only(personas: Personas) -> None:
    make_meeting(personas.programme, start=soon(2), title="Pubblico")
    make_meeting(personas.programme, start=soon(3), title="Riservato", is_public=False)
    now = timezone.now()
    outsider = upcoming_meetings_section(personas.outsider, now, now)
    member = upcoming_meetings_section(personas.other_representative, now, now)
    assert outsider is not None and [i.title for i in outsider.items] == ["Pubblico"]
    assert member is not None and [i.title for i in member.items] == ["Pubblico", "Riservato"]
