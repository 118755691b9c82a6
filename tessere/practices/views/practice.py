"""One good practice: the record, drafting and editing one (versioned: a stale save keeps the
person's text), submitting it for review, and the programme team's review."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tessere.core.http import AuthenticatedRequest
from tessere.registry.permissions import is_member

from .. import permissions, queries, services
from ..documents import linked_documents
from ..forms import PracticeForm, ReviewForm
from ..models import GoodPractice
from .common import programmes_for_drafting


def _visible(request: HttpRequest) -> Any:
    return queries.with_labels(GoodPractice.objects.visible_to(request.user))


def _detail_context(request: HttpRequest, practice: GoodPractice) -> dict[str, Any]:
    user = request.user
    can_submit = permissions.can_submit_practice(user, practice)
    can_review = permissions.can_review_practice(user, practice)
    return {
        "practice": practice,
        "can_edit": permissions.can_edit_practice(user, practice),
        "can_submit": can_submit,
        "missing": services.missing_for_review(practice) if can_submit else [],
        "can_review": can_review,
        "documents": linked_documents(practice, user),
        # People are named to the members of their programme only (ARCHITECTURE.md).
        "show_authors": bool(is_member(user, practice.programme)),
    }


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    practice = get_object_or_404(
        _visible(request).select_related("reviewed_by").prefetch_related("authors"), pk=pk
    )
    context = _detail_context(request, practice)
    if context["can_review"]:
        context["review_form"] = ReviewForm()
    return render(request, "practices/practice_detail.html", context)


def _errors_to_form(form: PracticeForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def create(request: AuthenticatedRequest) -> HttpResponse:
    programmes = programmes_for_drafting(request.user)
    if not programmes:
        raise PermissionDenied
    slug = request.GET.get("programme")
    programme = next((p for p in programmes if p.slug == slug), None) if slug else programmes[0]
    if programme is None or not permissions.can_draft_practice(request.user, programme):
        raise PermissionDenied
    form = PracticeForm(request.POST or None, programme=programme, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.create_practice(
                programme=programme, content=form.content(), by=request.user
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Good practice saved as a draft. When it is complete, submit it: the "
                    "programme team reviews it before publication."
                ),
            )
            return redirect(practice)
    context = {"form": form, "programme": programme, "programmes": programmes}
    return render(
        request, "practices/practice_form.html", context, status=400 if form.errors else 200
    )


@login_required
def edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    practice = get_object_or_404(_visible(request).prefetch_related("authors"), pk=pk)
    if not permissions.can_edit_practice(request.user, practice):
        raise PermissionDenied
    programme = practice.programme
    form = PracticeForm(
        request.POST or None, programme=programme, user=request.user, instance=practice
    )
    conflict: GoodPractice | None = None
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version")
        try:
            updated = services.update_practice(
                practice=practice,
                content=form.content(),
                version=practice.version if version is None else version,
                by=request.user,
            )
        except services.StaleEdit as stale:
            # Nothing was written. The person keeps what they typed, sees what is saved now,
            # and may save again deliberately (at the current version).
            conflict = stale.current
            data = request.POST.copy()
            data["version"] = str(conflict.version)
            form = PracticeForm(data, programme=programme, user=request.user, instance=conflict)
            form.is_valid()
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Good practice saved."))
            return redirect(updated)
    context = {"form": form, "practice": practice, "programme": programme, "conflict": conflict}
    status = 409 if conflict is not None else 400 if form.errors else 200
    return render(request, "practices/practice_form.html", context, status=status)


@login_required
@require_POST
def submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    practice = get_object_or_404(
        GoodPractice.objects.visible_to(request.user).prefetch_related("authors"), pk=pk
    )
    if not permissions.can_submit_practice(request.user, practice):
        raise PermissionDenied
    try:
        services.submit_for_review(practice=practice, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Submitted: the programme team will review it and publish it or return it to you."),
        )
    return redirect(practice)


@login_required
@require_POST
def review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    practice = get_object_or_404(
        _visible(request).select_related("reviewed_by").prefetch_related("authors"), pk=pk
    )
    if not permissions.can_review_practice(request.user, practice):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == ReviewForm.PUBLISH:
                services.publish(practice=practice, by=request.user)
                messages.success(
                    request, _("Published: everybody who may see the programme can read it.")
                )
            else:
                services.return_to_authors(
                    practice=practice, comment=form.cleaned_data["comment"], by=request.user
                )
                messages.success(request, _("Returned to the authors with your comment."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(practice)
    # The comment typed stays in the form, with the message that says what is missing.
    context = _detail_context(request, practice)
    context["review_form"] = form
    return render(request, "practices/practice_detail.html", context, status=400)
