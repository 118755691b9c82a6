"""notify(): one notification per person and event, the actor left out, preferences obeyed."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from tessere.accounts.models import User
from tessere.notifications import services
from tessere.notifications.models import Notification, NotificationPreference
from tessere.notifications.registry import Delivery
from tessere.registry.tests import factories as f

from .conftest import Visibility
from .helpers import NEWS, PING, ping

Status = Notification.EmailStatus
pytestmark = pytest.mark.django_db


def test_notifying_the_same_event_twice_creates_one_notification_and_one_email(
    visibility: Visibility, person: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = ping(person)
    with django_capture_on_commit_callbacks(execute=True):
        second = ping(person)
    assert len(first) == 1
    assert second == []
    assert Notification.objects.filter(recipient=person).count() == 1
    assert len(mail.outbox) == 1
    assert Notification.objects.get().email_status == Status.SENT


def test_the_actor_is_not_notified_of_their_own_doing(visibility: Visibility, person: User) -> None:
    other = f.make_user()
    services.notify(
        kind=PING,
        recipients=[person, other],
        event_key="harvest:1",
        data={"what": "Harvest"},
        actor=person,
    )
    assert list(Notification.objects.values_list("recipient", flat=True)) == [other.pk]


def test_inactive_people_are_skipped(visibility: Visibility, person: User) -> None:
    person.is_active = False
    person.save()
    assert ping(person) == []
    assert not Notification.objects.exists()


def test_an_unknown_kind_is_a_programming_error(person: User) -> None:
    with pytest.raises(ValueError, match="Unknown notification kind"):
        services.notify(kind="nobody.declared", recipients=[person], event_key="x")


@pytest.mark.parametrize(
    ("delivery", "expected"),
    [
        (Delivery.NEVER, None),
        (Delivery.IN_APP, Status.NONE),
        (Delivery.DIGEST, Status.DIGEST),
        (Delivery.IMMEDIATE, Status.PENDING),
    ],
)
def test_the_persons_preference_decides_the_channel(
    visibility: Visibility, person: User, delivery: str, expected: str | None
) -> None:
    NotificationPreference.objects.create(user=person, kind=PING, delivery=delivery)
    ping(person)
    found = Notification.objects.filter(recipient=person).first()
    if expected is None:
        assert found is None
    else:
        assert found is not None and found.email_status == expected


def test_immediate_email_goes_out_only_after_the_commit(
    visibility: Visibility, person: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ping(person)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_the_kinds_default_applies_without_a_preference(
    visibility: Visibility, person: User
) -> None:
    ping(person, kind=NEWS)
    assert Notification.objects.get().email_status == Status.DIGEST


def test_someone_without_an_address_gets_the_bell_only(visibility: Visibility) -> None:
    nobody = f.make_user()
    User.objects.filter(pk=nobody.pk).update(email="")
    nobody.refresh_from_db()
    ping(nobody)
    assert Notification.objects.get().email_status == Status.NONE


def test_preferences_equal_to_the_default_are_not_stored(
    visibility: Visibility, person: User
) -> None:
    services.set_preferences(
        user=person,
        deliveries={PING: Delivery.IMMEDIATE, NEWS: Delivery.NEVER, "nobody.declared": "never"},
        digest_frequency="daily",
    )
    assert dict(
        NotificationPreference.objects.filter(user=person).values_list("kind", "delivery")
    ) == {NEWS: Delivery.NEVER}
    assert services.preferences_of(person)[PING] == Delivery.IMMEDIATE
    assert services.digest_frequency_of(person) == "daily"


def test_mark_read_touches_only_the_persons_own_notifications(
    visibility: Visibility, person: User
) -> None:
    other = f.make_user()
    mine = ping(person)[0]
    theirs = ping(other)[0]
    assert services.mark_read(user=person, notification_ids=[mine.pk, theirs.pk]) == 1
    assert services.unread_count(person) == 0
    assert services.unread_count(other) == 1
