"""The digest: due daily or on Mondays, once per period, not sent when empty, in the person's
language, with only what they may still see."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from tessere.accounts.models import User
from tessere.notifications import services
from tessere.notifications.models import DigestLog, Notification, NotificationSettings
from tessere.notifications.registry import DigestItem, DigestSection, digest_sections
from tessere.notifications.tasks import send_digest
from tessere.registry.tests import factories as f

from .conftest import Visibility
from .helpers import NEWS, next_monday_morning, ping, this_morning_or_later

Status = DigestLog.Status
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("only_our_digest_section")]


def run(now: dt.datetime, capture: Any) -> None:
    with capture(execute=True):
        call_command("send_digests", now=now.isoformat(), stdout=StringIO())


def daily(person: User) -> User:
    NotificationSettings.objects.create(user=person, digest_frequency="daily")
    return person


def test_an_empty_digest_is_not_sent_and_recorded_as_empty(
    visibility: Visibility, person: User, django_capture_on_commit_callbacks: Any
) -> None:
    run(next_monday_morning(), django_capture_on_commit_callbacks)
    assert mail.outbox == []
    log = DigestLog.objects.get(user=person)
    assert log.status == Status.EMPTY
    assert log.period.startswith("W")


def test_the_weekly_digest_goes_out_on_monday_with_the_news_and_once(
    visibility: Visibility, person: User, django_capture_on_commit_callbacks: Any
) -> None:
    ping(person, "Torino meeting", kind=NEWS)
    monday = next_monday_morning()
    run(monday, django_capture_on_commit_callbacks)
    run(monday + dt.timedelta(hours=1), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "News: Torino meeting" in message.body
    assert "News: Torino meeting" in str(message.alternatives[0][0])  # type: ignore[attr-defined]
    headers = message.extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    log = DigestLog.objects.get(user=person)
    assert (log.status, log.item_count, log.attempts) == (Status.SENT, 1, 1)
    assert Notification.objects.get().email_status == Notification.EmailStatus.DIGESTED


def test_the_weekly_digest_is_not_sent_on_a_tuesday(
    visibility: Visibility, person: User, django_capture_on_commit_callbacks: Any
) -> None:
    ping(person, kind=NEWS)
    run(next_monday_morning() + dt.timedelta(days=1), django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert not DigestLog.objects.exists()


def test_the_daily_digest_goes_out_every_day(
    visibility: Visibility, person: User, django_capture_on_commit_callbacks: Any
) -> None:
    daily(person)
    ping(person, kind=NEWS)
    now = this_morning_or_later()
    run(now, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert DigestLog.objects.get().period == f"D{now.date().isoformat()}"


def test_no_digest_before_seven_in_the_morning(
    visibility: Visibility, person: User, django_capture_on_commit_callbacks: Any
) -> None:
    daily(person)
    ping(person, kind=NEWS)
    early = this_morning_or_later().replace(hour=6, minute=59)
    run(early, django_capture_on_commit_callbacks)
    assert not DigestLog.objects.exists()


def test_nobody_gets_a_digest_they_turned_off(
    visibility: Visibility, person: User, django_capture_on_commit_callbacks: Any
) -> None:
    NotificationSettings.objects.create(user=person, digest_frequency="never")
    ping(person, kind=NEWS)
    run(next_monday_morning(), django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert not DigestLog.objects.exists()


def test_the_digest_is_in_english_for_an_english_speaker(
    visibility: Visibility, django_capture_on_commit_callbacks: Any
) -> None:
    person = f.make_user(language="en", first_name="Grace")
    ping(person, kind=NEWS)
    run(next_monday_morning(), django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    assert "this week" in message.subject
    assert "Dear Grace" in message.body
    assert "Your notifications" in message.body
    assert "Unsubscribe from these emails" in str(message.alternatives[0][0])  # type: ignore[attr-defined]


def test_a_notification_no_longer_visible_is_left_out(
    visibility: Visibility, person: User, django_capture_on_commit_callbacks: Any
) -> None:
    ping(person, "Secret harvest", kind=NEWS)
    visibility.on = False
    run(next_monday_morning(), django_capture_on_commit_callbacks)
    assert mail.outbox == []  # it was the only news: the digest is empty
    assert DigestLog.objects.get().status == Status.EMPTY
    assert Notification.objects.get().email_status == Notification.EmailStatus.SKIPPED


def test_only_what_is_still_visible_goes_in(
    visibility: Visibility, person: User, django_capture_on_commit_callbacks: Any
) -> None:
    ping(person, "Public news", kind=NEWS)
    ping(person, "Secret harvest", kind=NEWS)
    visibility.hidden.add("Secret harvest")  # e.g. the meeting became private since
    run(next_monday_morning(), django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    assert "Public news" in message.body
    assert "Secret harvest" not in message.body
    assert "Secret harvest" not in str(message.alternatives[0][0])  # type: ignore[attr-defined]
    assert DigestLog.objects.get().item_count == 1


def test_an_smtp_error_retries_the_digest_and_it_is_sent_once(
    visibility: Visibility, person: User, django_capture_on_commit_callbacks: Any
) -> None:
    import smtplib
    from unittest import mock

    ping(person, kind=NEWS)
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=smtplib.SMTPException("down"),
    ):
        run(next_monday_morning(), django_capture_on_commit_callbacks)
    log = DigestLog.objects.get()
    assert (log.status, log.attempts) == (Status.PENDING, 1)
    assert Notification.objects.get().email_status == Notification.EmailStatus.DIGEST
    assert send_digest.call(log.pk) is True
    assert send_digest.call(log.pk) is False
    assert len(mail.outbox) == 1


def test_other_apps_sections_come_in_order_after_the_notifications(
    visibility: Visibility, person: User, django_capture_on_commit_callbacks: Any
) -> None:
    def upcoming(user: User, since: dt.datetime, now: dt.datetime) -> DigestSection:
        return DigestSection(
            key="tests.upcoming",
            title="Upcoming meetings",
            items=[DigestItem(title="Torino, 12/12", url="/incontri/torino/", meta="Torino")],
        )

    def broken(user: User, since: dt.datetime, now: dt.datetime) -> DigestSection:
        raise RuntimeError("a bug in one app")

    digest_sections.register("tests.upcoming", upcoming, order=50)
    digest_sections.register("tests.broken", broken, order=60)
    ping(person, kind=NEWS)
    run(next_monday_morning(), django_capture_on_commit_callbacks)
    body = mail.outbox[0].body
    assert body.index("News: Your harvest") < body.index("Torino, 12/12")
    assert "http://127.0.0.1:8000/incontri/torino/" in body
    assert DigestLog.objects.get().item_count == 2


def test_the_next_digest_starts_where_the_last_one_left(
    visibility: Visibility, person: User, django_capture_on_commit_callbacks: Any
) -> None:
    ping(person, "First", kind=NEWS)
    monday = next_monday_morning()
    run(monday, django_capture_on_commit_callbacks)
    second = ping(person, "Second", kind=NEWS)[0]
    # It happened during the following week (the clock is before `monday` in this test).
    Notification.objects.filter(pk=second.pk).update(created_at=monday + dt.timedelta(days=2))
    run(monday + dt.timedelta(days=7), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    assert "First" not in mail.outbox[1].body
    assert "Second" in mail.outbox[1].body
    log = DigestLog.objects.order_by("created_at").last()
    assert log is not None and log.since == monday


def test_the_dry_run_sends_nothing_and_writes_nothing(visibility: Visibility, person: User) -> None:
    ping(person, kind=NEWS)
    out = StringIO()
    call_command("send_digests", now=next_monday_morning().isoformat(), dry_run=True, stdout=out)
    assert "1 item(s)" in out.getvalue()
    assert not DigestLog.objects.exists()
    assert mail.outbox == []


def test_a_digest_turned_off_after_it_was_queued_is_not_sent(
    visibility: Visibility, person: User, django_capture_on_commit_callbacks: Any
) -> None:
    ping(person, kind=NEWS)
    with django_capture_on_commit_callbacks(execute=False):
        call_command("send_digests", now=next_monday_morning().isoformat(), stdout=StringIO())
    services.stop_email(user=person, kind=services.DIGEST)
    log = DigestLog.objects.get()
    send_digest.call(log.pk)
    assert mail.outbox == []
    log.refresh_from_db()
    assert log.status == Status.SKIPPED


def test_a_bad_now_option_is_a_clear_error() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ISO"):
        call_command("send_digests", now="next monday", stdout=StringIO())


def test_later_runs_in_the_period_cost_the_same_few_queries(
    visibility: Visibility, django_capture_on_commit_callbacks: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monday = next_monday_morning()

    def later_run_queries() -> int:
        run(monday, django_capture_on_commit_callbacks)  # everyone gets this period's log
        with CaptureQueriesContext(connection) as ctx:
            run(monday + dt.timedelta(hours=1), django_capture_on_commit_callbacks)
        return len(ctx.captured_queries)

    for _ in range(3):
        f.make_user()
    few = later_run_queries()
    for _ in range(10):
        f.make_user()
    assert later_run_queries() == few <= 3
