"""Typed factory functions for meeting tests: one valid object each, with sensible defaults.

`make_meeting` starts a week from now at 09:30 Europe/Rome unless told otherwise, so
registration is open; pass `start=` for a fixed moment (an aware datetime).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.text import slugify

from tessere.accounts.models import User
from tessere.registry.models import Organisation, Programme, Project, ProjectRole
from tessere.registry.tests.factories import n

from ..models import Meeting, Registration

ROME = ZoneInfo("Europe/Rome")
LENGTHS = {"half_day": dt.timedelta(hours=4), "day": dt.timedelta(hours=8)}


def next_week_at(hour: int = 9, minute: int = 30) -> dt.datetime:
    """A week from today at hour:minute, Rome time (aware)."""
    day = timezone.localdate(timezone.now(), ROME) + dt.timedelta(days=7)
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ROME)


def make_meeting(
    programme: Programme,
    *,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    capacity: int | None = None,
    status: str = "confirmed",
    format: str = "online",
    length: str = "half_day",
    is_public: bool = True,
    online_url: str = "https://meet.example.test/x",
    title: str | None = None,
    facilitators: Iterable[User] = (),
    **extra: object,
) -> Meeting:
    i = n()
    title = title or f"Incontro {i}"
    start = start or next_week_at()
    meeting = Meeting.objects.create(
        programme=programme,
        title=title,
        slug=f"{slugify(title)[:100]}-{i}",
        start=start,
        end=end or start + LENGTHS.get(length, LENGTHS["half_day"]),
        capacity=capacity,
        status=status,
        format=format,
        length=length,
        is_public=is_public,
        online_url=online_url,
        **extra,
    )
    if facilitators:
        meeting.facilitators.set(list(facilitators))
    return meeting


def make_registration(
    meeting: Meeting,
    user: User,
    project: Project | None = None,
    organisation: Organisation | None = None,
    status: str = "confirmed",
) -> Registration:
    """A registration written directly (no service, no emails). Project and organisation default
    to the person's role in the meeting's programme, when they have one."""
    if project is None:
        role = (
            ProjectRole.objects.filter(user=user, project__programme_id=meeting.programme_id)
            .select_related("project", "organisation")
            .order_by("pk")
            .first()
        )
        if role is not None:
            project = role.project
            organisation = organisation or role.organisation
    return Registration.objects.create(
        meeting=meeting,
        user=user,
        project=project,
        organisation=organisation,
        status=status,
        registered_by=user,
        cancelled_at=timezone.now() if status == Registration.Status.CANCELLED else None,
    )
