"""Two-factor authentication with an authenticator app (TOTP), from activation to login."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from html import unescape
from typing import TYPE_CHECKING

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import Client

from tessere.accounts.models import User
from tessere.registry.tests import factories as f

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

LOGIN = "/account/login/"
ACTIVATE = "/account/2fa/totp/activate/"
REAUTHENTICATE = "/account/reauthenticate/"


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ada(db: None) -> User:
    return f.make_user(email="ada@example.test")


def log_in(client: Client, user: User) -> TestResponse:
    return client.post(LOGIN, {"login": user.email, "password": f.PASSWORD})


def confirm_password(client: Client) -> None:
    """Changing two-factor settings asks for the password again, even right after login."""
    response = client.post(REAUTHENTICATE, {"password": f.PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]


def current_code(secret: str) -> str:
    """The code the authenticator app shows now; waits out the last second of a period so the
    code cannot expire between computing and checking it."""
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 1.5:
        time.sleep(1.5)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def secret_on_page(html: str) -> str:
    found = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7=]+)"', html) or re.search(
        r'value="([A-Z2-7=]+)"[^>]*id="authenticator_secret"', html
    )
    assert found, "the activation page shows no secret"
    return unescape(found.group(1))


def activate_totp(client: Client) -> str:
    secret = secret_on_page(client.get(ACTIVATE).content.decode())
    response = client.post(ACTIVATE, {"code": current_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


def test_a_logged_in_person_opens_the_two_factor_page(client: Client, ada: User) -> None:
    log_in(client, ada)

    response = client.get("/account/2fa/")

    assert response.status_code == 200
    assert ACTIVATE in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login(client: Client, db: None) -> None:
    response = client.get("/account/2fa/")

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_the_activation_page_shows_a_qr_code_and_the_secret(client: Client, ada: User) -> None:
    log_in(client, ada)
    confirm_password(client)

    response = client.get(ACTIVATE)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html  # the QR code, allowed by img-src data:
    assert len(secret_on_page(html)) >= 32
    assert 'name="code"' in html


def test_activation_asks_for_the_password_again_first(client: Client, ada: User) -> None:
    log_in(client, ada)

    response = client.get(ACTIVATE)

    assert response.status_code == 302
    assert response["Location"].startswith(REAUTHENTICATE)
    assert client.post(REAUTHENTICATE, {"password": "wrong-password-1"}).status_code == 200
    assert client.get(ACTIVATE).status_code == 302

    confirm_password(client)
    assert client.get(ACTIVATE).status_code == 200


def test_a_wrong_code_does_not_activate(client: Client, ada: User) -> None:
    log_in(client, ada)
    confirm_password(client)
    client.get(ACTIVATE)

    response = client.post(ACTIVATE, {"code": "000000"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Authenticator.objects.filter(user=ada).exists()


def test_a_person_activates_totp_and_the_next_login_asks_for_the_code(
    client: Client, ada: User
) -> None:
    log_in(client, ada)
    confirm_password(client)
    secret = activate_totp(client)
    assert Authenticator.objects.filter(user=ada, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=ada, type=Authenticator.Type.RECOVERY_CODES).exists()
    client.post("/account/logout/")

    response = log_in(client, ada)
    assert response.status_code == 302
    assert response["Location"] == "/account/2fa/authenticate/"
    assert client.session.get(SESSION_KEY) is None  # the password alone is not enough

    wrong = client.post("/account/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert client.session.get(SESSION_KEY) is None

    right = client.post("/account/2fa/authenticate/", {"code": current_code(secret)})
    assert right.status_code == 302
    assert right["Location"] == "/io/"
    assert client.session.get(SESSION_KEY) == str(ada.pk)


def test_the_code_page_cannot_be_skipped(client: Client, ada: User) -> None:
    log_in(client, ada)
    confirm_password(client)
    activate_totp(client)
    client.post("/account/logout/")
    log_in(client, ada)

    response = client.get("/io/")

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
