"""The email task: claimed once, re-checked when it runs, retried on SMTP errors."""

from __future__ import annotations

import smtplib
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.test import Client

from tessere.accounts.models import User
from tessere.notifications import services
from tessere.notifications.models import Notification, NotificationPreference
from tessere.notifications.registry import Delivery
from tessere.notifications.tasks import MAX_ATTEMPTS, send_notification_email

from .conftest import Visibility
from .helpers import PING, ping

Status = Notification.EmailStatus
pytestmark = pytest.mark.django_db
SMTP_DOWN = mock.patch(
    "django.core.mail.backends.locmem.EmailBackend.send_messages",
    side_effect=smtplib.SMTPException("421 try later"),
)


def pending(person: User) -> Notification:
    """A notification waiting for its email (notify() queues it after the commit; the test
    runs the task itself)."""
    notification = ping(person)[0]
    assert notification.email_status == Status.PENDING
    return notification


def test_running_the_task_twice_sends_one_email(visibility: Visibility, person: User) -> None:
    notification = pending(person)
    assert send_notification_email.call(notification.pk) is True
    assert send_notification_email.call(notification.pk) is False
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.email_status == Status.SENT
    assert notification.email_attempts == 1


def test_the_email_says_the_summary_and_links_to_the_object(
    visibility: Visibility, person: User
) -> None:
    send_notification_email.call(pending(person).pk)
    message = mail.outbox[0]
    assert message.to == [person.email]
    assert "Your harvest was pinged" in message.subject
    assert "/incontri/" in message.body
    html = message.alternatives[0][0]  # type: ignore[attr-defined]
    assert "Your harvest was pinged" in str(html)


def test_nothing_is_sent_when_the_person_may_no_longer_see_it(
    visibility: Visibility, person: User
) -> None:
    notification = pending(person)
    visibility.on = False
    send_notification_email.call(notification.pk)
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.email_status == Status.SKIPPED


def test_nothing_is_sent_when_the_person_turned_the_email_off_meanwhile(
    visibility: Visibility, person: User
) -> None:
    notification = pending(person)
    NotificationPreference.objects.create(user=person, kind=PING, delivery=Delivery.IN_APP)
    send_notification_email.call(notification.pk)
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.email_status == Status.SKIPPED


def test_nothing_is_sent_to_a_person_deactivated_meanwhile(
    visibility: Visibility, person: User
) -> None:
    notification = pending(person)
    User.objects.filter(pk=person.pk).update(is_active=False)
    send_notification_email.call(notification.pk)
    assert mail.outbox == []


def test_an_smtp_error_leaves_it_pending_and_a_later_try_sends_it_once(
    visibility: Visibility, person: User
) -> None:
    notification = pending(person)
    with SMTP_DOWN:
        assert send_notification_email.call(notification.pk) is False
    notification.refresh_from_db()
    assert notification.email_status == Status.PENDING
    assert notification.email_attempts == 1
    assert "421" in notification.email_error
    assert send_notification_email.call(notification.pk) is True
    assert send_notification_email.call(notification.pk) is False
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert (notification.email_status, notification.email_attempts) == (Status.SENT, 2)


def test_it_fails_for_good_after_the_last_attempt(visibility: Visibility, person: User) -> None:
    notification = pending(person)
    with SMTP_DOWN:
        for _attempt in range(MAX_ATTEMPTS + 2):
            send_notification_email.call(notification.pk)
    notification.refresh_from_db()
    assert notification.email_status == Status.FAILED
    assert notification.email_attempts == MAX_ATTEMPTS
    assert mail.outbox == []


def test_every_email_carries_one_click_unsubscribe_headers(
    visibility: Visibility, person: User
) -> None:
    send_notification_email.call(pending(person).pk)
    headers = mail.outbox[0].extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("http") and "/notifiche/disiscrizione/" in link
    assert link in mail.outbox[0].body  # the footer's "unsubscribe from these emails"


def test_the_one_click_link_works_without_login_and_stops_only_email(
    visibility: Visibility, person: User, django_capture_on_commit_callbacks: Any
) -> None:
    send_notification_email.call(pending(person).pk)
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = link.removeprefix("http://127.0.0.1:8000")
    client = Client(enforce_csrf_checks=True)
    confirm = client.get(path)
    assert confirm.status_code == 200
    assert services.delivery_for(person, PING) == Delivery.IMMEDIATE  # a GET changes nothing
    answer = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert services.delivery_for(person, PING) == Delivery.IN_APP
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        later = ping(person, "Another harvest")
    assert len(later) == 1 and later[0].email_status == Status.NONE  # still on the bell
    assert mail.outbox == []
