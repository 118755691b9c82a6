"""Reminders to action owners: 3 days before the due date and once overdue, each once; none for
done or dropped actions; re-armed by a new due date; emails carry nothing confidential."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from conftest import Personas
from tessere.mentoring.models import Action
from tessere.mentoring.services.actions import send_action_reminders, update_action
from tessere.mentoring.tests.factories import make_action, make_finding, make_session

TODAY = dt.date(2022, 3, 10)


def run(today: dt.date, capture: Any) -> int:
    with capture(execute=True):
        return send_action_reminders(today=today)


@pytest.fixture
def action(personas: Personas) -> Action:
    return make_action(
        personas.project,
        personas.operator,
        due_date=TODAY + dt.timedelta(days=3),
        description="Preparare il report",
    )


def test_reminded_three_days_before_then_when_overdue_once_each(
    action: Action, django_capture_on_commit_callbacks: Any
) -> None:
    assert run(TODAY - dt.timedelta(days=1), django_capture_on_commit_callbacks) == 0
    assert run(TODAY, django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [action.owner.email]
    assert run(TODAY, django_capture_on_commit_callbacks) == 0
    assert run(TODAY + dt.timedelta(days=2), django_capture_on_commit_callbacks) == 0
    assert (
        run(action.due_date, django_capture_on_commit_callbacks) == 0
    )  # due today: not overdue yet
    assert run(action.due_date + dt.timedelta(days=1), django_capture_on_commit_callbacks) == 1
    assert run(action.due_date + dt.timedelta(days=5), django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 2
    action.refresh_from_db()
    assert action.due_reminder_sent_at and action.overdue_reminder_sent_at


@pytest.mark.parametrize("status", [Action.Status.DONE, Action.Status.DROPPED])
def test_no_reminders_for_closed_actions(
    action: Action, status: str, django_capture_on_commit_callbacks: Any
) -> None:
    Action.objects.filter(pk=action.pk).update(status=status)
    assert run(TODAY, django_capture_on_commit_callbacks) == 0
    assert run(TODAY + dt.timedelta(days=10), django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_in_progress_actions_are_reminded(
    action: Action, django_capture_on_commit_callbacks: Any
) -> None:
    Action.objects.filter(pk=action.pk).update(status=Action.Status.IN_PROGRESS)
    assert run(TODAY, django_capture_on_commit_callbacks) == 1


def test_a_new_due_date_rearms_the_reminders(
    personas: Personas, action: Action, django_capture_on_commit_callbacks: Any
) -> None:
    run(TODAY, django_capture_on_commit_callbacks)
    run(TODAY + dt.timedelta(days=4), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    action.refresh_from_db()
    later = TODAY + dt.timedelta(days=20)
    update_action(
        action=action, data={"due_date": later}, version=action.version, by=personas.mentor
    )
    action.refresh_from_db()
    assert action.due_reminder_sent_at is None and action.overdue_reminder_sent_at is None
    assert run(later - dt.timedelta(days=3), django_capture_on_commit_callbacks) == 1
    assert run(later + dt.timedelta(days=1), django_capture_on_commit_callbacks) == 1


def test_an_edit_that_keeps_the_due_date_keeps_the_flags(
    personas: Personas, action: Action, django_capture_on_commit_callbacks: Any
) -> None:
    run(TODAY, django_capture_on_commit_callbacks)
    action.refresh_from_db()
    update_action(
        action=action, data={"description": "Altro"}, version=action.version, by=personas.mentor
    )
    assert run(TODAY, django_capture_on_commit_callbacks) == 0


def test_email_is_not_sent_if_the_action_was_closed_or_reassigned_before_the_task_ran(
    personas: Personas, action: Action, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_action_reminders(today=TODAY)
    Action.objects.filter(pk=action.pk).update(status=Action.Status.DONE)
    for callback in callbacks:
        callback()
    assert mail.outbox == []
    other = make_action(personas.project, personas.operator, due_date=TODAY + dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_action_reminders(today=TODAY)
    Action.objects.filter(pk=other.pk).update(owner=personas.mentor)
    for callback in callbacks:
        callback()
    assert mail.outbox == []


def test_email_carries_only_the_action(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    session = make_session(personas.project, notes="Note segrete della sessione")
    finding = make_finding(
        personas.project, title="Titolo segreto", description="Descrizione segreta"
    )
    action = make_action(
        personas.project,
        personas.operator,
        finding=finding,
        session=session,
        due_date=TODAY + dt.timedelta(days=2),
        description="Preparare il report",
    )
    from tessere.mentoring.models import ActionUpdate

    ActionUpdate.objects.create(action=action, date=TODAY, status="open", note="Nota riservata")
    run(TODAY, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    bodies = [
        message.subject,
        str(message.body),
        *(str(alt[0]) for alt in getattr(message, "alternatives", [])),
    ]
    for body in bodies:
        for secret in ("Note segrete", "Titolo segreto", "Descrizione segreta", "Nota riservata"):
            assert secret not in body
    assert "Preparare il report" in message.body and personas.project.acronym in message.subject
    assert action.get_absolute_url() in message.body


def test_the_command_sends_the_days_reminders(
    action: Action, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_action_reminders", "--today", TODAY.isoformat())
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_action_reminders", "--today", TODAY.isoformat())
    assert len(mail.outbox) == 1
