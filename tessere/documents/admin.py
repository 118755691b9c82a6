"""The work repository in the Django admin: search and filters; files are changed through the
site (the upload checks live in the services), so versions are read-only here."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import Document, DocumentVersion


class VersionInline(admin.TabularInline[DocumentVersion, Document]):
    model = DocumentVersion
    extra = 0
    can_delete = False
    fields = ("number", "filename", "content_type", "size", "note", "uploaded_by", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Document | None = None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin[Document]):
    list_display = ("title", "kind", "space", "licence", "date", "download_count")
    list_filter = ("kind", "licence", "space__programme", "space")
    search_fields = ("title", "description", "authors_text")
    autocomplete_fields = ("themes", "projects", "authors")
    raw_id_fields = ("meeting", "created_by", "current_version")
    readonly_fields = ("download_count",)
    inlines = [VersionInline]
