from django.contrib import admin

from .models import Lesson


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "status", "author", "meeting", "created_at"]
    list_filter = ["status", "programme", "themes", "projects"]
    search_fields = ["title", "situation", "what_happened", "learned", "do_differently"]
    list_select_related = ["programme", "author", "meeting"]
    autocomplete_fields = ["themes", "projects", "reused_by", "author"]
    raw_id_fields = ["meeting", "agenda_item"]
    readonly_fields = ["validated_at", "validated_by", "created_at", "updated_at"]
