"""What the apps declare: the kinds of notification and the sections of the digest.

Each app has a `notifications.py` (autodiscovered by NotificationsConfig.ready()) that calls

    kinds.register(NotificationKind(key="meetings.registration", ...))
    digest_sections.register("meetings.upcoming", upcoming_meetings_section, order=40)

so this app never imports the apps it notifies about.

A kind says how a notification reads (`summary`, formatted with the notification's `data` in
the reader's language at display time, so the list costs no query per row), what the default
delivery is, whether the recipient may still see it when the email goes out (`still_visible`,
re-checked by the task), and, if the generic email is not enough, how to build its email
(`build_email`: subject, text, HTML and attachments, or None when the news is stale).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from tessere.accounts.models import User

    from .models import Notification

logger = logging.getLogger(__name__)


class Delivery(models.TextChoices):
    """How a person wants to hear about one kind of notification."""

    IMMEDIATE = "immediate", _("on the site and by email at once")
    DIGEST = "digest", _("on the site and in the digest email")
    IN_APP = "in_app", _("on the site only")
    NEVER = "never", _("never")


EMAIL_DELIVERIES = frozenset({Delivery.IMMEDIATE, Delivery.DIGEST})


@dataclass
class EmailContent:
    subject: str
    text: str
    html: str
    # (filename, content, mimetype)
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)


@dataclass(frozen=True)
class NotificationKind:
    key: str  # "app.what": "meetings.registration"
    label: str | Promise  # the preferences page: "Your place at a meeting"
    description: str | Promise  # one line under the label
    summary: str | Promise  # "%(meeting)s: your place is confirmed" — formatted with data
    default: Delivery = Delivery.IMMEDIATE
    # (recipient, notification) -> may they still see it? Re-checked before every email.
    still_visible: Callable[[User, Notification], bool] | None = None
    # notification -> the email, or None when the news is stale (then nothing is sent).
    build_email: Callable[[Notification], EmailContent | None] | None = None
    # Kinds a person cannot turn off on the site (they can always stop the emails).
    group: str | Promise = ""  # heading on the preferences page ("Meetings")
    order: int = 100

    def format(self, data: dict[str, Any]) -> str:
        try:
            return str(self.summary) % data
        except (KeyError, TypeError, ValueError):
            return str(self.label)


class KindRegistry:
    def __init__(self) -> None:
        self._kinds: dict[str, NotificationKind] = {}

    def register(self, kind: NotificationKind) -> NotificationKind:
        self._kinds[kind.key] = kind
        return kind

    def unregister(self, key: str) -> None:
        """Tests only: forget a kind registered for the test."""
        self._kinds.pop(key, None)

    def get(self, key: str) -> NotificationKind | None:
        return self._kinds.get(key)

    def __getitem__(self, key: str) -> NotificationKind:
        return self._kinds[key]

    def __contains__(self, key: object) -> bool:
        return key in self._kinds

    def all(self) -> list[NotificationKind]:
        return sorted(self._kinds.values(), key=lambda kind: (kind.order, kind.key))


@dataclass
class DigestItem:
    title: str
    url: str  # a path; the email makes it absolute
    meta: str = ""  # "Torino · 12/12/2026", "deadline 30/11"
    text: str = ""  # an excerpt, plain text, only what the recipient may read


@dataclass
class DigestSection:
    key: str
    title: str
    items: list[DigestItem]
    more_url: str = ""  # "see all" link (a path)


# (user, since, now) -> a section, or None when there is nothing new for that user. Built in
# the recipient's language (the digest task sets it) with what they may see *now*.
DigestBuilder = Callable[["User", dt.datetime, dt.datetime], "DigestSection | None"]


class DigestRegistry:
    def __init__(self) -> None:
        self._sections: dict[str, tuple[int, DigestBuilder]] = {}

    def register(self, key: str, builder: DigestBuilder, *, order: int = 100) -> None:
        self._sections[key] = (order, builder)

    def unregister(self, key: str) -> None:
        """Tests only: forget a section registered for the test."""
        self._sections.pop(key, None)

    def build(self, user: User, since: dt.datetime, now: dt.datetime) -> list[DigestSection]:
        """Every section with something in it, in order. A section that fails is left out
        (and logged): one app's bug must not stop everybody's digest."""
        sections = []
        ordered = sorted(self._sections.items(), key=lambda item: (item[1][0], item[0]))
        for key, (_order, builder) in ordered:
            try:
                section = builder(user, since, now)
            except Exception:
                logger.exception("Digest section %s failed for user %s", key, user.pk)
                continue
            if section is not None and section.items:
                sections.append(section)
        return sections

    def keys(self) -> Iterable[str]:
        return self._sections.keys()


kinds = KindRegistry()
digest_sections = DigestRegistry()


# --- Demo data -----------------------------------------------------------------------------------
@dataclass
class DemoNotification:
    """A notification for the demo database, as if the event had happened: written by
    `seed_demo` (notifications/seeds.py) without sending any email."""

    recipient_id: int
    kind: str
    event_key: str
    data: dict[str, Any]
    url: str
    created_at: dt.datetime
    read: bool = False
    target: models.Model | None = None


# now -> the demo notifications an app would have sent; declared in the app's notifications.py.
DemoSource = Callable[[dt.datetime], Iterable[DemoNotification]]
demo_sources: dict[str, DemoSource] = {}
