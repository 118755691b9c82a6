"""The Django admin for programme admins: every registry model, with search and filters."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    Call,
    Invitation,
    Line,
    Organisation,
    Partnership,
    Programme,
    ProgrammeRole,
    Project,
    ProjectRole,
    Territory,
    Theme,
)


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "istat_code", "historic_province_code", "car_code", "parent"]
    list_filter = ["kind", "car_code"]
    search_fields = ["name", "istat_code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind", "municipality__parent"]
    search_fields = ["name", "municipality__name"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "funder", "budget"]
    list_filter = ["year"]
    search_fields = ["title", "funder__name"]
    list_select_related = ["funder"]
    autocomplete_fields = ["funder", "co_funders"]


class LineInline(admin.TabularInline):
    model = Line
    extra = 0
    fields = ["number", "code", "name", "parent", "description"]


class ProgrammeRoleInline(admin.TabularInline):
    model = ProgrammeRole
    extra = 0
    autocomplete_fields = ["user", "organisation"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "call", "start_date", "end_date", "lead_organisation", "is_public"]
    list_filter = ["is_public", "call"]
    search_fields = ["title", "summary"]
    list_select_related = ["call", "lead_organisation"]
    autocomplete_fields = ["call", "lead_organisation", "partner_organisations", "regions"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [LineInline, ProgrammeRoleInline]


@admin.register(Line)
class LineAdmin(admin.ModelAdmin):
    list_display = ["name", "number", "code", "programme", "parent"]
    list_filter = ["programme"]
    search_fields = ["name", "description"]
    list_select_related = ["programme", "parent"]


class PartnershipInline(admin.TabularInline):
    model = Partnership
    extra = 0
    autocomplete_fields = ["organisation"]


class ProjectRoleInline(admin.TabularInline):
    model = ProjectRole
    extra = 0
    autocomplete_fields = ["user", "organisation"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["acronym", "title", "programme", "start_date", "end_date"]
    list_filter = ["programme", "themes", "territories__parent"]
    search_fields = ["acronym", "title", "summary"]
    list_select_related = ["programme"]
    autocomplete_fields = ["territories", "themes"]
    prepopulated_fields = {"slug": ["acronym"]}
    inlines = [PartnershipInline, ProjectRoleInline]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["project", "organisation", "role"]
    list_filter = ["role", "project__programme", "organisation__kind"]
    search_fields = ["project__acronym", "organisation__name"]
    list_select_related = ["project", "organisation"]
    autocomplete_fields = ["project", "organisation"]


@admin.register(ProgrammeRole)
class ProgrammeRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "programme", "organisation"]
    list_filter = ["role", "programme"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "organisation__name"]
    list_select_related = ["user", "programme", "organisation"]
    autocomplete_fields = ["user", "programme", "organisation"]


@admin.register(ProjectRole)
class ProjectRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "project", "organisation"]
    list_filter = ["role", "project__programme", "project"]
    search_fields = [
        "user__email",
        "user__first_name",
        "user__last_name",
        "project__acronym",
        "organisation__name",
    ]
    list_select_related = ["user", "project", "organisation"]
    autocomplete_fields = ["user", "project", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "role",
        "programme",
        "project",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["programme", "role"]
    search_fields = ["email", "first_name", "last_name"]
    list_select_related = ["programme", "project"]
    readonly_fields = ["token_hash", "accepted_at", "accepted_by", "invited_by", "created_at"]
    autocomplete_fields = ["programme", "project", "organisation"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Invitations are sent from the programme page, so the email goes out with them.
        return False
