"""The hourly schedule (run_schedule) and the pick-up of emails whose task was lost."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from tessere.accounts.models import User
from tessere.core.management.commands import run_schedule
from tessere.notifications.models import DigestLog, Notification
from tessere.notifications.tasks import PENDING_AFTER, STUCK_AFTER

from .conftest import Visibility
from .helpers import NEWS, ping

Status = Notification.EmailStatus
pytestmark = pytest.mark.django_db


def test_run_schedule_runs_each_periodic_command_once() -> None:
    with mock.patch.object(run_schedule, "call_command") as called:
        call_command("run_schedule", stdout=StringIO(), stderr=StringIO())
    assert [c.args[0] for c in called.call_args_list] == [
        "send_pending_notifications",
        "send_digests",
        "send_meeting_reminders",
        "send_action_reminders",
        "derive_network_ties",
    ]


def test_one_failing_command_does_not_stop_the_others() -> None:
    def flaky(name: str, **kwargs: object) -> None:
        if name == "send_digests":
            raise RuntimeError("database away")

    err = StringIO()
    with mock.patch.object(run_schedule, "call_command", side_effect=flaky) as called:
        call_command("run_schedule", stdout=StringIO(), stderr=err)
    assert called.call_count == len(settings.PERIODIC_COMMANDS)
    assert "send_digests: failed" in err.getvalue()


@override_settings(PERIODIC_COMMANDS=["send_pending_notifications"])
def test_the_list_of_commands_comes_from_the_settings() -> None:
    with mock.patch.object(run_schedule, "call_command") as called:
        call_command("run_schedule", stdout=StringIO())
    assert called.call_count == 1


def test_the_loop_repeats_after_the_interval() -> None:
    sleeps: list[float] = []

    def stop_after_two(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) == 2:
            raise KeyboardInterrupt

    with (
        mock.patch.object(run_schedule, "call_command") as called,
        mock.patch.object(run_schedule.time, "sleep", side_effect=stop_after_two),
        pytest.raises(KeyboardInterrupt),
    ):
        call_command("run_schedule", loop=True, interval=60, stdout=StringIO())
    assert called.call_count == 2 * len(settings.PERIODIC_COMMANDS)
    assert all(0 < s <= 60 for s in sleeps)


def test_the_real_commands_run_together_without_error(visibility: Visibility, person: User) -> None:
    err = StringIO()
    call_command("run_schedule", stdout=StringIO(), stderr=err)
    assert "failed" not in err.getvalue()


def test_a_lost_email_is_queued_again_and_sent_once(visibility: Visibility, person: User) -> None:
    notification = ping(person)[0]  # its on_commit task never ran (a lost task)
    fresh = ping(person, "Just now")[0]
    old = timezone.now() - PENDING_AFTER - dt.timedelta(minutes=1)
    Notification.objects.filter(pk=notification.pk).update(created_at=old)
    call_command("send_pending_notifications", stdout=StringIO())
    call_command("send_pending_notifications", stdout=StringIO())
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    fresh.refresh_from_db()
    assert notification.email_status == Status.SENT
    assert fresh.email_status == Status.PENDING  # its own task may still be on its way


def test_an_email_stuck_mid_send_is_given_back_and_sent(
    visibility: Visibility, person: User
) -> None:
    notification = ping(person)[0]
    claimed = timezone.now() - STUCK_AFTER - dt.timedelta(minutes=1)
    Notification.objects.filter(pk=notification.pk).update(
        email_status=Status.SENDING, email_claimed_at=claimed, email_attempts=1
    )
    recent = ping(person, "Being sent")[0]
    Notification.objects.filter(pk=recent.pk).update(
        email_status=Status.SENDING, email_claimed_at=timezone.now()
    )
    out = StringIO()
    call_command("send_pending_notifications", stdout=out)
    assert "1 notification email(s)" in out.getvalue()
    assert len(mail.outbox) == 1
    recent.refresh_from_db()
    assert recent.email_status == Status.SENDING  # its worker is still at it


def test_a_lost_digest_is_queued_again(
    visibility: Visibility, person: User, only_our_digest_section: None
) -> None:
    ping(person, kind=NEWS)
    log = DigestLog.objects.create(
        user=person,
        period="W2000-01",
        since=timezone.now() - dt.timedelta(days=7),
        created_at=timezone.now() - PENDING_AFTER - dt.timedelta(minutes=1),
    )
    call_command("send_pending_notifications", stdout=StringIO())
    log.refresh_from_db()
    assert log.status == DigestLog.Status.SENT
    assert len(mail.outbox) == 1


def test_the_dry_run_queues_nothing(visibility: Visibility, person: User) -> None:
    notification = ping(person)[0]
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=1)
    )
    out = StringIO()
    call_command("send_pending_notifications", dry_run=True, stdout=out)
    assert "1 notification email(s) and 0 digest(s) would be queued" in out.getvalue()
    assert mail.outbox == []
