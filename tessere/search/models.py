"""The search index: one row per (source, object), with its text, facets and full-text data.

The full-text data lives where each database wants it (backends.py):
- PostgreSQL: `SearchEntry.vector`, a tsvector (GIN index created by the migration on
  PostgreSQL only). On SQLite the column exists too (SQLite accepts any column type) and
  stays empty: one model for both databases, so `makemigrations --check` is clean on both.
- SQLite: the FTS5 table `search_fts` (rowid = SearchEntry.id) with the Snowball stems of the
  title and body, created by the migration on SQLite only, its rows removed by a trigger when
  an entry is deleted. `SearchFts` maps it (unmanaged: Django never creates or alters it) so
  the ORM can join it; it is never queried on PostgreSQL.

Facets (projects, themes) are small tables of integers rather than foreign keys or text
markers: filtering is an indexed EXISTS on both databases, counts stay exact, and deleting a
project or theme never waits on the index (its own signals re-index what changed).
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Lookup
from django.utils.translation import gettext_lazy as _

MAX_BODY = 100_000  # characters kept of a body (for snippets and the full-text data)
MAX_TITLE = 300


class SearchEntry(models.Model):
    """What the search finds of one object: its title and text, link, date and facets."""

    source = models.CharField(_("type"), max_length=64)
    object_id = models.BigIntegerField(_("object"))
    programme_id = models.IntegerField(_("programme"), null=True, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500)
    vector = SearchVectorField(null=True, editable=False)  # PostgreSQL only (see above)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["source", "object_id"]
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id"], name="search_entry_unique")
        ]
        indexes = [models.Index(fields=["date"], name="search_entry_date")]

    def __str__(self) -> str:
        return f"{self.source} {self.object_id}: {self.title}"


class SearchEntryProject(models.Model):
    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="projects")
    project_id = models.IntegerField()

    class Meta:
        verbose_name = _("search entry project")
        verbose_name_plural = _("search entry projects")
        constraints = [
            models.UniqueConstraint(fields=["entry", "project_id"], name="search_project_unique")
        ]
        indexes = [models.Index(fields=["project_id", "entry"], name="search_project_idx")]

    def __str__(self) -> str:
        return f"{self.entry_id} · project {self.project_id}"


class SearchEntryTheme(models.Model):
    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="themes")
    theme_id = models.IntegerField()

    class Meta:
        verbose_name = _("search entry theme")
        verbose_name_plural = _("search entry themes")
        constraints = [
            models.UniqueConstraint(fields=["entry", "theme_id"], name="search_theme_unique")
        ]
        indexes = [models.Index(fields=["theme_id", "entry"], name="search_theme_idx")]

    def __str__(self) -> str:
        return f"{self.entry_id} · theme {self.theme_id}"


class FtsTableField(models.TextField):
    """FTS5's hidden column named like its table: `search_fts MATCH '...'` searches every
    column. Only the `match` lookup is meant for it."""


@FtsTableField.register_lookup
class Match(Lookup):
    lookup_name = "match"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class SearchFts(models.Model):
    """The SQLite FTS5 table (see the module's docstring): stems of title and body."""

    entry = models.OneToOneField(
        SearchEntry,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="fts",
    )
    title = models.TextField()
    body = models.TextField()
    document = FtsTableField(db_column="search_fts")

    class Meta:
        managed = False
        db_table = "search_fts"
        verbose_name = _("full-text row")
        verbose_name_plural = _("full-text rows")

    def __str__(self) -> str:
        return str(self.pk)
