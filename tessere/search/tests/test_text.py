"""Italian words: stems, accents and stop words, the same on SQLite and PostgreSQL (the suite
runs on both: these tests go through the real index of the current database)."""

from __future__ import annotations

import pytest

from conftest import Personas
from tessere.meetings.tests import factories as mf
from tessere.search import text
from tessere.search.backends import SqliteBackend

from .helpers import found

# These tests search what they just wrote: the index follows saves here.
pytestmark = pytest.mark.search_index


def test_words_are_lower_cased_and_unaccented() -> None:
    assert text.words("Perché la CITTÀ? dell'accoglienza, co-progettazione") == [
        "perche",
        "la",
        "citta",
        "dell",
        "accoglienza",
        "co",
        "progettazione",
    ]


def test_plural_and_singular_share_a_stem() -> None:
    assert text.stem("formazioni") == text.stem("formazione")
    assert text.stem("mediatrici") == text.stem("mediatrice")


def test_stop_words_are_dropped_from_queries_but_accented_ones_are_words() -> None:
    assert text.query_terms("la formazione di rete") == ["formazione", "rete"]
    # PostgreSQL's italian list holds "perché"; once unaccented it is a word (PITFALLS.md).
    assert text.query_terms("perché") == ["perche"]


def test_a_query_is_cut_to_its_first_terms() -> None:
    many = " ".join(f"parola{i}" for i in range(40))
    assert len(text.query_terms(many)) == text.MAX_TERMS


def test_fold_keeps_offsets() -> None:
    value = "Città ﬁne İstanbul ß"
    assert len(text.fold(value)) == len(value)
    assert text.fold("Città") == "citta"


def test_the_fts_expression_quotes_every_stem() -> None:
    assert SqliteBackend.expression(["formazioni", "rete"]) == '"formazion" "ret"'


@pytest.fixture
def meetings(personas: Personas) -> Personas:
    mf.make_meeting(
        personas.programme,
        title="Laboratorio sulla formazione delle mediatrici",
        description="Perché la città accoglie: un confronto sulla rete territoriale.",
    )
    mf.make_meeting(personas.programme, title="Assemblea plenaria", description="Bilancio.")
    return personas


@pytest.mark.parametrize(
    "query",
    [
        "formazioni",  # plural finds singular
        "formazione",
        "mediatrice",  # singular finds plural
        "mediatrici",
        "FORMAZIONE",
        "citta",  # accents are optional
        "città",
        "perche",
        "la formazione",  # stop words do not get in the way
        "rete territoriali",  # every word, each stemmed
    ],
)
def test_italian_queries_find_the_meeting_on_this_database(meetings: Personas, query: str) -> None:
    assert found(meetings.representative, query) == [
        "Laboratorio sulla formazione delle mediatrici"
    ]


def test_every_word_must_match(meetings: Personas) -> None:
    assert found(meetings.representative, "formazione bilancio") == []
    assert found(meetings.representative, "assemblea bilancio") == ["Assemblea plenaria"]


def test_a_word_in_the_title_ranks_higher_than_in_the_text(personas: Personas) -> None:
    mf.make_meeting(personas.programme, title="Incontro di marzo", description="Accoglienza.")
    mf.make_meeting(personas.programme, title="Accoglienza diffusa", description="Incontro.")
    assert found(personas.representative, "accoglienza") == [
        "Accoglienza diffusa",
        "Incontro di marzo",
    ]
