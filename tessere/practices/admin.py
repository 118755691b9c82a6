from django.contrib import admin

from .models import GoodPractice


@admin.register(GoodPractice)
class GoodPracticeAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "project", "status", "published_at", "updated_at"]
    list_filter = ["status", "programme", "themes"]
    search_fields = [
        "title",
        "summary",
        "context",
        "problem",
        "practice",
        "results",
        "transferability",
        "project__acronym",
    ]
    date_hierarchy = "created_at"
    list_select_related = ["programme", "project"]
    autocomplete_fields = ["territories", "themes", "project", "authors"]
    readonly_fields = [
        "submitted_at",
        "published_at",
        "reviewed_at",
        "reviewed_by",
        "created_by",
        "version",
        "created_at",
        "updated_at",
    ]
