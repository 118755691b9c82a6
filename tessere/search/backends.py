"""Full-text search on each database: writing an entry's text, matching and ranking a query.

- PostgreSQL: `SearchEntry.vector` = setweight(to_tsvector('italian', title), 'A') ||
  setweight(to_tsvector('italian', body), 'B'), over the words of text.py (unaccented in
  Python, so accents are optional); queried with plainto_tsquery('italian', words) (every
  word must match, no operator syntax), ranked with ts_rank_cd.
- SQLite: the FTS5 table `search_fts` holds the Snowball stems of title and body; the MATCH
  expression is built here from the stems, each one quoted (nothing the user typed reaches
  FTS5's query syntax), all required; ranked with bm25, the title weighing 10 times the body.

Both backends see the same words (text.words) and the same stop words (text.STOP_WORDS).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, FloatField, Func, QuerySet, Value
from django.db.models.expressions import CombinedExpression

from . import text
from .models import SearchEntry

TITLE_WEIGHT = 10.0  # SQLite bm25: a word in the title counts as much as ten in the body


class Backend(Protocol):
    def prepare(self, entry: SearchEntry) -> None:
        """Set what the entry's own row carries before it is saved or bulk-inserted."""

    def store(self, entries: Sequence[SearchEntry], *, replace: bool) -> None:
        """Write what lives outside the entry's row, once the entries have their ids."""

    def matching(
        self, entries: QuerySet[SearchEntry], terms: list[str]
    ) -> tuple[QuerySet[SearchEntry], Any]:
        """The entries matching every term (text.query_terms), and the expression ranking
        them (higher is better), to annotate the page's query with."""


def _indexed_words(value: str) -> str:
    return " ".join(text.words(value))


class PostgresBackend:
    def vector(self, entry: SearchEntry) -> CombinedExpression:
        return SearchVector(
            Value(_indexed_words(entry.title)), config="italian", weight="A"
        ) + SearchVector(Value(_indexed_words(entry.body)), config="italian", weight="B")

    def prepare(self, entry: SearchEntry) -> None:
        entry.vector = self.vector(entry)

    def store(self, entries: Sequence[SearchEntry], *, replace: bool) -> None:
        return None

    def matching(
        self, entries: QuerySet[SearchEntry], terms: list[str]
    ) -> tuple[QuerySet[SearchEntry], Any]:
        query = SearchQuery(" ".join(terms), config="italian", search_type="plain")
        rank = SearchRank(F("vector"), query, cover_density=True)
        return entries.filter(vector=query), rank


class Bm25(Func):
    """FTS5's bm25() of the query's MATCH, negated (higher is better), title weighted. Only
    valid in a query that has the MATCH; the join's alias is the table's name."""

    template = f"-bm25(search_fts, {TITLE_WEIGHT}, 1.0)"
    output_field = FloatField()


class SqliteBackend:
    def prepare(self, entry: SearchEntry) -> None:
        entry.vector = None

    def store(self, entries: Sequence[SearchEntry], *, replace: bool) -> None:
        rows = [
            (entry.pk, " ".join(text.stems(entry.title)), " ".join(text.stems(entry.body)))
            for entry in entries
        ]
        with connection.cursor() as cursor:
            if replace:
                cursor.executemany(
                    "DELETE FROM search_fts WHERE rowid = %s", [(r[0],) for r in rows]
                )
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)", rows
            )

    @staticmethod
    def expression(terms: list[str]) -> str:
        """`"stem1" "stem2"`: every stem required, each a quoted string (stems are letters and
        digits only, but quoting keeps FTS5's syntax out whatever they hold)."""
        stems = dict.fromkeys(text.stem_all(terms))
        return " ".join('"' + s.replace('"', '""') + '"' for s in stems if s)

    def matching(
        self, entries: QuerySet[SearchEntry], terms: list[str]
    ) -> tuple[QuerySet[SearchEntry], Any]:
        # Only valid next to the MATCH of the same query; the join's alias is the table name.
        rank = Bm25()
        expression = self.expression(terms)
        if not expression:
            return entries.none(), rank
        return entries.filter(fts__document__match=expression), rank


def get_backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    return SqliteBackend()
