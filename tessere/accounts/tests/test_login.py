"""Logging in: email and password through allauth, slowed down and then refused after repeated
failures, the Django admin login included; nobody signs up alone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import Client
from pytest_django import Settings

from tessere.accounts import adapters
from tessere.accounts.adapters import login_failures
from tessere.accounts.models import User
from tessere.registry.tests import factories as f

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

LOGIN = "/account/login/"
WRONG = "not-the-password-1"


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    # Rate limits and failure counters live in the cache: each test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ada(db: None) -> User:
    return f.make_user(email="ada@example.test", first_name="Ada", last_name="Lovelace")


def log_in(client: Client, email: str, password: str, **extra: str) -> TestResponse:
    return client.post(LOGIN, {"login": email, "password": password, **extra})


def logged_in_as(client: Client) -> str | None:
    return client.session.get(SESSION_KEY)


def login_error_codes(response: TestResponse) -> set[str]:
    form = response.context["form"]
    return {error.code for errors in form.errors.as_data().values() for error in errors}


# --- Logging in --------------------------------------------------------------------------------


def test_the_login_page_asks_for_email_and_password(client: Client, db: None) -> None:
    response = client.get(LOGIN)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="login"' in html
    assert 'type="email"' in html
    assert 'name="password"' in html
    assert '<html lang="it">' in html


def test_a_person_logs_in_with_email_and_password_and_lands_on_their_page(
    client: Client, ada: User
) -> None:
    response = log_in(client, "ada@example.test", f.PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/io/"
    assert logged_in_as(client) == str(ada.pk)
    assert client.get("/io/").status_code == 200


def test_the_email_is_not_case_sensitive(client: Client, ada: User) -> None:
    log_in(client, "  Ada@Example.TEST ", f.PASSWORD)

    assert logged_in_as(client) == str(ada.pk)


def test_the_next_page_is_honoured_but_only_on_this_site(client: Client, ada: User) -> None:
    response = log_in(client, ada.email, f.PASSWORD, next="/progetti/")
    assert response["Location"] == "/progetti/"

    client.logout()
    response = log_in(client, ada.email, f.PASSWORD, next="https://evil.example/")
    assert response["Location"] == "/io/"


def test_a_wrong_password_is_refused_with_a_message(client: Client, ada: User) -> None:
    response = log_in(client, ada.email, WRONG)

    assert response.status_code == 200
    assert logged_in_as(client) is None
    assert "email_password_mismatch" in login_error_codes(response)


def test_an_inactive_person_cannot_log_in(client: Client, ada: User) -> None:
    User.objects.filter(pk=ada.pk).update(is_active=False)

    log_in(client, ada.email, f.PASSWORD)

    assert logged_in_as(client) is None


def test_logging_out_ends_the_session(client: Client, ada: User) -> None:
    log_in(client, ada.email, f.PASSWORD)

    client.post("/account/logout/")

    assert logged_in_as(client) is None
    assert client.get("/io/").status_code == 302


# --- Repeated failures ---------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_address_even_for_the_right_one(
    client: Client, ada: User
) -> None:
    for _ in range(5):
        response = log_in(client, ada.email, WRONG)
        assert "email_password_mismatch" in login_error_codes(response)

    response = log_in(client, ada.email, f.PASSWORD)

    # allauth answers with the form and an error (a 429 is for floods of requests, below).
    assert response.status_code == 200
    assert logged_in_as(client) is None
    assert "too_many_login_attempts" in login_error_codes(response)
    assert "Troppi tentativi di accesso" in response.content.decode()


def test_the_lock_is_per_address_other_people_still_log_in(client: Client, ada: User) -> None:
    bea = f.make_user(email="bea@example.test")
    for _ in range(5):
        log_in(client, ada.email, WRONG)

    log_in(client, bea.email, f.PASSWORD)

    assert logged_in_as(client) == str(bea.pk)


def test_changing_the_case_of_the_address_does_not_escape_the_lock(
    client: Client, ada: User
) -> None:
    for email in ["ada@example.test", "ADA@example.test", "Ada@Example.test", "ada@EXAMPLE.test"]:
        log_in(client, email, WRONG)
    log_in(client, "aDa@example.TEST", WRONG)

    response = log_in(client, "ADA@EXAMPLE.TEST", f.PASSWORD)

    assert logged_in_as(client) is None
    assert "too_many_login_attempts" in login_error_codes(response)


def test_one_network_address_guessing_many_accounts_is_refused_too(
    client: Client, db: None
) -> None:
    victim = f.make_user(email="victim@example.test")
    for i in range(20):
        log_in(client, f"guess{i}@example.test", WRONG)

    response = log_in(client, victim.email, f.PASSWORD)

    assert logged_in_as(client) is None
    assert "too_many_login_attempts" in login_error_codes(response)


def test_too_many_login_requests_from_one_address_get_our_429_page(
    client: Client, ada: User
) -> None:
    responses = [log_in(client, f"nobody{i}@example.test", WRONG) for i in range(31)]

    last = responses[-1]
    assert last.status_code == 429
    assert "429.html" in [t.name for t in last.templates]
    assert '<html lang="it">' in last.content.decode()
    assert "Content-Security-Policy" in last


def test_failures_are_counted_for_the_slowdown_and_reset_on_success(
    client: Client, ada: User
) -> None:
    assert login_failures(ada.email) == 0

    log_in(client, ada.email, WRONG)
    log_in(client, ada.email.upper(), WRONG)
    assert login_failures(ada.email) == 2

    log_in(client, ada.email, f.PASSWORD)
    assert logged_in_as(client) == str(ada.pk)
    assert login_failures(ada.email) == 0


def test_answers_slow_down_after_the_third_failure_growing_up_to_a_cap(
    client: Client, ada: User, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    pauses: list[float] = []
    monkeypatch.setattr(adapters.time, "sleep", pauses.append)
    settings.TESSERE_LOGIN_SLOWDOWN_STEP = 0.5
    # Lift allauth's refusal so the growing pause can be watched past the fifth failure.
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "100/m/ip,100/m/key"}

    for _ in range(12):
        log_in(client, ada.email, WRONG)

    assert pauses == [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.0, 3.0, 3.0]


def test_a_failure_without_an_address_is_not_counted(client: Client, db: None) -> None:
    response = client.post(LOGIN, {"login": "", "password": WRONG})

    assert response.status_code == 200
    assert login_failures("") == 0


# --- The Django admin login ------------------------------------------------------------------


def test_the_admin_login_sends_anonymous_visitors_to_the_site_login(client: Client, db: None):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "next=%2Fadmin%2F" in response["Location"]


def test_the_admin_login_form_cannot_be_used_to_guess_passwords(client: Client, db: None) -> None:
    # secure_admin_login never authenticates on /admin/login/: even the right password posted
    # there only redirects to allauth's login, where the rate limits apply.
    root = User.objects.create_superuser(email="root@example.test", password=f.PASSWORD)

    response = client.post(
        "/admin/login/", {"username": root.email, "password": f.PASSWORD, "next": "/admin/"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert logged_in_as(client) is None


def test_the_admin_is_reached_through_the_site_login_and_its_limits(
    client: Client, db: None
) -> None:
    root = User.objects.create_superuser(email="root@example.test", password=f.PASSWORD)
    for _ in range(5):
        log_in(client, root.email, WRONG, next="/admin/")

    log_in(client, root.email, f.PASSWORD, next="/admin/")
    assert logged_in_as(client) is None
    assert client.get("/admin/").status_code == 302

    cache.clear()  # the window passes
    response = log_in(client, root.email, f.PASSWORD, next="/admin/")
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_logged_in_person_without_staff_rights_is_refused_by_the_admin_login(
    client: Client, ada: User
) -> None:
    log_in(client, ada.email, f.PASSWORD)

    assert client.get("/admin/login/").status_code == 403
    assert client.get("/admin/").status_code == 302


def test_staff_already_logged_in_pass_through_the_admin_login_to_the_admin(
    client: Client, db: None
) -> None:
    root = User.objects.create_superuser(email="root@example.test", password=f.PASSWORD)
    log_in(client, root.email, f.PASSWORD)

    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


# --- Nobody signs up alone ---------------------------------------------------------------------


def test_signup_is_closed(client: Client, db: None) -> None:
    response = client.get("/account/signup/")

    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    assert 'name="password1"' not in response.content.decode()


def test_posting_a_signup_creates_no_account(client: Client, db: None) -> None:
    response = client.post(
        "/account/signup/",
        {"email": "intruder@example.test", "password1": f.PASSWORD, "password2": f.PASSWORD},
    )

    assert response.status_code in {200, 403}
    assert not User.objects.filter(email="intruder@example.test").exists()
    assert logged_in_as(client) is None


def test_the_login_page_offers_no_signup_link(client: Client, db: None) -> None:
    assert "/account/signup/" not in client.get(LOGIN).content.decode()
