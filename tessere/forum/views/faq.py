"""The FAQ of a programme: the list (filtered by theme), one entry with its back-link to the
question it came from (only for people who may read that question), the team's edit form.

Who gets what (the permission matrix): published entries follow `FaqEntry.objects.visible_to`
(a public programme's FAQ is public); drafts and editing are the programme team's (403 for
the others who see the entry, 404 for those who do not).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tessere.core.http import AuthenticatedRequest
from tessere.registry.models import Programme, Theme

from ..forms_consult import FaqFilterForm, FaqForm
from ..models import FaqEntry, Topic
from ..permissions_consult import can_manage_faq
from ..services import faq as faq_services
from .moderation import errors_to_form

PAGE_SIZE = 30


def _is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _themes() -> Prefetch[Any]:
    return Prefetch("themes", queryset=Theme.objects.order_by("name"))


def faq_list(request: HttpRequest, programme_slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme.objects.visible_to(request.user), slug=programme_slug)
    visible = FaqEntry.objects.visible_to(request.user).filter(programme=programme)
    themes = Theme.objects.filter(faq_entries__in=visible).distinct().order_by("name")
    form = FaqFilterForm(request.GET or None, themes=themes)
    entries = visible
    theme = None
    if form.is_bound and form.is_valid():
        theme = form.cleaned_data["tema"]
        if theme is not None:
            entries = entries.filter(themes=theme)
    entries = entries.prefetch_related(_themes()).order_by("question", "pk")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "programme": programme,
        "form": form,
        "theme": theme,
        "page": page,
        "can_manage": can_manage_faq(request.user, programme),
    }
    name = "forum/faq_list.html"
    return render(request, f"{name}#results" if _is_htmx(request) else name, context)


def faq_entry(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(
        FaqEntry.objects.visible_to(request.user)
        .select_related("programme", "source_post")
        .prefetch_related(_themes()),
        pk=pk,
    )
    # The back-link only for people who may read the discussion it came from.
    source = None
    if entry.source_topic_id is not None:
        source = (
            Topic.objects.visible_to(request.user)
            .filter(pk=entry.source_topic_id)
            .only("pk", "title")
            .first()
        )
    source_post = entry.source_post if source is not None else None
    if source_post is not None and source_post.is_hidden:
        source_post = None
    context = {
        "entry": entry,
        "programme": entry.programme,
        "source": source,
        "source_post": source_post,
        "can_manage": can_manage_faq(request.user, entry.programme),
    }
    return render(request, "forum/faq_entry.html", context)


@login_required
def faq_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(
        FaqEntry.objects.visible_to(request.user).select_related("programme"), pk=pk
    )
    if not can_manage_faq(request.user, entry.programme):
        raise PermissionDenied
    initial = {
        "question": entry.question,
        "answer": entry.answer,
        "themes": list(entry.themes.all()),
        "is_published": entry.is_published,
    }
    form = FaqForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            faq_services.update_faq_entry(
                entry=entry,
                question=data["question"],
                answer=data["answer"],
                themes=data["themes"],
                is_published=data["is_published"],
                by=request.user,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("FAQ entry saved."))
            return redirect(entry)
    context = {"form": form, "entry": entry, "programme": entry.programme}
    status = 400 if form.errors else 200
    return render(request, "forum/faq_edit.html", context, status=status)
