"""Registration emails: what each says, its calendar attachment, and that every email is built
from the state when the task runs. They are notifications (meetings/notifications.py): the
notifications app's task sends them after the commit; tasks run at once in tests (immediate
backend)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.utils import timezone
from icalendar import Calendar

from conftest import Personas
from tessere.meetings.models import Meeting, Registration
from tessere.meetings.notifications import (
    notify_meeting_changed,
    notify_registration,
    registration_email,
)
from tessere.meetings.services.meetings import update_meeting
from tessere.meetings.services.registration import cancel_registration, register_participant
from tessere.notifications.models import Notification
from tessere.notifications.registry import EmailContent

from .factories import make_meeting, make_registration

ROME = ZoneInfo("Europe/Rome")
SECRET_LINK = "https://meet.example.test/secret-room-42"
pytestmark = pytest.mark.django_db


def future(days: int = 10, hour: int = 9) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, hour, 30, tzinfo=ROME)


def message_parts(message: EmailMessage) -> tuple[str, str, list[tuple[str, str, str]]]:
    assert isinstance(message, EmailMultiAlternatives)
    html = next(content for content, mimetype in message.alternatives if mimetype == "text/html")
    return str(message.body), str(html), list(message.attachments)


def attached_calendar(message: EmailMessage) -> tuple[Calendar, str]:
    (name, content, mimetype), *_rest = message.attachments
    assert name == "incontro.ics"
    data = content.encode() if isinstance(content, str) else content
    return Calendar.from_ical(data), mimetype


def assert_no_link(message: EmailMessage) -> None:
    body, html, attachments = message_parts(message)
    assert SECRET_LINK not in body
    assert SECRET_LINK not in html
    for _name, content, _mimetype in attachments:
        assert SECRET_LINK not in (content if isinstance(content, str) else content.decode())


def test_confirmation_email_with_a_calendar_request(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    meeting = make_meeting(
        personas.programme, start=future(), online_url=SECRET_LINK, title="Governance"
    )
    with django_capture_on_commit_callbacks(execute=True):
        register_participant(
            meeting=meeting, person=personas.representative, by=personas.representative
        )
    (message,) = mail.outbox
    assert message.to == [personas.representative.email]
    assert "Governance" in message.subject
    body, html, _ = message_parts(message)
    assert "Governance" in body and "Governance" in html
    assert meeting.get_absolute_url() in body
    assert "<html" in html and "<style>" in html  # the look of every Tessere email
    assert "/notifiche/disiscrizione/" in body and "/notifiche/disiscrizione/" in html
    cal, mimetype = attached_calendar(message)
    assert "method=REQUEST" in mimetype
    assert str(cal["METHOD"]) == "REQUEST"
    event = cal.walk("VEVENT")[0]
    assert str(event["UID"]) == meeting.uid
    assert str(event["ATTENDEE"]).lower() == f"mailto:{personas.representative.email}"
    assert cal.walk("VTIMEZONE")
    assert_no_link(message)


def test_emails_are_in_the_persons_language(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    start = dt.datetime(2030, 12, 12, 9, 30, tzinfo=ROME)  # a Thursday
    meeting = make_meeting(personas.programme, start=start)
    personas.other_representative.language = "en"
    personas.other_representative.save()
    with django_capture_on_commit_callbacks(execute=True):
        register_participant(
            meeting=meeting, person=personas.representative, by=personas.representative
        )
        register_participant(
            meeting=meeting, person=personas.other_representative, by=personas.other_representative
        )
    italian, english = mail.outbox
    assert "giovedì 12 dicembre 2030, 09:30" in str(italian.body)
    assert "Thursday 12 December 2030, 09:30" in str(english.body)
    assert english.subject.startswith("Registration confirmed")


def test_waiting_list_email_has_the_position_and_no_calendar(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    meeting = make_meeting(personas.programme, capacity=1, online_url=SECRET_LINK)
    make_registration(meeting, personas.expert)
    make_registration(meeting, personas.monitor, status="waitlisted")
    personas.representative.language = "en"
    personas.representative.save()
    with django_capture_on_commit_callbacks(execute=True):
        register_participant(
            meeting=meeting, person=personas.representative, by=personas.representative
        )
    (message,) = mail.outbox
    assert message.subject.startswith("Waiting list")
    assert "number 2" in str(message.body)
    assert message.attachments == []
    assert_no_link(message)


def test_promotion_email_with_the_calendar_request(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    meeting = make_meeting(personas.programme, capacity=1, online_url=SECRET_LINK)
    holder = make_registration(meeting, personas.expert)
    make_registration(meeting, personas.representative, status="waitlisted")
    personas.representative.language = "en"
    personas.representative.save()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(registration=holder, by=personas.expert)
    promoted = next(m for m in mail.outbox if m.to == [personas.representative.email])
    assert promoted.subject.startswith("A place for you")
    cal, mimetype = attached_calendar(promoted)
    assert "method=REQUEST" in mimetype
    assert str(cal.walk("VEVENT")[0]["UID"]) == meeting.uid
    assert_no_link(promoted)


def test_cancellation_email_removes_the_calendar_entry(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    meeting = make_meeting(personas.programme)
    registration = make_registration(meeting, personas.representative)
    personas.representative.language = "en"
    personas.representative.save()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(registration=registration, by=personas.coordinator)
    (message,) = mail.outbox
    assert message.subject.startswith("Registration cancelled")
    cal, mimetype = attached_calendar(message)
    assert "method=CANCEL" in mimetype
    assert str(cal["METHOD"]) == "CANCEL"
    assert str(cal.walk("VEVENT")[0]["UID"]) == meeting.uid


def test_time_change_sends_the_updated_entry_with_a_higher_sequence(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    meeting = make_meeting(personas.programme, start=future(), online_url=SECRET_LINK)
    make_registration(meeting, personas.representative)
    make_registration(meeting, personas.other_representative, status="waitlisted")
    make_registration(meeting, personas.expert, status="cancelled")
    personas.representative.language = "en"
    personas.representative.save()
    old_sequence = meeting.ical_sequence
    with django_capture_on_commit_callbacks(execute=True):
        update_meeting(
            meeting=meeting,
            data={
                "start": meeting.start + dt.timedelta(hours=2),
                "end": meeting.end + dt.timedelta(hours=2),
            },
            by=personas.facilitator,
        )
    meeting.refresh_from_db()
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {personas.representative.email, personas.other_representative.email}
    confirmed = by_person[personas.representative.email]
    assert confirmed.subject.startswith("New time")
    assert "11:30" in str(confirmed.body)
    cal, _ = attached_calendar(confirmed)
    event = cal.walk("VEVENT")[0]
    assert str(event["UID"]) == meeting.uid
    assert event.decoded("SEQUENCE") == old_sequence + 1
    assert event.decoded("DTSTART") == meeting.start
    assert by_person[personas.other_representative.email].attachments == []  # not in their calendar
    for message in mail.outbox:
        assert_no_link(message)


def test_update_emails_of_an_older_change_are_not_sent(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    meeting = make_meeting(personas.programme)
    make_registration(meeting, personas.representative)
    meeting.ical_sequence = 2
    meeting.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_meeting_changed(meeting)
    Meeting.objects.filter(pk=meeting.pk).update(ical_sequence=3)  # moved again meanwhile
    for callback in callbacks:
        callback()
    assert mail.outbox == []
    (notification,) = Notification.objects.filter(recipient=personas.representative)
    assert notification.email_status == Notification.EmailStatus.SKIPPED


def test_cancelled_meeting_update_sends_a_calendar_cancel(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    meeting = make_meeting(personas.programme)
    make_registration(meeting, personas.representative)
    with django_capture_on_commit_callbacks(execute=True):
        update_meeting(meeting=meeting, data={"status": "cancelled"}, by=personas.facilitator)
    (message,) = mail.outbox
    cal, mimetype = attached_calendar(message)
    assert "method=CANCEL" in mimetype
    assert str(cal.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
    (notification,) = Notification.objects.filter(recipient=personas.representative)
    assert notification.kind == "meetings.meeting_cancelled"


# --- Each email is built from the state when the task runs --------------------------------------
def test_confirmation_of_a_place_cancelled_meanwhile_is_not_sent(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    meeting = make_meeting(personas.programme)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outcome = register_participant(
            meeting=meeting, person=personas.representative, by=personas.representative
        )
    Registration.objects.filter(pk=outcome.registration.pk).update(status="cancelled")
    for callback in callbacks:
        callback()
    assert mail.outbox == []
    (notification,) = Notification.objects.filter(recipient=personas.representative)
    assert notification.email_status == Notification.EmailStatus.SKIPPED


def test_waiting_email_of_someone_promoted_meanwhile_is_not_sent(personas: Personas) -> None:
    meeting = make_meeting(personas.programme)
    registration = make_registration(meeting, personas.representative)
    Registration.objects.filter(pk=registration.pk).update(promoted_at=timezone.now())
    registration.refresh_from_db()
    assert registration_email(registration, "waitlisted") is None
    assert registration_email(registration, "confirmed") is None
    assert isinstance(registration_email(registration, "promoted"), EmailContent)


def test_no_confirmation_for_a_meeting_cancelled_or_over(personas: Personas) -> None:
    cancelled = make_meeting(personas.programme, status="cancelled")
    now = timezone.now()
    over = make_meeting(
        personas.programme, start=now - dt.timedelta(hours=5), end=now - dt.timedelta(hours=1)
    )
    for meeting in (cancelled, over):
        registration = make_registration(meeting, personas.representative)
        assert registration_email(registration, "confirmed") is None


def test_unknown_events_and_missing_registrations_send_nothing(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    meeting = make_meeting(personas.programme)
    registration = make_registration(meeting, personas.representative)
    assert registration_email(registration, "nonsense") is None
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_registration(registration, "confirmed", by=personas.representative)
    Registration.objects.filter(pk=registration.pk).delete()
    for callback in callbacks:
        callback()
    assert mail.outbox == []


def test_people_deactivated_before_the_task_runs_get_no_email(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    meeting = make_meeting(personas.programme)
    registration = make_registration(meeting, personas.representative)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_registration(registration, "confirmed", by=None)
    personas.representative.is_active = False
    personas.representative.save()
    for callback in callbacks:
        callback()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "kind,status",
    [
        ("confirmed", "confirmed"),
        ("waitlisted", "waitlisted"),
        ("cancelled", "cancelled"),
        ("updated", "confirmed"),
    ],
)
def test_every_email_renders_in_both_languages(personas: Personas, kind: str, status: str) -> None:
    meeting = make_meeting(personas.programme, online_url=SECRET_LINK)
    registration = make_registration(meeting, personas.representative, status=status)
    Registration.objects.filter(pk=registration.pk).update(registered_by=personas.coordinator)
    contents = []
    for language in ("it", "en"):
        personas.representative.language = language
        personas.representative.save()
        registration = Registration.objects.select_related("meeting", "user").get(
            pk=registration.pk
        )
        content = registration_email(registration, kind)
        assert content is not None
        contents.append(content)
    for content in contents:
        assert meeting.title in content.text and meeting.title in content.html
        assert str(personas.coordinator) in content.text or kind in {"cancelled", "updated"}
        assert "{%" not in content.text and "{{" not in content.html
        for text in (content.subject, content.text, content.html):
            assert SECRET_LINK not in text
        for _name, body, _mimetype in content.attachments:
            assert SECRET_LINK not in body.decode()
