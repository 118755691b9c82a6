from django.contrib import admin
from django.db import models

from .models import Opportunity


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "scope",
        "audience",
        "programme",
        "project",
        "organisation",
        "starts_on",
        "deadline",
        "expires_on",
        "status",
        "is_public",
    ]
    list_filter = ["status", "kind", "scope", "audience", "is_public", "is_online", "programme"]
    search_fields = ["title", "description", "slug", "project__acronym", "organisation__name"]
    date_hierarchy = "expires_on"
    autocomplete_fields = ["territories", "municipality", "project", "organisation"]
    raw_id_fields = ["created_by"]
    readonly_fields = ["expires_on", "ical_sequence", "withdrawn_at", "created_at", "updated_at"]
    list_select_related = ["programme", "project", "organisation"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
