"""Sending notification emails (django-tasks), at most once per notification.

send_notification_email(id):
1. claims the notification (PENDING → SENDING in one conditional UPDATE): a second worker or a
   duplicate task finds nothing to claim and stops — no double send;
2. re-checks, now: the person is active and has an address, still wants this kind by email,
   and may still see the object (the kind's `still_visible`); otherwise SKIPPED;
3. builds the email (the kind's `build_email`, or the generic one) — None means the news is
   stale: SKIPPED;
4. sends; an SMTP or network error puts it back to PENDING with a later retry (deferred task
   when the backend supports it, and `manage.py send_pending_notifications` from the hourly
   schedule in any case), FAILED after MAX_ATTEMPTS.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.db.models import F
from django.utils import timezone, translation
from django_tasks import default_task_backend, task

from .email import render_email, send_to_person
from .models import Notification
from .registry import Delivery, EmailContent, kinds
from .services import delivery_for

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Wait before attempt n+1 (n = attempts so far): 1, 5, 30 minutes, 2 hours.
BACKOFF = [dt.timedelta(minutes=m) for m in (1, 5, 30, 120)]
SEND_ERRORS = (smtplib.SMTPException, OSError)
Status = Notification.EmailStatus


def _generic_email(notification: Notification) -> EmailContent:
    person = notification.recipient
    with translation.override(person.language or settings.LANGUAGE_CODE):
        summary = notification.summary
    context = {
        "notification": notification,
        "summary": summary,
        "url": settings.SITE_URL + notification.url if notification.url else settings.SITE_URL,
    }
    return render_email(
        person=person,
        kind=notification.kind,
        stem="notifications/email/notification",
        context=context,
    )


def _finish(notification_id: int, status: str, **fields: object) -> None:
    Notification.objects.filter(pk=notification_id).update(email_status=status, **fields)


@task()
def send_notification_email(notification_id: int) -> bool:
    now = timezone.now()
    claimed = Notification.objects.filter(pk=notification_id, email_status=Status.PENDING).update(
        email_status=Status.SENDING, email_attempts=F("email_attempts") + 1, email_claimed_at=now
    )
    if not claimed:
        return False  # sent, being sent, skipped, or never meant for email
    notification = Notification.objects.select_related("recipient", "actor").get(
        pk=notification_id
    )
    person = notification.recipient
    kind = kinds.get(notification.kind)
    if (
        kind is None
        or not person.is_active
        or not person.email
        or delivery_for(person, notification.kind) != Delivery.IMMEDIATE
        or (kind.still_visible is not None and not kind.still_visible(person, notification))
    ):
        _finish(notification_id, Status.SKIPPED)
        return False
    content = kind.build_email(notification) if kind.build_email else _generic_email(notification)
    if content is None:
        _finish(notification_id, Status.SKIPPED)
        return False
    try:
        send_to_person(person=person, kind=notification.kind, content=content)
    except SEND_ERRORS as error:
        attempts = notification.email_attempts
        logger.warning("Notification %s: email failed (%s): %s", notification_id, attempts, error)
        if attempts >= MAX_ATTEMPTS:
            _finish(notification_id, Status.FAILED, email_error=str(error)[:300])
            return False
        _finish(notification_id, Status.PENDING, email_error=str(error)[:300])
        if default_task_backend.supports_defer:
            wait = BACKOFF[min(attempts - 1, len(BACKOFF) - 1)]
            send_notification_email.using(run_after=timezone.now() + wait).enqueue(
                notification_id
            )
        return False
    _finish(notification_id, Status.SENT, emailed_at=timezone.now(), email_error="")
    return True
