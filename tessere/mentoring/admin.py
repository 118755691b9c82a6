"""The Django admin for the mentoring file: staff with the mentoring permissions only.

The mentoring file is confidential (see access.py). The programme admins' group
(registry/seeds.py, ADMIN_GROUP_PERMISSIONS) deliberately has no mentoring permission, so a
staff programme admin cannot open these pages; only superusers, or staff given the mentoring
permissions one by one, can. The pages themselves are for repairs, not daily work.
"""

from typing import Any

from django.contrib import admin
from django.db import models

from .models import (
    Action,
    ActionUpdate,
    CapacityAssessment,
    Finding,
    FindingUpdate,
    Session,
    SessionParticipant,
    SharedResource,
)


class SessionParticipantInline(admin.TabularInline):
    model = SessionParticipant
    extra = 0
    raw_id_fields = ["user", "organisation"]


# Links are typed without a scheme at times: https, as the site's own forms assume.
LINKS: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


class SharedResourceInline(admin.TabularInline):
    model = SharedResource
    extra = 0
    formfield_overrides = LINKS


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["project", "start", "mode", "municipality", "created_by"]
    list_filter = ["mode", "project__programme", "project"]
    search_fields = ["project__acronym", "project__title", "address", "agenda", "notes"]
    list_select_related = ["project", "municipality", "created_by"]
    date_hierarchy = "start"
    raw_id_fields = ["project", "municipality", "created_by"]
    filter_horizontal = ["mentors"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [SessionParticipantInline, SharedResourceInline]


@admin.register(SessionParticipant)
class SessionParticipantAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "session"]
    list_filter = ["session__project__programme", "session__project"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "organisation__name"]
    list_select_related = ["user", "organisation", "session__project"]
    raw_id_fields = ["session", "user", "organisation"]


@admin.register(SharedResource)
class SharedResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "url", "session"]
    list_filter = ["session__project"]
    search_fields = ["title", "url", "note"]
    list_select_related = ["session__project"]
    raw_id_fields = ["session"]
    formfield_overrides = LINKS


class FindingUpdateInline(admin.TabularInline):
    model = FindingUpdate
    extra = 0
    raw_id_fields = ["author"]
    readonly_fields = ["created_at"]


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "project",
        "kind",
        "area",
        "severity",
        "status",
        "shared_with_monitoring",
    ]
    list_filter = ["kind", "area", "severity", "status", "shared_with_monitoring", "project"]
    search_fields = ["title", "description", "project__acronym"]
    list_select_related = ["project"]
    raw_id_fields = ["project", "session", "created_by"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [FindingUpdateInline]


@admin.register(FindingUpdate)
class FindingUpdateAdmin(admin.ModelAdmin):
    list_display = ["finding", "date", "status", "author"]
    list_filter = ["status", "finding__project"]
    search_fields = ["note", "finding__title"]
    list_select_related = ["finding", "author"]
    date_hierarchy = "date"
    raw_id_fields = ["finding", "author"]


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    extra = 0
    raw_id_fields = ["author"]
    readonly_fields = ["created_at"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "project", "owner", "due_date", "status"]
    list_filter = ["status", "project__programme", "project"]
    search_fields = ["description", "owner__email", "owner__last_name", "project__acronym"]
    list_select_related = ["project", "owner"]
    date_hierarchy = "due_date"
    raw_id_fields = ["project", "session", "finding", "owner", "created_by"]
    readonly_fields = [
        "due_reminder_sent_at", "overdue_reminder_sent_at", "version", "created_at", "updated_at",
    ]  # fmt: skip
    inlines = [ActionUpdateInline]


@admin.register(ActionUpdate)
class ActionUpdateAdmin(admin.ModelAdmin):
    list_display = ["action", "date", "status", "author"]
    list_filter = ["status", "action__project"]
    search_fields = ["note", "action__description"]
    list_select_related = ["action", "author"]
    date_hierarchy = "date"
    raw_id_fields = ["action", "author"]


@admin.register(CapacityAssessment)
class CapacityAssessmentAdmin(admin.ModelAdmin):
    list_display = ["project", "date", "organise", "monitor", "mechanisms", "assessed_by"]
    list_filter = ["project__programme", "project"]
    search_fields = ["project__acronym", "comment"]
    list_select_related = ["project", "assessed_by"]
    date_hierarchy = "date"
    raw_id_fields = ["project", "session", "assessed_by"]
    readonly_fields = ["created_at", "updated_at"]
