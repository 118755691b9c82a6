"""Sending notification emails and digests (django-tasks), at most once each.

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

send_digest(log_id) does the same for one DigestLog (see digest.py): claim, re-check (active,
address, digest not turned off), build at send time, send or mark EMPTY, retry on SMTP errors.

requeue_stuck() (the `send_pending_notifications` command) picks up what a lost task left
behind: PENDING notifications and digests older than a few minutes, and SENDING ones whose
worker died (claimed more than STUCK_AFTER ago: set back to PENDING first).
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone, translation
from django_tasks import default_task_backend, task
from django_tasks.base import Task

from .digest import build_digest, item_count, notification_ids
from .email import render_email, send_to_person
from .models import DigestLog, Notification, NotificationSettings
from .registry import Delivery, DigestSection, EmailContent, kinds
from .services import DIGEST, delivery_for, digest_frequency_of

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Wait before attempt n+1 (n = attempts so far): 1, 5, 30 minutes, 2 hours.
BACKOFF = [dt.timedelta(minutes=m) for m in (1, 5, 30, 120)]
SEND_ERRORS = (smtplib.SMTPException, OSError)
# A PENDING row older than this lost its task (or its retry was never deferred): queue it again.
PENDING_AFTER = dt.timedelta(minutes=5)
# A SENDING row claimed longer ago than this lost its worker mid-send.
STUCK_AFTER = dt.timedelta(minutes=30)
Status = Notification.EmailStatus


def _retry_later(the_task: Task[[int], bool], object_id: int, attempts: int) -> None:
    """Queue another attempt after a pause, when the backend can wait (the database queue);
    otherwise the hourly `send_pending_notifications` picks the row up."""
    if default_task_backend.supports_defer:
        wait = BACKOFF[min(attempts - 1, len(BACKOFF) - 1)]
        the_task.using(run_after=timezone.now() + wait).enqueue(object_id)


# --- One notification ----------------------------------------------------------------------------
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
    notification = Notification.objects.select_related("recipient", "actor").get(pk=notification_id)
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
        _retry_later(send_notification_email, notification_id, attempts)
        return False
    _finish(notification_id, Status.SENT, emailed_at=timezone.now(), email_error="")
    return True


# --- One digest ------------------------------------------------------------------------------------
def _finish_digest(log_id: int, status: str, **fields: object) -> None:
    DigestLog.objects.filter(pk=log_id).update(status=status, **fields)


def _close_window(log: DigestLog, built_at: dt.datetime, sent_ids: list[int]) -> None:
    """The notifications this digest carried are DIGESTED; the others of its window (no longer
    visible, no longer wanted by email, past the section's limit) will not be sent: SKIPPED."""
    window = Notification.objects.filter(
        recipient=log.user,
        email_status=Status.DIGEST,
        created_at__gte=log.since,
        created_at__lt=built_at,
    )
    now = timezone.now()
    window.filter(pk__in=sent_ids).update(email_status=Status.DIGESTED, emailed_at=now)
    window.exclude(pk__in=sent_ids).update(email_status=Status.SKIPPED)


def digest_email(log: DigestLog, sections: list[DigestSection]) -> EmailContent:
    person = log.user
    return render_email(
        person=person,
        kind=DIGEST,
        stem="notifications/email/digest",
        context={
            "sections": sections,
            "daily": log.period.startswith("D"),
            "count": item_count(sections),
            "since": log.since,
        },
    )


@task()
def send_digest(log_id: int) -> bool:
    now = timezone.now()
    claimed = DigestLog.objects.filter(pk=log_id, status=DigestLog.Status.PENDING).update(
        status=DigestLog.Status.SENDING, attempts=F("attempts") + 1, claimed_at=now
    )
    if not claimed:
        return False  # sent, empty, being sent or given up
    log = DigestLog.objects.select_related("user").get(pk=log_id)
    person = log.user
    if (
        not person.is_active
        or not person.email
        or digest_frequency_of(person) == NotificationSettings.Frequency.NEVER
    ):
        _finish_digest(log_id, DigestLog.Status.SKIPPED)
        return False
    # News up to now (a period opened ahead of the clock, by `send_digests --now`, up to then).
    built_at = max(now, log.created_at)
    sections = build_digest(person, log.since, built_at)
    count = item_count(sections)
    if not count:
        _close_window(log, built_at, [])
        _finish_digest(log_id, DigestLog.Status.EMPTY, item_count=0, error="")
        return False
    content = digest_email(log, sections)
    try:
        send_to_person(person=person, kind=DIGEST, content=content)
    except SEND_ERRORS as error:
        logger.warning("Digest %s: email failed (%s): %s", log_id, log.attempts, error)
        if log.attempts >= MAX_ATTEMPTS:
            _finish_digest(log_id, DigestLog.Status.FAILED, error=str(error)[:300])
            return False
        _finish_digest(log_id, DigestLog.Status.PENDING, error=str(error)[:300])
        _retry_later(send_digest, log_id, log.attempts)
        return False
    _close_window(log, built_at, notification_ids(sections))
    _finish_digest(
        log_id, DigestLog.Status.SENT, sent_at=timezone.now(), item_count=count, error=""
    )
    return True


# --- What lost tasks left behind -----------------------------------------------------------------
@dataclass
class Requeued:
    notifications: int = 0
    digests: int = 0


def stuck_notifications(now: dt.datetime) -> list[int]:
    return list(
        Notification.objects.filter(
            Q(email_status=Status.PENDING, created_at__lt=now - PENDING_AFTER)
            | Q(email_status=Status.SENDING, email_claimed_at__lt=now - STUCK_AFTER)
        )
        .order_by("created_at")
        .values_list("pk", flat=True)
    )


def stuck_digests(now: dt.datetime) -> list[int]:
    return list(
        DigestLog.objects.filter(
            Q(status=DigestLog.Status.PENDING, created_at__lt=now - PENDING_AFTER)
            | Q(status=DigestLog.Status.SENDING, claimed_at__lt=now - STUCK_AFTER)
        )
        .order_by("created_at")
        .values_list("pk", flat=True)
    )


def requeue_stuck(*, now: dt.datetime | None = None, dry_run: bool = False) -> Requeued:
    """Queue again the emails and digests whose task was lost (see the module docstring)."""
    now = now or timezone.now()
    notification_ids_ = stuck_notifications(now)
    digest_ids = stuck_digests(now)
    if not dry_run:
        # A worker that died mid-send left SENDING: give the row back before queueing it.
        Notification.objects.filter(pk__in=notification_ids_, email_status=Status.SENDING).update(
            email_status=Status.PENDING
        )
        DigestLog.objects.filter(pk__in=digest_ids, status=DigestLog.Status.SENDING).update(
            status=DigestLog.Status.PENDING
        )
        for notification_id in notification_ids_:
            send_notification_email.enqueue(notification_id)
        for log_id in digest_ids:
            send_digest.enqueue(log_id)
    return Requeued(notifications=len(notification_ids_), digests=len(digest_ids))
