"""Meeting pages: the list, a meeting, its form, agenda, materials, minutes and closing, and the
library of participatory methods. Thin: parse with a form, call a service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tessere.core.http import AuthenticatedRequest
from tessere.registry.models import Programme

from .. import permissions, queries
from ..forms import (
    AgendaItemForm,
    CloseForm,
    MaterialForm,
    MeetingFilterForm,
    MeetingForm,
    MethodForm,
    MinutesForm,
)
from ..models import AgendaItem, Meeting, Method, Registration
from ..services import materials as material_services
from ..services import meetings as services
from .registration import registration_context

PAGE_SIZE = 20
UPCOMING_LIMIT = 100


def is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def visible_meeting(request: HttpRequest, slug: str) -> Meeting:
    """The meeting, if this person may see it (404 otherwise: no leak of its existence)."""
    return get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("programme"), slug=slug
    )


def team_meeting(
    request: HttpRequest, slug: str, predicate: Callable[[Any, Meeting], bool]
) -> Meeting:
    """A meeting the person may see (404) and act on as its team (403)."""
    meeting = visible_meeting(request, slug)
    if not predicate(request.user, meeting):
        raise PermissionDenied
    return meeting


def _int_or_404(value: str | None) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)  # type: ignore[arg-type]
    except ValueError:
        raise Http404 from None


def _creatable_programmes(user: Any) -> list[Programme]:
    """The programmes where this person may create meetings (the predicate has the last word;
    the query only narrows the candidates, so people without a team role cost one query)."""
    if not user.is_authenticated:
        return []
    candidates = Programme.objects.visible_to(user).order_by("-start_date")
    if not user.is_superuser:
        candidates = candidates.filter(
            roles__user=user, roles__role__in=permissions.MEETING_TEAM_ROLES
        )
    return [p for p in candidates if permissions.can_create_meeting(user, p)]


# --- The list ------------------------------------------------------------------------------------
def meeting_list(request: HttpRequest) -> HttpResponse:
    form = MeetingFilterForm(request.GET or None)
    meetings = queries.list_queryset(request.user)
    if form.is_bound and form.is_valid():
        meetings = queries.filter_meetings(meetings, form.cleaned_data)
    now = timezone.now()
    upcoming = list(meetings.filter(end__gt=now).order_by("start", "pk")[:UPCOMING_LIMIT])
    past = Paginator(meetings.filter(end__lte=now).order_by("-start", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    mine: dict[int, str] = {}
    if request.user.is_authenticated:
        mine = dict(
            Registration.objects.active()
            .filter(user=request.user, meeting_id__in=[m.pk for m in upcoming])
            .values_list("meeting_id", "status")
        )
    for meeting in upcoming:
        meeting.my_status = mine.get(meeting.pk, "")  # type: ignore[attr-defined]
    for meeting in [*upcoming, *past]:
        meeting.places_left = queries.places_left(meeting)  # type: ignore[attr-defined]
    context = {
        "form": form,
        "upcoming": upcoming,
        "page": past,
        "creatable_programmes": [] if is_htmx(request) else _creatable_programmes(request.user),
    }
    template = (
        "meetings/meeting_list.html#results" if is_htmx(request) else "meetings/meeting_list.html"
    )
    return render(request, template, context)


# --- Creating and editing ------------------------------------------------------------------------
@login_required
def meeting_create(request: AuthenticatedRequest, programme_slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme.objects.visible_to(request.user), slug=programme_slug)
    if not permissions.can_create_meeting(request.user, programme):
        raise PermissionDenied
    form = MeetingForm(
        request.POST or None,
        programme=programme,
        initial={"status": Meeting.Status.PLANNED, "is_public": True},
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(
                programme=programme, data=form.cleaned_data, by=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Meeting created: now add its agenda."))
            return redirect(meeting)
    context = {"form": form, "programme": programme, "meeting": None}
    return render(
        request, "meetings/meeting_form.html", context, status=400 if form.errors else 200
    )


@login_required
def meeting_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    meeting = team_meeting(request, slug, permissions.can_edit_meeting)
    form = MeetingForm(request.POST or None, instance=meeting, programme=meeting.programme)
    if request.method == "POST" and form.is_valid():
        old_sequence = meeting.ical_sequence
        try:
            updated = services.update_meeting(
                meeting=meeting, data=form.cleaned_data, by=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            if updated.ical_sequence != old_sequence:
                messages.success(
                    request,
                    _(
                        "Meeting saved. The people registered get an email with the updated "
                        "calendar entry."
                    ),
                )
            else:
                messages.success(request, _("Meeting saved."))
            return redirect(updated)
    context = {"form": form, "programme": meeting.programme, "meeting": meeting}
    return render(
        request, "meetings/meeting_form.html", context, status=400 if form.errors else 200
    )


# --- A meeting -----------------------------------------------------------------------------------
def meeting_detail(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = get_object_or_404(queries.detail_queryset(request.user), slug=slug)
    user = request.user
    # First: it loads the meeting's registrations and caches the viewer's for the predicates.
    box = registration_context(request, meeting)
    is_team = permissions.is_meeting_team(user, meeting)
    can_view_materials = permissions.can_view_materials(user, meeting)
    registration = permissions.active_registration(user, meeting)
    registered = registration is not None and registration.status == Registration.Status.CONFIRMED
    from ..services.attendance import check_in_open

    context: dict[str, Any] = {
        "meeting": meeting,
        "programme": meeting.programme,
        "places_left": queries.places_left(meeting),
        "agenda": list(meeting.agenda.all()),
        "themes": list(meeting.themes.all()),
        "facilitators": list(meeting.facilitators.all()),
        "can_view_materials": can_view_materials,
        "materials": queries.materials_of(meeting) if can_view_materials else [],
        "attendance": queries.attendance_of(meeting) if meeting.attended_count else None,  # type: ignore[attr-defined]
        "is_team": is_team,
        # Names of people are for the members of the programme (ARCHITECTURE.md).
        "show_names": permissions.is_member_of_meeting_programme(user, meeting),
        "can_harvest": permissions.can_harvest(user, meeting),
        # Members who may not edit still read what each session produced.
        "can_read_harvest": permissions.is_member_of_meeting_programme(user, meeting),
        "can_get_certificate": registration is not None and registration.attended,
        "can_check_in": registered
        and registration is not None
        and not registration.attended
        and meeting.closed_at is None
        and check_in_open(meeting),
        "needs_closing": is_team
        and meeting.has_ended
        and meeting.closed_at is None
        and meeting.status in queries.OPEN_STATUSES,
    }
    context.update(box)
    return render(request, "meetings/meeting_detail.html", context)


# --- The agenda ----------------------------------------------------------------------------------
@login_required
def agenda_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    meeting = team_meeting(request, slug, permissions.can_edit_meeting)
    item_id = _int_or_404(request.POST.get("item") or request.GET.get("item"))
    item = get_object_or_404(meeting.agenda, pk=item_id) if item_id else None
    action = request.POST.get("action", "save")
    if request.method == "POST" and action in {"up", "down"} and item is not None:
        services.move_agenda_item(item=item, direction=action, by=request.user)
        return redirect(reverse("meetings:agenda_edit", args=[meeting.slug]) + f"#item-{item.pk}")
    if request.method == "POST" and action == "sort":
        services.sort_agenda_by_time(meeting=meeting, by=request.user)
        messages.success(request, _("Agenda ordered by time."))
        return redirect("meetings:agenda_edit", slug=meeting.slug)
    form = AgendaItemForm(
        request.POST if request.method == "POST" else None, instance=item, meeting=meeting
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_agenda_item(
                meeting=meeting, data=form.cleaned_data, by=request.user, item=item
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("“%(item)s” saved.") % {"item": saved.title})
            return redirect(
                reverse("meetings:agenda_edit", args=[meeting.slug]) + f"#item-{saved.pk}"
            )
    context = {
        "meeting": meeting,
        "items": list(meeting.agenda.select_related("method")),
        "form": form,
        "editing": item,
    }
    return render(
        request, "meetings/meeting_agenda.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def agenda_item_delete(request: AuthenticatedRequest, slug: str, item_id: int) -> HttpResponse:
    meeting = team_meeting(request, slug, permissions.can_edit_meeting)
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item_id)
    try:
        services.delete_agenda_item(item=item, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("“%(item)s” removed from the agenda.") % {"item": item.title})
    return redirect("meetings:agenda_edit", slug=meeting.slug)


# --- Materials -----------------------------------------------------------------------------------
@login_required
def material_add(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    meeting = team_meeting(request, slug, permissions.can_add_material)
    form = MaterialForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        meeting=meeting,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data.get("file"):
                material_services.add_file_material(
                    meeting=meeting,
                    title=data["title"],
                    upload=data["file"],
                    agenda_item=data.get("agenda_item"),
                    by=request.user,
                )
            else:
                material_services.add_link_material(
                    meeting=meeting,
                    title=data["title"],
                    url=data["url"],
                    agenda_item=data.get("agenda_item"),
                    by=request.user,
                )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Material added."))
            return redirect(reverse("meetings:meeting_detail", args=[meeting.slug]) + "#materials")
    context = {"meeting": meeting, "form": form}
    return render(
        request, "meetings/material_form.html", context, status=400 if form.errors else 200
    )


@login_required
def material_download(
    request: AuthenticatedRequest, slug: str, material_id: int
) -> HttpResponseBase:
    """Files are served here, after the permission check, never from a public media URL."""
    meeting = visible_meeting(request, slug)
    if not permissions.can_view_materials(request.user, meeting):
        raise PermissionDenied
    material = get_object_or_404(meeting.materials, pk=material_id)
    if material.kind == material.Kind.LINK:
        return redirect(material.url)
    try:
        handle = material.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=material.content_type not in material_services.IMAGE_TYPES,
        filename=material_services.download_name(material),
        content_type=material.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even opened in the browser, a file runs nothing and embeds nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- Minutes and closing -------------------------------------------------------------------------
@login_required
def minutes_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    meeting = team_meeting(request, slug, permissions.can_close_meeting)
    form = MinutesForm(request.POST or None, initial={"minutes": meeting.minutes})
    if request.method == "POST" and form.is_valid():
        services.save_minutes(
            meeting=meeting, minutes=form.cleaned_data["minutes"], by=request.user
        )
        messages.success(request, _("Minutes saved."))
        return redirect(reverse("meetings:meeting_detail", args=[meeting.slug]) + "#minutes")
    context = {"meeting": meeting, "form": form}
    return render(
        request, "meetings/minutes_form.html", context, status=400 if form.errors else 200
    )


@login_required
def meeting_close(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """GET: what closing will record, with the minutes to confirm; POST: close."""
    meeting = team_meeting(request, slug, permissions.can_close_meeting)
    form = CloseForm(request.POST or None, initial={"minutes": meeting.minutes})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.close_meeting(
                    meeting=meeting, minutes=form.cleaned_data["minutes"], by=request.user
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(
                    request, _("The meeting is closed: minutes and attendance are recorded.")
                )
                return redirect(meeting)
        status = 400
    context = {
        "meeting": meeting,
        "form": form,
        "attendance": queries.attendance_of(meeting),
        "confirmed": Registration.objects.confirmed().filter(meeting=meeting).count(),
    }
    return render(request, "meetings/meeting_close.html", context, status=status)


# --- The method library --------------------------------------------------------------------------
def _visible_methods(user: Any) -> QuerySet[Method]:
    return (
        Method.objects.filter(
            Q(is_builtin=True) | Q(programme__in=Programme.objects.visible_to(user))
        )
        .select_related("programme")
        .order_by("-is_builtin", "name")
    )


def method_list(request: HttpRequest) -> HttpResponse:
    """The library of participatory methods; the team adds its programme's own methods."""
    programmes = _creatable_programmes(request.user)
    form = None
    if programmes:
        form = MethodForm(
            request.POST if request.method == "POST" else None,
            programmes=Programme.objects.filter(pk__in=[p.pk for p in programmes]),
        )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            method = services.create_method(
                programme=data["programme"],
                name=data["name"],
                description=data["description"],
                fields=data["fields_spec"],
                by=request.user,
            )
            messages.success(
                request, _("“%(method)s” added to the library.") % {"method": method.name}
            )
            return redirect(reverse("meetings:method_list") + f"#method-{method.key}")
    context = {"methods": list(_visible_methods(request.user)), "form": form}
    status = 400 if form is not None and form.errors else 200
    return render(request, "meetings/method_list.html", context, status=status)
