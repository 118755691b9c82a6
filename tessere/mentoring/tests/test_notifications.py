"""Mentoring through the notifications app: the owner hears of an action assigned to them (the
assigner does not), reminders go once whatever runs twice, emails carry only the action, and
the digest lists a person's own open actions only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone, translation

from conftest import Personas
from tessere.mentoring.models import Action, ActionUpdate
from tessere.mentoring.notifications import ASSIGNED, DUE, my_actions_section
from tessere.mentoring.services.actions import (
    create_action,
    send_action_reminders,
    update_action,
)
from tessere.mentoring.tests.factories import make_action, make_finding, make_session
from tessere.notifications.models import Notification, NotificationPreference
from tessere.notifications.registry import Delivery, kinds

pytestmark = pytest.mark.django_db
Capture = Callable[..., AbstractContextManager[Any]]
SECRETS = ("Note segrete", "Titolo segreto", "Descrizione segreta", "Nota riservata")


def notifications_of(person: Any, kind: str | None = None) -> list[Notification]:
    found = Notification.objects.filter(recipient=person)
    return list(found.filter(kind=kind) if kind else found)


def message_texts(message: Any) -> list[str]:
    return [
        str(message.subject),
        str(message.body),
        *(str(content) for content, _type in getattr(message, "alternatives", [])),
    ]


def confidential_action(personas: Personas, owner: Any, **extra: Any) -> Action:
    session = make_session(personas.project, notes="Note segrete della sessione")
    finding = make_finding(
        personas.project, title="Titolo segreto", description="Descrizione segreta"
    )
    action = make_action(personas.project, owner, finding=finding, session=session, **extra)
    ActionUpdate.objects.create(
        action=action, date=timezone.localdate(), status="open", note="Nota riservata"
    )
    return action


def test_the_mentoring_kinds_are_declared() -> None:
    for key in (ASSIGNED, DUE):
        kind = kinds[key]
        assert kind.default == Delivery.IMMEDIATE
        assert kind.build_email is not None and kind.still_visible is not None
        with translation.override("en"):
            assert str(kind.group) == "Mentoring"


# --- Assigned ----------------------------------------------------------------------------------------
def test_assigning_an_action_tells_the_new_owner_not_the_assigner(
    personas: Personas, django_capture_on_commit_callbacks: Capture
) -> None:
    finding = make_finding(
        personas.project, title="Titolo segreto", description="Descrizione segreta"
    )
    with django_capture_on_commit_callbacks(execute=True):
        action = create_action(
            project=personas.project,
            data={
                "description": "Convocare il tavolo dei partner",
                "owner": personas.operator,
                "due_date": timezone.localdate() + dt.timedelta(days=20),
                "status": "open",
                "finding": finding,
            },
            by=personas.mentor,
        )
    (notification,) = notifications_of(personas.operator)
    assert notification.kind == ASSIGNED and notification.actor == personas.mentor
    assert notification.url == action.get_absolute_url()
    assert notifications_of(personas.mentor) == []
    (message,) = mail.outbox
    assert message.to == [personas.operator.email]
    assert "List-Unsubscribe" in message.extra_headers
    texts = message_texts(message)
    assert "Convocare il tavolo dei partner" in texts[1]
    assert personas.project.acronym in texts[0]
    for text in texts:
        assert "Titolo segreto" not in text and "Descrizione segreta" not in text


def test_giving_the_action_to_someone_else_tells_them(
    personas: Personas, django_capture_on_commit_callbacks: Capture
) -> None:
    action = make_action(personas.project, personas.operator)
    with django_capture_on_commit_callbacks(execute=True):
        update_action(
            action=action,
            data={"owner": personas.coordinator},
            version=action.version,
            by=personas.mentor,
        )
    assert [n.kind for n in notifications_of(personas.coordinator)] == [ASSIGNED]
    assert notifications_of(personas.operator) == []
    assert [m.to for m in mail.outbox] == [[personas.coordinator.email]]


def test_an_edit_that_keeps_the_owner_tells_nobody(
    personas: Personas, django_capture_on_commit_callbacks: Capture
) -> None:
    action = make_action(personas.project, personas.operator)
    with django_capture_on_commit_callbacks(execute=True):
        update_action(
            action=action, data={"description": "Altro"}, version=action.version, by=personas.mentor
        )
    assert Notification.objects.count() == 0 and mail.outbox == []


def test_taking_an_action_oneself_makes_no_notification(
    personas: Personas, django_capture_on_commit_callbacks: Capture
) -> None:
    action = make_action(personas.project, personas.operator)
    with django_capture_on_commit_callbacks(execute=True):
        update_action(
            action=action,
            data={"owner": personas.mentor},
            version=action.version,
            by=personas.mentor,
        )
    assert Notification.objects.count() == 0 and mail.outbox == []


def test_no_assignment_email_if_the_action_was_given_back_before_it_went_out(
    personas: Personas, django_capture_on_commit_callbacks: Capture
) -> None:
    action = make_action(personas.project, personas.mentor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        update_action(
            action=action,
            data={"owner": personas.operator},
            version=action.version,
            by=personas.mentor,
        )
    Action.objects.filter(pk=action.pk).update(owner=personas.mentor)
    for callback in callbacks:
        callback()
    assert mail.outbox == []
    (notification,) = notifications_of(personas.operator)
    assert notification.email_status == Notification.EmailStatus.SKIPPED


# --- Due ---------------------------------------------------------------------------------------------
def test_the_reminder_carries_only_the_action_and_goes_once(
    personas: Personas, django_capture_on_commit_callbacks: Capture
) -> None:
    today = timezone.localdate()
    action = confidential_action(
        personas, personas.operator, due_date=today + dt.timedelta(days=2), description="Report"
    )
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            send_action_reminders(today=today)
    # Even if the flags were lost (a restore, a race), the event is the same: nothing new.
    Action.objects.filter(pk=action.pk).update(due_reminder_sent_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        send_action_reminders(today=today)
    (notification,) = notifications_of(personas.operator, DUE)
    assert notification.email_status == Notification.EmailStatus.SENT
    (message,) = mail.outbox
    for text in message_texts(message):
        for secret in SECRETS:
            assert secret not in text
    assert "Report" in message.body and action.get_absolute_url() in message.body
    assert "List-Unsubscribe" in message.extra_headers


def test_a_reminder_for_a_date_moved_meanwhile_is_not_sent(
    personas: Personas, django_capture_on_commit_callbacks: Capture
) -> None:
    today = timezone.localdate()
    action = make_action(personas.project, personas.operator, due_date=today + dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_action_reminders(today=today)
    Action.objects.filter(pk=action.pk).update(due_date=today + dt.timedelta(days=30))
    for callback in callbacks:
        callback()
    assert mail.outbox == []


def test_reminders_on_the_site_only_send_no_email(
    personas: Personas, django_capture_on_commit_callbacks: Capture
) -> None:
    NotificationPreference.objects.create(user=personas.operator, kind=DUE, delivery="in_app")
    today = timezone.localdate()
    make_action(personas.project, personas.operator, due_date=today + dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_action_reminders(today=today) == 1
    assert len(notifications_of(personas.operator, DUE)) == 1
    assert mail.outbox == []


# --- The digest: my open actions ---------------------------------------------------------------------
def test_the_digest_lists_my_open_actions_due_soon_or_overdue(personas: Personas) -> None:
    today = timezone.localdate()
    make_action(
        personas.project,
        personas.operator,
        due_date=today + dt.timedelta(days=5),
        description="Entro cinque giorni",
    )
    make_action(
        personas.project,
        personas.operator,
        due_date=today - dt.timedelta(days=3),
        description="Scaduta",
    )
    make_action(
        personas.project,
        personas.operator,
        due_date=today + dt.timedelta(days=40),
        description="Lontana",
    )
    make_action(
        personas.project, personas.operator, due_date=today, status="done", description="Fatta"
    )
    make_action(personas.project, personas.coordinator, due_date=today, description="Di un altro")
    now = timezone.now()
    with translation.override("en"):
        section = my_actions_section(personas.operator, now - dt.timedelta(days=7), now)
    assert section is not None and section.key == "mentoring.my_actions"
    assert [item.title for item in section.items] == ["Scaduta", "Entro cinque giorni"]
    assert section.items[0].meta.startswith(f"{personas.project.acronym} · overdue since")


def test_the_digest_never_shows_another_projects_actions(personas: Personas) -> None:
    today = timezone.localdate()
    make_action(personas.project, personas.coordinator, due_date=today + dt.timedelta(days=2))
    now = timezone.now()
    for name in ("other_representative", "outsider", "monitor", "mentor", "coordinator"):
        section = my_actions_section(getattr(personas, name), now, now)
        if name == "coordinator":
            assert section is not None and len(section.items) == 1
        else:
            assert section is None, name
