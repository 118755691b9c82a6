"""The work repository's pages: the list (filters, htmx partial, pages), a document (preview,
facts, versions), depositing one, editing it, a new version of its file.

Who gets what (the permission matrix):
- list, detail: anyone, for what `Document.objects.visible_to` lets them see; a document of a
  space they may not read is a 404 (they do not learn it exists).
- create: whoever may write in a repository or in their project's space (403 for an account
  with no such space; anonymous to login).
- edit, new version: the depositor, the authors, the space's moderators (403 for the others
  who can see the document; 404 for those who cannot).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tessere.core.http import AuthenticatedRequest
from tessere.meetings.models import Meeting
from tessere.registry.permissions import is_member

from .. import permissions, queries, services
from ..forms import DocumentFilterForm, DocumentForm, VersionForm, initial_of
from ..models import Document

PAGE_SIZE = 20
EXCERPT_CHARS = 1200


def _is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _errors_to_form(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def document_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    spaces = queries.readable_spaces(user)
    visible = Document.objects.visible_to(user)
    form = DocumentFilterForm(
        request.GET or None, user=user, spaces=spaces, years=queries.years_of(visible)
    )
    documents: QuerySet[Document] = visible
    if form.is_bound:
        form.is_valid()
        documents = queries.filter_documents(documents, form.cleaned_data)
    page = Paginator(
        queries.for_listing(documents.order_by("-date", "-created_at", "-pk")), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    can_deposit = user.is_authenticated and any(
        permissions.can_deposit_in_space(user, space) for space in spaces
    )
    context = {"form": form, "page": page, "can_deposit": can_deposit}
    name = "documents/document_list.html"
    return render(request, f"{name}#results" if _is_htmx(request) else name, context)


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    document = get_object_or_404(queries.for_detail(Document.objects.visible_to(user)), pk=pk)
    version = document.current_version
    # A meeting of a private programme, a name of a member: shown only to who may see them.
    meeting = (
        document.meeting
        if document.meeting_id is not None
        and Meeting.objects.visible_to(user).filter(pk=document.meeting_id).exists()
        else None
    )
    sees_people = bool(is_member(user, document.space.programme))
    can_edit = permissions.can_edit_document(user, document)
    context: dict[str, Any] = {
        "document": document,
        "version": version,
        "versions": list(document.versions.all()),
        "meeting": meeting,
        "sees_people": sees_people,
        "authors": list(document.authors.all()),
        "can_edit": can_edit,
        "can_add_version": permissions.can_add_version(user, document),
        "excerpt": version.text[:EXCERPT_CHARS] if version is not None else "",
    }
    return render(request, "documents/document_detail.html", context)


@login_required
def document_create(request: AuthenticatedRequest) -> HttpResponse:
    spaces = queries.spaces_for_deposit(request.user)
    if not spaces:
        raise PermissionDenied
    initial: dict[str, Any] = {}
    wanted = request.GET.get("space")
    if wanted:
        chosen = next((s for s in spaces if s.slug == wanted), None)
        if chosen is not None:
            initial["space"] = chosen.pk
    elif len(spaces) == 1:
        initial["space"] = spaces[0].pk
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        spaces=spaces,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.create_document(
                space=form.cleaned_data["space"],
                content=form.content,
                upload=form.cleaned_data.get("file"),
                note=form.cleaned_data.get("note", ""),
                by=request.user,
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Document deposited in the repository."))
            return redirect(document)
    context = {"form": form, "document": None}
    return render(
        request, "documents/document_form.html", context, status=400 if form.errors else 200
    )


def _editable(request: AuthenticatedRequest, pk: int) -> Document:
    document = get_object_or_404(
        Document.objects.visible_to(request.user).select_related(
            "space__programme", "current_version"
        ),
        pk=pk,
    )
    if not permissions.can_edit_document(request.user, document):
        raise PermissionDenied
    return document


@login_required
def document_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = _editable(request, pk)
    form = DocumentForm(
        request.POST or None, user=request.user, document=document, initial=initial_of(document)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_document(document=document, content=form.content, by=request.user)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Document saved."))
            return redirect(document)
    context = {"form": form, "document": document}
    return render(
        request, "documents/document_form.html", context, status=400 if form.errors else 200
    )


@login_required
def document_new_version(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = _editable(request, pk)
    if not permissions.can_add_version(request.user, document):
        raise PermissionDenied
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.add_version(
                document=document,
                upload=form.cleaned_data["file"],
                note=form.cleaned_data.get("note", ""),
                by=request.user,
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("Version %(number)s uploaded: the previous ones stay in the history.")
                % {"number": version.number},
            )
            return redirect(document)
    context = {"form": form, "document": document}
    return render(
        request, "documents/version_form.html", context, status=400 if form.errors else 200
    )
