"""Notifications in the admin: to look at what was sent and why, not to write them (notify()
is the only way in). Choices and digest records can be corrected by hand."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import DigestLog, Notification, NotificationPreference, NotificationSettings


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "recipient", "kind", "created_at", "read_at", "email_status"]
    list_filter = ["kind", "email_status", "created_at"]
    search_fields = ["recipient__email", "event_key", "kind"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "recipient",
        "kind",
        "event_key",
        "actor",
        "data",
        "url",
        "content_type",
        "object_id",
        "created_at",
        "read_at",
        "email_status",
        "email_attempts",
        "email_claimed_at",
        "emailed_at",
        "email_error",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The change page is a read-only view; nothing is saved from it.
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "delivery", "updated_at"]
    list_filter = ["kind", "delivery"]
    search_fields = ["user__email", "kind"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "digest_frequency", "updated_at"]
    list_filter = ["digest_frequency"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(DigestLog)
class DigestLogAdmin(admin.ModelAdmin):
    list_display = ["user", "period", "status", "item_count", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "period"]
    search_fields = ["user__email", "period"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "user",
        "period",
        "since",
        "created_at",
        "attempts",
        "claimed_at",
        "sent_at",
        "item_count",
        "error",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
