"""How Italian text becomes search terms, the same way on SQLite and PostgreSQL.

Text is cut into words (letters and digits; apostrophes, hyphens and punctuation separate
words, so "dell'accoglienza" is "dell" + "accoglienza" and "co-progettazione" is "co" +
"progettazione"), lower-cased and unaccented in Python ("perché" → "perche", "città" →
"citta"), so accents are optional when searching. PostgreSQL then stems with its `italian`
configuration; SQLite gets the stems from Snowball's Italian stemmer here, the same algorithm.

Stop words: PostgreSQL's `italian` list (Snowball's) applied to unaccented words drops only its
unaccented entries ("la", "di", "e"...), while its accented ones ("perché", "più") are words
like any other once unaccented (PITFALLS.md). STOP_WORDS below is exactly that effective list,
so SQLite drops the same words and "perche" finds "perché" on both databases.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 12  # a longer query is cut to its first terms (the form says so)

# PostgreSQL 15's tsearch_data/italian.stop (from Snowball), without its accented entries.
_ITALIAN_STOP = """
    ad al allo ai agli all agl alla alle con col coi da dal dallo dai dagli dall dagl dalla dalle
    di del dello dei degli dell degl della delle in nel nello nei negli nell negl nella nelle su
    sul sullo sui sugli sull sugl sulla sulle per tra contro io tu lui lei noi voi loro mio mia
    miei mie tuo tua tuoi tue suo sua suoi sue nostro nostra nostri nostre vostro vostra vostri
    vostre mi ti ci vi lo la li le gli ne il un uno una ma ed se anche come dov dove che chi cui
    non quale quanto quanti quanta quante quello quelli quella quelle questo questi questa queste
    si tutto tutti a c e i l o ho hai ha abbiamo avete hanno abbia abbiate abbiano avrai avremo
    avrete avranno avrei avresti avrebbe avremmo avreste avrebbero avevo avevi aveva avevamo
    avevate avevano ebbi avesti ebbe avemmo aveste ebbero avessi avesse avessimo avessero avendo
    avuto avuta avuti avute sono sei siamo siete sia siate siano sarai saremo sarete saranno sarei
    saresti sarebbe saremmo sareste sarebbero ero eri era eravamo eravate erano fui fosti fu fummo
    foste furono fossi fosse fossimo fossero essendo faccio fai facciamo fanno faccia facciate
    facciano farai faremo farete faranno farei faresti farebbe faremmo fareste farebbero facevo
    facevi faceva facevamo facevate facevano feci facesti fece facemmo faceste fecero facessi
    facesse facessimo facessero facendo sto stai sta stiamo stanno stia stiate stiano starai
    staremo starete staranno starei staresti starebbe staremmo stareste starebbero stavo stavi
    stava stavamo stavate stavano stetti stesti stette stemmo steste stettero stessi stesse
    stessimo stessero stando
"""
STOP_WORDS = frozenset(_ITALIAN_STOP.split())

_stemmer = snowballstemmer.stemmer("italian")


def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return base if len(base) == 1 else char.lower() if len(char.lower()) == 1 else char


class _FoldTable(dict[int, str]):
    """str.translate table folding one character into one (so offsets stay the same):
    lower case without accents. Built lazily, one entry per character met."""

    def __missing__(self, codepoint: int) -> str:
        folded = _fold_char(chr(codepoint))
        self[codepoint] = folded
        return folded


FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower case, accents removed, same length as `text` (offsets into it stay valid)."""
    return text.translate(FOLD)


def unaccent(text: str) -> str:
    """Lower case without accents, for indexing and querying ("Perché" → "perche")."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\x00", " "))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """The unaccented, lower-cased words of a text, stop words included."""
    return WORD.findall(unaccent(text))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return str(_stemmer.stemWord(word))


def stems(text: str) -> list[str]:
    """The Snowball stems of a text's words, stop words dropped (what SQLite indexes)."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


def stem_all(tokens: Iterable[str]) -> list[str]:
    return [stem(w) for w in tokens]


def query_terms(query: str) -> list[str]:
    """The words of a query that count: unaccented, stop words dropped, duplicates removed,
    at most MAX_TERMS. Anything else in the query (quotes, operators, NUL bytes) is ignored."""
    seen: list[str] = []
    for word in words(query):
        if word not in STOP_WORDS and word not in seen:
            seen.append(word)
    return seen[:MAX_TERMS]
