"""Hostile and odd input: FTS syntax, NUL bytes, very long queries, bad dates, and text
holding HTML — never a 500, never an injected tag."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import Personas
from tessere.meetings.tests import factories as mf
from tessere.search.snippets import Matcher, highlight, snippet
from tessere.search.text import query_terms

from .helpers import titles

# These tests search what they just wrote: the index follows saves here.
pytestmark = pytest.mark.search_index


@pytest.fixture
def meeting(personas: Personas) -> Personas:
    mf.make_meeting(
        personas.programme,
        title="Formazione <b>grassetto</b>",
        description="La formazione delle mediatrici. <script>alert('x')</script> Fine.",
    )
    return personas


HOSTILE = [
    '"',
    '"formazione',
    'formazione"',
    "formazione*",
    "*",
    "NEAR(formazione mediatrici)",
    "formazione NEAR mediatrici",
    "title:formazione",
    "-formazione",
    "formazione -mediatrici",
    "(formazione",
    "formazione)",
    "formazione AND OR NOT",
    "formazione\x00",
    "\x00",
    "formazione'; DROP TABLE search_searchentry; --",
    "^formazione",
    "{formazione}",
    "formazione + mediatrici",
    "%_formazione%",
    "<script>alert(1)</script>",
    "formazione " + "x" * 5000,
    "😀 formazione",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(meeting: Personas, client: Client, query: str) -> None:
    response = client.get("/cerca/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ['"formazione', "formazione*", "(formazione", "formazione:", "formazione\x00", "-formazione"],
)
def test_syntax_characters_are_ignored_and_the_words_searched(
    meeting: Personas, client: Client, query: str
) -> None:
    assert titles(client, query) == ["Formazione <b>grassetto</b>"]


def test_nul_bytes_in_any_parameter_are_dropped(meeting: Personas, client: Client) -> None:
    response = client.get("/cerca/", {"q": "forma\x00zione", "type": "\x00", "theme": "1\x00"})
    assert response.status_code == 200


def test_a_very_long_query_is_cut_and_said_so(meeting: Personas, client: Client) -> None:
    response = client.get("/cerca/", {"q": "formazione " + "parola " * 100})
    assert response.status_code == 200
    assert response.context["trimmed"] is True
    assert len(response.context["q"]) == 200
    assert "200" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "31/02/2025"},
        {"date_from": "ieri"},
        {"date_to": "2025-13-01"},
        {"date_from": "2026-05-01", "date_to": "2026-01-01"},
        {"project": "abc"},
        {"project": "999999"},
        {"theme": "-1"},
        {"type": "mentoring.session"},
        {"page": "abc"},
        {"page": "99999"},
    ],
)
def test_bad_filters_are_reported_and_ignored_never_a_500(
    meeting: Personas, client: Client, params: dict[str, str]
) -> None:
    response = client.get("/cerca/", {"q": "formazione", **params})
    assert response.status_code == 200
    assert response.context["outcome"].total == 1
    if "page" not in params:
        assert response.context["filters_invalid"] is True


def test_the_title_and_snippet_are_escaped_with_only_our_marks(
    meeting: Personas, client: Client
) -> None:
    content = client.get("/cerca/", {"q": "formazione"}).content.decode()
    assert "<mark>Formazione</mark> &lt;b&gt;grassetto&lt;/b&gt;" in content
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in content
    assert "<script>alert" not in content and "<b>grassetto" not in content


def test_snippets_mark_every_form_of_the_words_and_escape_the_rest() -> None:
    matcher = Matcher.for_terms(query_terms("formazioni mediatrice citta"))
    html = snippet('Le <img src=x onerror="1"> mediatrici in formazione nella città.', matcher)
    assert html == (
        "Le &lt;img src=x onerror=&quot;1&quot;&gt; <mark>mediatrici</mark> in "
        "<mark>formazione</mark> nella <mark>città</mark>."
    )


def test_a_snippet_is_about_thirty_words_around_the_best_match() -> None:
    body = " ".join(f"parola{i}" for i in range(500)) + " la formazione " + "fine " * 100
    html = snippet(body, Matcher.for_terms(["formazione"]))
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>formazione</mark>" in html
    assert 25 <= len(html.split()) <= 35


def test_a_snippet_without_a_match_shows_the_beginning() -> None:
    html = snippet("Inizio del testo. " * 40, Matcher.for_terms(["formazione"]))
    assert html.startswith("Inizio del testo.") and "<mark>" not in html


def test_stems_that_are_not_prefixes_are_still_marked() -> None:
    assert "<mark>competenze</mark>" in highlight(
        "Le competenze acquisite", Matcher.for_terms(["competente"])
    )


def test_markdown_marks_do_not_show_in_snippets() -> None:
    html = snippet(
        "## Titolo\n\n**Formazione** di [rete](https://x.example)", Matcher.for_terms(["rete"])
    )
    assert html == "Titolo Formazione di <mark>rete</mark>"
