"""A person who forgot the password resets it by email, end to end."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.cache import cache
from django.test import Client

from tessere.accounts.models import User
from tessere.registry.tests import factories as f

RESET = "/account/password/reset/"
NEW_PASSWORD = "a-brand-new-password-77"


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ada(db: None) -> User:
    return f.make_user(email="ada@example.test")


def reset_link(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://\S+/account/password/reset/key/\S+/", str(message.body))
    assert found, message.body
    return urlsplit(found.group(0)).path


def test_asking_for_a_reset_sends_an_email_with_a_personal_link(client: Client, ada: User) -> None:
    response = client.post(RESET, {"email": "ada@example.test"})

    assert response.status_code == 302
    assert response["Location"] == "/account/password/reset/done/"
    [message] = mail.outbox
    assert message.to == ["ada@example.test"]
    assert message.subject.startswith("[Tessere] ")
    assert reset_link(message).startswith("/account/password/reset/key/")


def test_the_whole_reset_sets_a_new_password_that_logs_in(client: Client, ada: User) -> None:
    client.post(RESET, {"email": ada.email})
    link = reset_link(mail.outbox[0])

    # allauth moves the key from the address into the session, then shows the form.
    opened = client.get(link)
    assert opened.status_code == 302
    form_url = opened["Location"]
    assert client.get(form_url).status_code == 200
    changed = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert changed.status_code == 302
    assert client.session.get(SESSION_KEY) is None  # no automatic login after a reset

    ada.refresh_from_db()
    assert ada.check_password(NEW_PASSWORD)
    assert not ada.check_password(f.PASSWORD)
    response = client.post("/account/login/", {"login": ada.email, "password": NEW_PASSWORD})
    assert response["Location"] == "/io/"
    assert client.session.get(SESSION_KEY) == str(ada.pk)


def test_a_reset_link_works_only_once(client: Client, ada: User) -> None:
    client.post(RESET, {"email": ada.email})
    link = reset_link(mail.outbox[0])
    form_url = client.get(link)["Location"]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    other = Client()
    response = other.get(link, follow=True)

    assert b'name="password1"' not in response.content
    ada.refresh_from_db()
    assert ada.check_password(NEW_PASSWORD)


def test_a_weak_new_password_is_refused(client: Client, ada: User) -> None:
    client.post(RESET, {"email": ada.email})
    form_url = client.get(reset_link(mail.outbox[0]))["Location"]

    response = client.post(form_url, {"password1": "12345678", "password2": "12345678"})

    assert response.status_code == 200
    assert response.context["form"].errors
    ada.refresh_from_db()
    assert ada.check_password(f.PASSWORD)


def test_a_forged_link_changes_nothing(client: Client, ada: User) -> None:
    response = client.get("/account/password/reset/key/1-forged-token/", follow=True)

    assert response.status_code == 200
    assert b'name="password1"' not in response.content
    ada.refresh_from_db()
    assert ada.check_password(f.PASSWORD)


def test_an_unknown_address_gets_the_same_answer_and_no_reset_link(
    client: Client, db: None
) -> None:
    response = client.post(RESET, {"email": "nobody@example.test"})

    assert response.status_code == 302
    assert response["Location"] == "/account/password/reset/done/"
    assert all("/password/reset/key/" not in str(m.body) for m in mail.outbox)


def test_resets_for_one_address_are_rate_limited(client: Client, ada: User) -> None:
    for _ in range(8):
        client.post(RESET, {"email": ada.email})

    assert len(mail.outbox) == 5
