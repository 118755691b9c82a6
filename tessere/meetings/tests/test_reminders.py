"""The reminder to close a meeting: the day after it ended, to its facilitators, once. It is a
notification (meetings.close_reminder): its email goes after the commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.utils import timezone

from conftest import Personas
from tessere.core.models import AuditEntry
from tessere.meetings import tasks
from tessere.meetings.models import Meeting
from tessere.meetings.services import meetings as services
from tessere.registry.models import ProgrammeRole
from tessere.registry.tests import factories as f

from .factories import make_meeting
from .meeting_helpers import ended_meeting, rome

pytestmark = pytest.mark.django_db
Remind = Callable[..., bool]
Committed = Callable[[], AbstractContextManager[Any]]


@pytest.fixture
def committed(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
) -> Committed:
    """Run what is queued after the commit (the emails) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def remind(committed: Committed) -> Iterator[Remind]:
    def _remind(meeting: Meeting, **kwargs: Any) -> bool:
        with committed():
            return services.send_close_reminder(meeting=meeting, **kwargs)

    yield _remind


def test_reminder_goes_to_the_meetings_facilitators_once(
    personas: Personas, remind: Remind
) -> None:
    meeting = ended_meeting(personas.programme, facilitators=[personas.mentor], title="Fishbowl")
    assert remind(meeting) is True
    assert [m.to for m in mail.outbox] == [[personas.mentor.email]]
    message = mail.outbox[0]
    assert "Fishbowl" in message.subject
    assert "/chiusura/" in message.body
    meeting.refresh_from_db()
    assert meeting.close_reminder_sent_at is not None
    assert remind(meeting) is False  # idempotent
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="meetings.meeting.close_reminder_sent").count() == 1


def test_without_meeting_facilitators_the_programmes_are_reminded(
    personas: Personas, remind: Remind
) -> None:
    second = f.make_user(email="second-facilitator@example.test")
    f.give_programme_role(second, personas.programme, ProgrammeRole.Role.FACILITATOR)
    meeting = ended_meeting(personas.programme)
    assert remind(meeting)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [personas.facilitator.email, second.email]
    )


def test_each_reminder_speaks_the_persons_language(personas: Personas, remind: Remind) -> None:
    personas.facilitator.language = "en"
    personas.facilitator.save()
    meeting = ended_meeting(personas.programme, title="Open Space")
    remind(meeting)
    assert mail.outbox[0].subject.startswith("To close")
    message = mail.outbox[0]
    assert isinstance(message, EmailMultiAlternatives)
    assert "Close the meeting" in str(message.alternatives[0][0])


@pytest.mark.parametrize(
    ("change", "due"),
    [
        ({}, True),
        ({"closed_at": "now"}, False),
        ({"status": "cancelled"}, False),
        ({"status": "held"}, False),
        ({"ends": "today"}, False),
        ({"ends": "future"}, False),
    ],
)
def test_reminder_only_when_due(
    personas: Personas, remind: Remind, change: dict[str, str], due: bool
) -> None:
    meeting = ended_meeting(personas.programme)
    now = timezone.now()
    if change.get("closed_at"):
        meeting.closed_at = now
    if change.get("status"):
        meeting.status = change["status"]
    if change.get("ends") == "today":
        meeting.start, meeting.end = now - dt.timedelta(minutes=2), now - dt.timedelta(minutes=1)
    if change.get("ends") == "future":
        meeting.start, meeting.end = now + dt.timedelta(days=1), now + dt.timedelta(days=1, hours=4)
    meeting.save()
    assert remind(meeting) is due
    assert len(mail.outbox) == int(due)


def test_the_day_after_is_a_calendar_day_in_rome(personas: Personas, remind: Remind) -> None:
    meeting = make_meeting(
        personas.programme, start=rome(2030, 5, 14, 20, 0), end=rome(2030, 5, 14, 23, 30)
    )
    assert not remind(meeting, now=rome(2030, 5, 14, 23, 59))
    assert remind(meeting, now=rome(2030, 5, 15, 0, 1))


def test_the_task_calls_the_service(personas: Personas, committed: Committed) -> None:
    meeting = ended_meeting(personas.programme)
    with committed():
        assert tasks.remind_to_close.call(meeting.pk) is True
    assert tasks.remind_to_close.call(meeting.pk) is False
    assert tasks.remind_to_close.call(0) is False
    assert len(mail.outbox) == 1


def test_the_command_reminds_every_meeting_waiting_once(
    personas: Personas, committed: Committed
) -> None:
    yesterday = ended_meeting(personas.programme, title="Ieri")
    last_week = ended_meeting(personas.programme, days_ago=7, title="Settimana scorsa")
    ended_meeting(personas.programme, days_ago=90, title="Storia")  # beyond the look-back
    closed = ended_meeting(personas.programme, days_ago=2)
    closed.closed_at = timezone.now()
    closed.save()
    make_meeting(personas.programme)  # next week
    out = StringIO()
    with committed():
        call_command("send_meeting_reminders", stdout=out)
    assert "2 reminder(s) sent" in out.getvalue()
    titles = {"Ieri", "Settimana scorsa", "Storia"}
    # Whatever the language of the subject, it names the meeting.
    assert {t for m in mail.outbox for t in titles if t in m.subject} == {
        "Ieri",
        "Settimana scorsa",
    }
    assert len(mail.outbox) == 2
    for meeting in (yesterday, last_week):
        meeting.refresh_from_db()
        assert meeting.close_reminder_sent_at is not None
    with committed():
        call_command("send_meeting_reminders", stdout=StringIO())
    assert len(mail.outbox) == 2  # nothing new the second time
    call_command("send_meeting_reminders", "--days", "100", "--dry-run", stdout=out)
    assert "would remind: " in out.getvalue() and len(mail.outbox) == 2


def test_the_command_is_documented_for_cron() -> None:
    from tessere.meetings.management.commands.send_meeting_reminders import Command

    assert "cron" in Command.help


class FakeTask:
    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.run_after: dt.datetime | None = None

    def using(self, *, run_after: dt.datetime) -> FakeTask:
        self.run_after = run_after
        return self

    def enqueue(self, *args: Any) -> None:
        self.calls.append((self.run_after, *args))


class DeferringBackend:
    supports_defer = True


def test_a_deferring_backend_queues_the_reminder_for_the_day_after(
    personas: Personas, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    fake = FakeTask()
    monkeypatch.setattr("django_tasks.default_task_backend", DeferringBackend())
    monkeypatch.setattr(tasks, "remind_to_close", fake)
    start = rome(2030, 5, 14, 9, 30)
    data = {
        "title": "Incontro",
        "format": "online",
        "length": "half_day",
        "start": start,
        "end": start + dt.timedelta(hours=4),
        "online_url": "https://meet.example.test/x",
        "status": "planned",
        "is_public": True,
    }
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.create_meeting(
            programme=personas.programme, data=data, by=personas.facilitator
        )
    assert fake.calls == [(start + dt.timedelta(hours=4, days=1), meeting.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(
            meeting=meeting, data={"title": "Nuovo titolo"}, by=personas.facilitator
        )
    assert len(fake.calls) == 1  # the end did not change
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(
            meeting=meeting, data={"end": start + dt.timedelta(hours=5)}, by=personas.facilitator
        )
    assert fake.calls[-1] == (start + dt.timedelta(hours=5, days=1), meeting.pk)


def test_without_deferred_tasks_nothing_is_queued(
    personas: Personas, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    fake = FakeTask()
    monkeypatch.setattr(tasks, "remind_to_close", fake)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = make_meeting(personas.programme)
        services.update_meeting(
            meeting=meeting,
            data={"end": meeting.end + dt.timedelta(hours=1)},
            by=personas.facilitator,
        )
    assert fake.calls == []  # the immediate test backend cannot defer: the command does it


def test_moving_the_end_later_allows_a_new_reminder(personas: Personas, remind: Remind) -> None:
    meeting = ended_meeting(personas.programme)
    remind(meeting)
    meeting.refresh_from_db()
    later = timezone.now() + dt.timedelta(days=3)
    services.update_meeting(
        meeting=meeting,
        data={"start": later, "end": later + dt.timedelta(hours=4)},
        by=personas.facilitator,
    )
    meeting.refresh_from_db()
    assert meeting.close_reminder_sent_at is None
    assert Meeting.objects.filter(pk=meeting.pk, ical_sequence=1).exists()
