"""The Django admin for the networks: waves, answers and ties, for repairs.

A tie's note is as confidential as the projects' mentoring files, and an answer says who
declared what: the programme admins' group (registry/seeds.py, ADMIN_GROUP_PERMISSIONS) has no
networks permission, so only superusers, or staff given these permissions one by one, open
these pages. Observed ties are rewritten by `derive_network_ties`: edit their sources instead.
"""

from django.contrib import admin

from .models import Response, Tie, Wave


@admin.register(Wave)
class WaveAdmin(admin.ModelAdmin):
    list_display = ["label", "title", "programme", "status", "opens_on", "closes_on", "closed_at"]
    list_filter = ["status", "programme"]
    search_fields = ["label", "title"]
    list_select_related = ["programme"]
    raw_id_fields = ["created_by"]
    readonly_fields = ["closed_at", "measures", "created_at", "updated_at"]


class TieInline(admin.TabularInline):
    model = Tie
    extra = 0
    fields = ["target_org", "kind", "strength", "directed", "started_on"]
    raw_id_fields = ["target_org"]
    show_change_link = True


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["organisation", "wave", "status", "respondent", "submitted_at", "reminded_at"]
    list_filter = ["status", "wave__programme", "wave"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "wave", "respondent"]
    raw_id_fields = ["organisation", "respondent", "wave"]
    readonly_fields = ["submitted_at", "reminded_at", "created_at", "updated_at"]
    inlines = [TieInline]


@admin.register(Tie)
class TieAdmin(admin.ModelAdmin):
    list_display = [
        "source_org", "target_org", "kind", "strength", "source", "programme", "started_on",
        "ended_on",
    ]  # fmt: skip
    list_filter = ["source", "kind", "strength", "programme"]
    search_fields = ["source_org__name", "target_org__name", "observed_key"]
    list_select_related = ["source_org", "target_org", "programme"]
    raw_id_fields = ["source_org", "target_org", "response", "recorded_by"]
    autocomplete_fields = ["projects"]
    readonly_fields = ["observed_key", "created_at", "updated_at"]
