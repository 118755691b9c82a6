"""The harvest of an agenda item: recorded by the team and the registrants, read by the members."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tessere.core.http import AuthenticatedRequest
from tessere.learning import permissions as learning_permissions
from tessere.learning.models import Lesson

from .. import permissions
from ..forms_harvest import HarvestEditor
from ..models import AgendaItem, Harvest, Meeting
from ..services.harvest import (
    HarvestConflict,
    earlier_fields,
    fields_of,
    save_harvest,
    show_harvest,
)


@login_required
def harvest_edit(request: AuthenticatedRequest, slug: str, item_id: int) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("programme"), slug=slug
    )
    item = get_object_or_404(
        AgendaItem.objects.filter(meeting=meeting).select_related("method"), pk=item_id
    )
    can_edit = permissions.can_harvest(request.user, meeting)
    if not can_edit and not permissions.is_member_of_meeting_programme(request.user, meeting):
        raise PermissionDenied
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    harvest = Harvest.objects.select_related("updated_by").filter(agenda_item=item).first()
    saved = harvest.data if harvest else {}
    version = harvest.version if harvest else 0
    specs = fields_of(item)
    editor = None
    conflict: dict[str, Any] | None = None
    status = 200
    if can_edit and request.GET.get("read") != "1":
        editor = HarvestEditor(specs, saved=saved, version=version, data=request.POST or None)
        if request.method == "POST":
            if editor.is_valid():
                mine = editor.cleaned_data()
                try:
                    save_harvest(
                        item=item, data=mine, expected_version=editor.version, by=request.user
                    )
                except HarvestConflict as exc:
                    # Keep every word this person typed; show the other's values beside them,
                    # and carry the new version so saving again is a deliberate choice.
                    harvest = exc.harvest
                    saved, version = harvest.data, harvest.version
                    data = request.POST.copy()
                    data["version"] = str(version)
                    editor = HarvestEditor(specs, saved=saved, version=version, data=data)
                    editor.is_valid()
                    conflict = {
                        "by": harvest.updated_by,
                        "at": harvest.updated_at,
                        "fields": editor.show_theirs(saved, mine),
                    }
                    status = 409
                else:
                    messages.success(request, _("Harvest saved."))
                    return redirect("meetings:harvest_edit", slug=meeting.slug, item_id=item.pk)
            else:
                status = 400
    lessons = list(
        Lesson.objects.visible_to(request.user)
        .filter(agenda_item=item)
        .select_related("author")
        .order_by("-created_at")
    )
    context = {
        "meeting": meeting,
        "item": item,
        "harvest": harvest,
        "editor": editor,
        "conflict": conflict,
        "shown": show_harvest(specs, saved),
        "earlier": earlier_fields(specs, saved),
        "can_edit": can_edit,
        "lessons": lessons,
        "can_record_lesson": learning_permissions.can_create_lesson(
            request.user, meeting.programme
        ),
        "lesson_url": reverse("learning:lesson_create")
        + "?"
        + urlencode({"meeting": meeting.slug, "item": str(item.pk)}),
    }
    return render(request, "meetings/harvest/harvest_edit.html", context, status=status)
