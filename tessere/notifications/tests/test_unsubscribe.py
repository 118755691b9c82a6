"""Unsubscribe links: no login, a confirm page, a one-click POST; email only, never the bell."""

from __future__ import annotations

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from tessere.accounts.models import User
from tessere.core.testing import in_english, page_text, unchanged
from tessere.notifications import services
from tessere.notifications.models import (
    Notification,
    NotificationPreference,
    NotificationSettings,
)
from tessere.notifications.registry import Delivery

from .conftest import Visibility
from .helpers import NEWS, PING, ping

pytestmark = pytest.mark.django_db


def link(person: User, kind: str = PING) -> str:
    return reverse("notifications:unsubscribe", args=[services.unsubscribe_token(person, kind)])


def one_click() -> Client:
    """A mail client: nobody logged in, no CSRF token, CSRF checks on."""
    return in_english(Client(enforce_csrf_checks=True))


def test_the_link_asks_before_stopping(visibility: Visibility, person: User) -> None:
    with unchanged(NotificationPreference.objects.all(), NotificationSettings.objects.all()):
        response = one_click().get(link(person))
    assert response.status_code == 200
    text = page_text(response)
    assert "Stop emails about “Pings”?" in text
    assert "Stop all emails from Tessere" in text


def test_a_one_click_post_stops_that_kind_only(visibility: Visibility, person: User) -> None:
    response = one_click().post(link(person), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Done: you will no longer receive emails about “Pings”." in page_text(response)
    assert reverse("notifications:preferences") in response.content.decode()
    prefs = services.preferences_of(person)
    assert (prefs[PING], prefs[NEWS]) == (Delivery.IN_APP, Delivery.DIGEST)
    assert services.digest_frequency_of(person) == "weekly"


def test_the_bell_keeps_ringing_after_unsubscribing(visibility: Visibility, person: User) -> None:
    one_click().post(link(person, services.ALL_KINDS))
    created = ping(person) + ping(person, kind=NEWS)
    assert [n.email_status for n in created] == [Notification.EmailStatus.NONE] * 2
    assert services.digest_frequency_of(person) == "never"


def test_the_stop_all_button_stops_every_email(visibility: Visibility, person: User) -> None:
    one_click().post(link(person), {"scope": "all"})
    prefs = services.preferences_of(person)
    assert (prefs[PING], prefs[NEWS]) == (Delivery.IN_APP, Delivery.IN_APP)
    assert services.digest_frequency_of(person) == "never"


def test_the_digest_link_turns_off_the_digest_only(visibility: Visibility, person: User) -> None:
    response = one_click().get(link(person, services.DIGEST))
    assert "Stop the digest email?" in page_text(response)
    one_click().post(link(person, services.DIGEST))
    assert services.digest_frequency_of(person) == "never"
    assert services.preferences_of(person)[PING] == Delivery.IMMEDIATE


def test_never_stays_never(visibility: Visibility, person: User) -> None:
    NotificationPreference.objects.create(user=person, kind=PING, delivery=Delivery.NEVER)
    one_click().post(link(person))
    assert services.preferences_of(person)[PING] == Delivery.NEVER


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        "a:b:c",
        "%E2%82%AC%00",
        "eyJ1IjoxLCJrIjoiKiJ9:1vOv5S:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ],
)
def test_a_garbled_link_is_a_friendly_404(person: User, token: str) -> None:
    url = reverse("notifications:unsubscribe", args=["x"]).replace("/x/", f"/{token}/")
    with unchanged(NotificationPreference.objects.all(), NotificationSettings.objects.all()):
        for response in (one_click().get(url), one_click().post(url)):
            assert response.status_code == 404
            assert "This link is not valid" in page_text(response)


def test_a_link_signed_for_something_else_is_refused(person: User) -> None:
    forged = signing.dumps({"u": person.pk, "k": "*"}, salt="another.purpose", compress=True)
    url = reverse("notifications:unsubscribe", args=[forged])
    assert one_click().post(url).status_code == 404
    assert services.digest_frequency_of(person) == "weekly"


def test_a_link_for_a_deleted_account_is_a_404(visibility: Visibility, person: User) -> None:
    url = link(person)
    person.delete()
    assert one_click().post(url).status_code == 404
