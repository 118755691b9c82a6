"""Throwaway notification kinds, so these tests do not depend on the other apps' kinds.

`ping` is emailed at once by default, `news` goes to the digest by default; both read
"<what> was pinged" / "News: <what>" and are visible while `visibility.on` is True."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from tessere.accounts.models import User
from tessere.notifications.digest import NOTIFICATIONS_SECTION
from tessere.notifications.models import Notification
from tessere.notifications.registry import Delivery, NotificationKind, digest_sections, kinds
from tessere.registry.tests import factories as f

from .helpers import NEWS, PING


@dataclass
class Visibility:
    """Whether the recipient may see the throwaway kinds' objects: all (`on`), but not the
    ones whose `what` is in `hidden`."""

    on: bool = True
    hidden: set[str] = field(default_factory=set)


@pytest.fixture
def visibility() -> Iterator[Visibility]:
    state = Visibility()

    def still_visible(user: Any, notification: Notification) -> bool:
        return state.on and notification.data.get("what") not in state.hidden

    kinds.register(
        NotificationKind(
            key=PING,
            label="Pings",
            description="Somebody pinged something of yours.",
            summary="%(what)s was pinged",
            default=Delivery.IMMEDIATE,
            still_visible=still_visible,
            group="Tests",
            order=1,
        )
    )
    kinds.register(
        NotificationKind(
            key=NEWS,
            label="News",
            description="Something new in a space you follow.",
            summary="News: %(what)s",
            default=Delivery.DIGEST,
            still_visible=still_visible,
            group="Tests",
            order=2,
        )
    )
    yield state
    kinds.unregister(PING)
    kinds.unregister(NEWS)


@pytest.fixture
def only_our_digest_section(monkeypatch: pytest.MonkeyPatch) -> None:
    """The digest holds this app's section only (the other apps' depend on their data)."""
    ours = {NOTIFICATIONS_SECTION: digest_sections._sections[NOTIFICATIONS_SECTION]}
    monkeypatch.setattr(digest_sections, "_sections", ours)


@pytest.fixture
def person(db: None) -> User:
    return f.make_user(email="ada@example.test", first_name="Ada")
