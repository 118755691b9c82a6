"""Error pages are ours, in Italian by default, and bad input never becomes a server error."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path

from conftest import Personas
from tessere.accounts.models import User

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("an unexpected failure")


# This module doubles as a URLconf: the real site plus one view that fails.
urlpatterns = [path("guasto/", boom), path("", include("tessere.urls"))]


def heading(response: TestResponse) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.DOTALL)
    assert found, "no <h1> on the page"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_a_missing_page_shows_our_404_in_italian(client: Client, db: None) -> None:
    response = client.get("/questa-pagina-non-esiste/")

    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert '<html lang="it">' in html
    assert heading(response) == "Pagina non trovata"
    assert 'href="/"' in html  # a way back to the programme


def test_a_missing_object_shows_the_same_404(client: Client, db: None) -> None:
    response = client.get("/progetti/progetto-che-non-esiste/")

    assert response.status_code == 404
    assert heading(response) == "Pagina non trovata"


def test_a_refused_page_shows_our_403_in_italian(
    personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    response = login_as(personas.outsider).get("/persone/")

    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]
    assert '<html lang="it">' in response.content.decode()
    assert heading(response) == "Non puoi aprire questa pagina"


def test_a_request_for_an_unknown_host_gets_our_400(client: Client, db: None) -> None:
    response = client.get("/", headers={"Host": "evil.example"})

    assert response.status_code == 400
    assert "400.html" in [t.name for t in response.templates]
    assert heading(response) == "Richiesta non valida"


@pytest.mark.urls(__name__)
def test_an_unexpected_failure_shows_our_500_in_italian_with_the_policy(
    client: Client, db: None
) -> None:
    client.raise_request_exception = False

    response = client.get("/guasto/")

    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="it">' in html
    assert "Qualcosa non ha funzionato" in html
    assert "an unexpected failure" not in html
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_english_visitors_get_error_pages_in_english(client: Client, db: None) -> None:
    client.cookies["django_language"] = "en"

    response = client.get("/questa-pagina-non-esiste/")

    assert '<html lang="en">' in response.content.decode()
    assert heading(response) == "Page not found"


# --- Malformed input: a clear 4xx or the normal page, never a 500 ----------------------------

HOSTILE_QUERIES = [
    "q=" + "x" * 20_000,
    "q=%00",
    "q=%FF%FE%FD",
    "q=%ED%A0%80",  # a lone surrogate, invalid in UTF-8
    "province=abc",
    "province=%00",
    "province=-1",
    "province=99999999999999999999999999",
    "province=1&province=2",
    "theme=%FF",
    "organisation_kind=nonsense",
    "kind=%00",
    "page=abc",
    "page=-1",
    "page=0",
    "page=99999999999999999999999999",
    "page=1e9",
    "page=%00",
    "%FF=%FF",
    "&&&==&",
]
LIST_PAGES = [("anonymous", "/progetti/"), ("anonymous", "/enti/"), ("facilitator", "/persone/")]


@pytest.mark.parametrize(("who", "url"), LIST_PAGES)
@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_list_pages_survive_malformed_query_strings(
    personas: Personas,
    login_as: Callable[[User | None], Client],
    who: str,
    url: str,
    query: str,
) -> None:
    client = login_as(personas.get(who))

    for headers in ({}, {"HX-Request": "true"}):
        response = client.get(f"{url}?{query}", headers=headers)
        assert response.status_code in {200, 400}, (url, query, headers)


@pytest.mark.parametrize(("who", "url"), LIST_PAGES)
def test_list_pages_survive_raw_bytes_that_are_not_utf8(
    personas: Personas, login_as: Callable[[User | None], Client], who: str, url: str
) -> None:
    # WSGI hands the query string over as latin-1 text: these are the raw bytes 0xff 0xfe.
    response = login_as(personas.get(who)).generic(
        "GET", url, QUERY_STRING=b"q=\xff\xfe&province=\xff".decode("latin-1")
    )

    assert response.status_code in {200, 400}


@pytest.mark.parametrize(
    "url",
    [
        "/progetti/%FF%FE/",
        "/progetti/%00/",
        "/enti/" + "a" * 5000 + "/",
        "/persone/99999999999999999999999999/",
        "/programmi/%E2%80%AE/",
        "/invito/%00/",
        "/invito/" + "x" * 5000 + "/",
    ],
)
def test_malformed_addresses_are_not_found_rather_than_errors(
    personas: Personas, login_as: Callable[[User | None], Client], url: str
) -> None:
    response = login_as(personas.facilitator).get(url)

    assert response.status_code in {400, 404}, url


# --- The language switch --------------------------------------------------------------------


def test_the_language_switch_sets_the_language_cookie(client: Client, db: None) -> None:
    response = client.post("/lingua/", {"language": "en", "next": "/progetti/"})

    assert response.status_code == 302
    assert response["Location"] == "/progetti/"
    assert response.cookies["django_language"].value == "en"
    assert '<html lang="en">' in client.get("/progetti/").content.decode()


@pytest.mark.parametrize("language", ["xx", "", "../../etc/passwd", "it" * 500, "\x00"])
def test_an_unknown_language_is_ignored_without_error(
    client: Client, db: None, language: str
) -> None:
    response = client.post("/lingua/", {"language": language, "next": "/"})

    assert response.status_code == 302
    assert "django_language" not in response.cookies
    assert '<html lang="it">' in client.get("/").content.decode()


def test_a_language_django_knows_but_tessere_does_not_offer_keeps_pages_italian(
    client: Client, db: None
) -> None:
    # Django's set_language accepts any language it has a catalogue for (German here).
    response = client.post("/lingua/", {"language": "de", "next": "/"})

    assert response.status_code == 302
    assert '<html lang="it">' in client.get("/").content.decode()


@pytest.mark.parametrize(
    "next_url", ["//evil.example/", "https://evil.example/", "\\\\evil.example", "javascript:x"]
)
def test_the_language_switch_never_redirects_to_another_site(
    client: Client, db: None, next_url: str
) -> None:
    response = client.post("/lingua/", {"language": "en", "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_forged_language_cookie_falls_back_to_italian(client: Client, db: None) -> None:
    client.cookies["django_language"] = "xx-\x7f"

    response = client.get("/")

    assert response.status_code == 200
    assert '<html lang="it">' in response.content.decode()
