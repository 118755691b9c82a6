"""Pages shown to a logged-in person stay private: no shared cache, no copy in the browser.

Every answer varies on HX-Request, because an htmx fragment and the full page share a URL.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.http import HttpResponseBase
from django.test import Client
from django.utils.cache import get_max_age

from conftest import Personas
from tessere.accounts.models import User

PUBLIC_PAGES = ["/", "/progetti/", "/enti/"]
MEMBER_PAGES = ["/", "/progetti/", "/enti/", "/io/", "/profilo/", "/persone/", "/account/2fa/"]


def cache_control(response: HttpResponseBase) -> set[str]:
    header = response.get("Cache-Control") or ""
    return {part.strip() for part in header.split(",") if part.strip()}


def varies_on(response: HttpResponseBase) -> set[str]:
    header = response.get("Vary") or ""
    return {part.strip().lower() for part in header.split(",")}


@pytest.mark.parametrize("url", MEMBER_PAGES)
def test_pages_for_a_logged_in_person_are_never_stored(
    personas: Personas, login_as: Callable[[User | None], Client], url: str
) -> None:
    response = login_as(personas.representative).get(url)

    assert response.status_code == 200
    directives = cache_control(response)
    assert {"no-store", "private"} <= directives
    assert get_max_age(response) == 0


def test_an_htmx_fragment_for_a_logged_in_person_is_not_stored_either(
    personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    response = login_as(personas.representative).get("/progetti/", headers={"HX-Request": "true"})

    assert {"no-store", "private"} <= cache_control(response)
    assert "<html" not in response.content.decode()


def test_a_redirect_for_a_logged_in_person_is_not_stored(
    personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    response = login_as(personas.representative).get("/account/")

    assert response.status_code in {301, 302}
    assert "no-store" in cache_control(response)


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_for_anonymous_visitors_are_not_marked_no_store(
    personas: Personas, client: Client, url: str
) -> None:
    response = client.get(url)

    assert response.status_code == 200
    assert "no-store" not in cache_control(response)
    assert "private" not in cache_control(response)


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("anonymous", "/"),
        ("anonymous", "/progetti/"),
        ("anonymous", "/account/login/"),
        ("anonymous", "/pagina-che-non-esiste/"),
        ("anonymous", "/profilo/"),
        ("representative", "/"),
        ("representative", "/progetti/"),
        ("representative", "/io/"),
    ],
)
def test_every_answer_varies_on_hx_request(
    personas: Personas, login_as: Callable[[User | None], Client], who: str, url: str
) -> None:
    response = login_as(personas.get(who)).get(url)

    assert "hx-request" in varies_on(response)


def test_the_fragment_and_the_full_page_differ_at_the_same_url(
    personas: Personas, client: Client
) -> None:
    page = client.get("/progetti/")
    fragment = client.get("/progetti/", headers={"HX-Request": "true"})

    assert "<html" in page.content.decode()
    assert "<html" not in fragment.content.decode()
    assert "hx-request" in varies_on(page)
    assert "hx-request" in varies_on(fragment)
