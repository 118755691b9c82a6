"""The digest email: what is new for a person since their last one, every day or every week.

`send_digests(now=...)` (the `send_digests` command, run hourly by `run_schedule` or cron):
for every active person with an address whose digest is due — daily: every day, period
"D2026-11-25" (Rome's date); weekly (the default): on Mondays, period "W2026-49" (ISO week);
both from DIGEST_HOUR, Rome time, so nobody gets it at midnight — it writes a DigestLog
(person, period) *before* sending. The pair is unique: a second run of the command, or a second
scheduler, finds the row and skips. Each new row queues `tasks.send_digest(log_id)` after the
commit; the task claims the row, builds the digest *at send time* in the person's language
with what they may see then, and sends it (or marks it EMPTY: no email when there is nothing).

A digest is the sections the apps register in `digest_sections` (their `notifications.py`),
in order, and this app's own: the person's notifications delivered "in the digest"
(email_status DIGEST) since the last digest, each re-checked with its kind's `still_visible`
and the person's current preference. Those sent become DIGESTED; the others of the window
(no longer visible or wanted) SKIPPED.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext

from .models import DigestLog, Notification, NotificationSettings
from .registry import EMAIL_DELIVERIES, DigestItem, DigestSection, digest_sections, kinds
from .services import preferences_of

if TYPE_CHECKING:
    from tessere.accounts.models import User

ROME = ZoneInfo("Europe/Rome")
DIGEST_HOUR = 7  # digests go out from 07:00 Rome time (the first scheduled run after it)
MAX_LOOKBACK = dt.timedelta(days=14)  # a digest never reaches further back than this
MAX_NOTIFICATION_ITEMS = 50  # the rest is one click away, on the notifications page
NOTIFICATIONS_SECTION = "notifications.notifications"
Frequency = NotificationSettings.Frequency


# --- Periods -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    key: str  # "D2026-11-25" or "W2026-49"
    length: dt.timedelta


def period_for(frequency: str, now: dt.datetime) -> Period | None:
    """The digest period `now` falls in for this frequency, or None when none is due now
    (never; weekly on any day but Monday; before DIGEST_HOUR)."""
    local = now.astimezone(ROME)
    if local.hour < DIGEST_HOUR:
        return None
    if frequency == Frequency.DAILY:
        return Period(f"D{local.date().isoformat()}", dt.timedelta(days=1))
    if frequency == Frequency.WEEKLY and local.isoweekday() == 1:
        year, week, _day = local.isocalendar()
        return Period(f"W{year}-{week:02d}", dt.timedelta(days=7))
    return None


# --- The built-in section: the person's notifications meant for the digest ---------------------
@dataclass
class NotificationItem(DigestItem):
    """A digest item that stands for one notification (marked DIGESTED once sent)."""

    notification_id: int = 0


def notifications_for_digest(
    user: User, since: dt.datetime, now: dt.datetime
) -> list[Notification]:
    """The person's notifications waiting for the digest in [since, now), oldest first, that
    they still want by email and may still see."""
    wanted = preferences_of(user)
    waiting = Notification.objects.filter(
        recipient=user,
        email_status=Notification.EmailStatus.DIGEST,
        created_at__gte=since,
        created_at__lt=now,
    ).order_by("created_at", "pk")
    found = []
    for notification in waiting:
        kind = kinds.get(notification.kind)
        if kind is None or wanted.get(notification.kind) not in EMAIL_DELIVERIES:
            continue
        if kind.still_visible is not None and not kind.still_visible(user, notification):
            continue
        found.append(notification)
    return found


def notifications_section(user: User, since: dt.datetime, now: dt.datetime) -> DigestSection | None:
    found = notifications_for_digest(user, since, now)
    if not found:
        return None
    items: list[DigestItem] = [
        NotificationItem(
            title=notification.summary,
            url=reverse("notifications:open", args=[notification.pk]),
            meta=formats.date_format(
                timezone.localtime(notification.created_at), "SHORT_DATETIME_FORMAT"
            ),
            notification_id=notification.pk,
        )
        for notification in found[:MAX_NOTIFICATION_ITEMS]
    ]
    if len(found) > MAX_NOTIFICATION_ITEMS:
        more = len(found) - MAX_NOTIFICATION_ITEMS
        items.append(
            DigestItem(
                title=ngettext(
                    "%(count)d more notification on the site",
                    "%(count)d more notifications on the site",
                    more,
                )
                % {"count": more},
                url=reverse("notifications:list"),
            )
        )
    return DigestSection(
        key=NOTIFICATIONS_SECTION,
        title=gettext("Your notifications"),
        items=items,
        more_url=reverse("notifications:list"),
    )


def register_builtin_section() -> None:
    digest_sections.register(NOTIFICATIONS_SECTION, notifications_section, order=0)


def notification_ids(sections: list[DigestSection]) -> list[int]:
    return [
        item.notification_id
        for section in sections
        for item in section.items
        if isinstance(item, NotificationItem)
    ]


# --- Building ----------------------------------------------------------------------------------
def build_digest(user: User, since: dt.datetime, now: dt.datetime) -> list[DigestSection]:
    """Every section with something new for this person, in their language and Rome's time."""
    with translation.override(user.language or settings.LANGUAGE_CODE), timezone.override(ROME):
        return digest_sections.build(user, since, now)


def item_count(sections: list[DigestSection]) -> int:
    return sum(len(section.items) for section in sections)


# --- Who gets one now --------------------------------------------------------------------------
@dataclass(frozen=True)
class Due:
    user: User
    period: Period
    since: dt.datetime


def due_digests(now: dt.datetime) -> Iterator[Due]:
    """Active people with an address whose digest period is open at `now`. One query."""
    from tessere.accounts.models import User

    frequencies = [f for f in (Frequency.DAILY, Frequency.WEEKLY) if period_for(f, now)]
    if not frequencies:
        return
    last_digest = (
        DigestLog.objects.filter(
            user=OuterRef("pk"), status__in=[DigestLog.Status.SENT, DigestLog.Status.EMPTY]
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    people = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .annotate(
            frequency=Coalesce("notification_settings__digest_frequency", Value(Frequency.WEEKLY)),
            last_digest=Subquery(last_digest),
        )
        .filter(frequency__in=frequencies)
        .order_by("pk")
    )
    for person in people:
        period = period_for(person.frequency, now)
        if period is None:  # pragma: no cover - filtered above
            continue
        floor = now - max(period.length, MAX_LOOKBACK)
        since = person.last_digest or now - period.length
        yield Due(user=person, period=period, since=max(since, floor))


@dataclass
class DigestRun:
    queued: list[DigestLog] = field(default_factory=list)
    already: int = 0  # a log existed for the period: sent, empty or on its way
    previews: list[tuple[Any, str, int]] = field(default_factory=list)  # dry run


def send_digests(*, now: dt.datetime | None = None, dry_run: bool = False) -> DigestRun:
    """Open the digest of everyone due at `now` (see the module docstring). Idempotent: the
    DigestLog row is written before anything is sent, and an existing row means skip."""
    from .tasks import send_digest

    now = now or timezone.now()
    run = DigestRun()
    # Who already has this period's digest (the hourly runs after the first): one query.
    keys = [p.key for f in (Frequency.DAILY, Frequency.WEEKLY) if (p := period_for(f, now))]
    done = set(DigestLog.objects.filter(period__in=keys).values_list("user_id", "period"))
    for due in due_digests(now):
        if (due.user.pk, due.period.key) in done:
            run.already += 1
            continue
        if dry_run:
            count = item_count(build_digest(due.user, due.since, now))
            run.previews.append((due.user, due.period.key, count))
            continue
        with transaction.atomic():
            log, created = DigestLog.objects.get_or_create(
                user=due.user,
                period=due.period.key,
                defaults={"since": due.since, "created_at": now},
            )
            if created:
                transaction.on_commit(partial(send_digest.enqueue, log.pk))
        if created:
            run.queued.append(log)
        else:
            run.already += 1
    return run
