"""The login address is the one the invitation proved: nobody adds or changes it alone."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from tessere.registry.tests import factories as f


@pytest.mark.django_db
def test_the_email_page_explains_instead_of_letting_a_person_claim_another_address(
    client: Client,
) -> None:
    person = f.make_user(email="rosa@example.test")
    client.force_login(person)

    page = client.get("/account/email/")
    client.post("/account/email/", {"action_add": "", "email": "someone.else@example.test"})

    assert page.status_code == 200
    assert "rosa@example.test" in page.content.decode()
    assert not EmailAddress.objects.filter(email="someone.else@example.test").exists()
    person.refresh_from_db()
    assert person.email == "rosa@example.test"


@pytest.mark.django_db
def test_the_email_page_asks_anonymous_visitors_to_log_in(client: Client) -> None:
    response = client.get("/account/email/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
