from django.contrib import admin

from .models import (
    AgendaItem,
    BreakoutGroup,
    BreakoutMember,
    BreakoutRound,
    Harvest,
    Material,
    Meeting,
    Method,
    Registration,
)


@admin.register(Method)
class MethodAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "is_builtin", "programme"]
    list_filter = ["is_builtin", "programme"]
    search_fields = ["name", "description"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "start", "end", "title", "method", "speakers"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "programme",
        "start",
        "format",
        "length",
        "status",
        "capacity",
        "closed_at",
    ]
    list_filter = ["programme", "status", "format", "length", "is_public"]
    search_fields = ["title", "description", "venue"]
    date_hierarchy = "start"
    list_select_related = ["programme"]
    autocomplete_fields = ["municipality", "themes", "facilitators"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [
        "uid",
        "ical_sequence",
        "checkin_code",
        "closed_at",
        "closed_by",
        "attendee_count",
        "presence",
    ]
    inlines = [AgendaItemInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "position", "method"]
    list_filter = ["method", "meeting__programme"]
    search_fields = ["title", "question", "meeting__title"]
    list_select_related = ["meeting", "method"]


@admin.register(Harvest)
class HarvestAdmin(admin.ModelAdmin):
    list_display = ["agenda_item", "version", "updated_at", "updated_by"]
    search_fields = ["agenda_item__title", "agenda_item__meeting__title"]
    list_select_related = ["agenda_item", "updated_by"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "meeting",
        "project",
        "organisation",
        "status",
        "attended",
        "created_at",
    ]
    list_filter = ["status", "attended", "meeting__programme", "meeting"]
    search_fields = [
        "user__email",
        "user__last_name",
        "meeting__title",
        "project__acronym",
        "organisation__name",
    ]
    list_select_related = ["user", "meeting", "project", "organisation"]
    autocomplete_fields = ["user", "project", "organisation"]


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "kind", "size", "uploaded_by", "created_at"]
    list_filter = ["kind", "meeting__programme"]
    search_fields = ["title", "meeting__title"]
    list_select_related = ["meeting", "uploaded_by"]


class BreakoutGroupInline(admin.TabularInline):
    model = BreakoutGroup
    extra = 0


@admin.register(BreakoutRound)
class BreakoutRoundAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "created_at"]
    list_filter = ["meeting__programme"]
    search_fields = ["title", "meeting__title"]
    inlines = [BreakoutGroupInline]


@admin.register(BreakoutMember)
class BreakoutMemberAdmin(admin.ModelAdmin):
    list_display = ["registration", "group", "round"]
    list_filter = ["round__meeting"]
    search_fields = ["registration__user__email", "registration__user__last_name"]
