"""The preferences page: a radio group per kind and the digest, saved or refused whole."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Personas
from tessere.accounts.models import User
from tessere.core.testing import in_english, is_login_redirect, page_text, unchanged
from tessere.notifications import services
from tessere.notifications.forms import field_name
from tessere.notifications.models import NotificationPreference, NotificationSettings
from tessere.notifications.registry import Delivery

from .conftest import Visibility
from .helpers import NEWS, PING

LoginAs = Callable[[User | None], Client]
pytestmark = pytest.mark.django_db
URL = "/notifiche/preferenze/"


def current_choices(person: User) -> dict[str, str]:
    """What the page posts when nothing is touched (every registered kind, ours and the
    other apps')."""
    return {field_name(key): delivery for key, delivery in services.preferences_of(person).items()}


def test_the_page_has_a_fieldset_per_kind_and_the_digest(
    visibility: Visibility, personas: Personas, login_as: LoginAs
) -> None:
    assert reverse("notifications:preferences") == URL
    response = in_english(login_as(personas.representative)).get(URL)
    html = response.content.decode()
    assert html.count("<fieldset") >= 3
    assert "<legend" in html and "Pings" in html and "News" in html
    assert f'name="{field_name(PING)}" value="immediate"' in html
    text = page_text(response)
    assert "Tests" in text and "Digest email" in text
    # The current choices are checked: the defaults, weekly digest.
    assert (
        'value="weekly" class="form-check-input" id="id_digest_frequency_1" required checked'
        in html
    )


def test_saving_changes_the_choices(
    visibility: Visibility, personas: Personas, login_as: LoginAs
) -> None:
    person = personas.representative
    client = in_english(login_as(person))
    response = client.post(
        URL,
        {
            **current_choices(person),
            field_name(PING): Delivery.DIGEST,
            field_name(NEWS): Delivery.NEVER,
            "digest_frequency": "daily",
        },
        follow=True,
    )
    assert "Your notification preferences are saved." in page_text(response)
    prefs = services.preferences_of(person)
    assert (prefs[PING], prefs[NEWS]) == (Delivery.DIGEST, Delivery.NEVER)
    assert services.digest_frequency_of(person) == "daily"


@pytest.mark.parametrize(
    "garbage",
    [
        {field_name(PING): "by pigeon"},
        {field_name(PING): ""},
        {"digest_frequency": "hourly"},
    ],
)
def test_garbage_is_refused_and_nothing_changes(
    visibility: Visibility, personas: Personas, login_as: LoginAs, garbage: dict[str, str]
) -> None:
    person = personas.representative
    NotificationSettings.objects.create(user=person, digest_frequency="daily")
    data = {
        **current_choices(person),
        field_name(PING): Delivery.IN_APP,
        field_name(NEWS): Delivery.NEVER,
        "digest_frequency": "never",
        **garbage,
    }
    client = in_english(login_as(person))
    with unchanged(NotificationPreference.objects.all(), NotificationSettings.objects.all()):
        response = client.post(URL, data)
    assert response.status_code == 200
    assert "nothing has been changed" in page_text(response)
    assert 'aria-describedby="' in response.content.decode()


def test_the_page_needs_a_login(client: Client) -> None:
    assert is_login_redirect(client.get(URL))
