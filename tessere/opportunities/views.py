"""The opportunities board: current ones and the archive (filters, htmx partial, pages), one
opportunity with its calendar file, posting, editing and withdrawing.

Who gets what (the permission matrix):
- board, archive, detail, ics: anyone, for what `visible_to` lets them see; an opportunity they
  may not see (not public, withdrawn, another programme's) is a 404.
- create: members of a programme (403 for an account without a role; anonymous to login).
- edit, withdraw (POST): the author, the programme team, the offering project's coordinators
  (403 for the others who can see it; 404 for those who cannot).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tessere.core.http import AuthenticatedRequest
from tessere.registry.models import Programme, member_programme_ids

from . import permissions, queries, services
from .forms import OpportunityFilterForm, OpportunityForm
from .ics import opportunity_calendar
from .models import Opportunity

PAGE_SIZE = 20


def _is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _programmes_for_posting(user: Any) -> list[Programme]:
    """The programmes a person may post in (the members' own; every one for superusers)."""
    if user is None or not user.is_authenticated:
        return []
    programmes = Programme.objects.order_by("title", "pk")
    if not user.is_superuser:
        programmes = programmes.filter(pk__in=member_programme_ids(user))
    return list(programmes)


def _listing(request: HttpRequest, *, archive: bool) -> HttpResponse:
    user = request.user
    show_near = user.is_authenticated
    form = OpportunityFilterForm(request.GET or None, show_near=show_near)
    visible = Opportunity.objects.visible_to(user).published()
    opportunities: QuerySet[Opportunity] = (
        visible.archived().order_by("-expires_on", "title", "pk")
        if archive
        else visible.current().order_by("expires_on", "title", "pk")
    )
    if form.is_bound:
        form.is_valid()
        # The valid filters apply; the others are ignored (and said so).
        opportunities = queries.filter_opportunities(opportunities, form.cleaned_data, user=user)
    near_missing = bool(
        form.is_bound and form.cleaned_data.get("near") and not queries.area_of_user(user)
    )
    page = Paginator(queries.with_labels(opportunities), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    can_post = user.is_authenticated and (user.is_superuser or bool(member_programme_ids(user)))
    context = {
        "form": form,
        "page": page,
        "archive": archive,
        "can_post": can_post,
        "near_missing": near_missing,
    }
    name = "opportunities/archive.html" if archive else "opportunities/board.html"
    return render(request, f"{name}#results" if _is_htmx(request) else name, context)


def board(request: HttpRequest) -> HttpResponse:
    return _listing(request, archive=False)


def archive(request: HttpRequest) -> HttpResponse:
    return _listing(request, archive=True)


def _visible(request: HttpRequest, slug: str) -> Opportunity:
    return get_object_or_404(
        queries.with_labels(Opportunity.objects.visible_to(request.user)), slug=slug
    )


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    opportunity = _visible(request, slug)
    can_edit = permissions.can_edit_opportunity(request.user, opportunity)
    context = {
        "opportunity": opportunity,
        "can_edit": can_edit,
        "can_withdraw": can_edit,
    }
    return render(request, "opportunities/detail.html", context)


def ics(request: HttpRequest, slug: str) -> HttpResponse:
    opportunity = _visible(request, slug)
    response = HttpResponse(
        opportunity_calendar(opportunity), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{opportunity.slug}.ics"'
    return response


@login_required
def create(request: AuthenticatedRequest) -> HttpResponse:
    programmes = _programmes_for_posting(request.user)
    if not programmes:
        raise PermissionDenied
    slug = request.GET.get("programme")
    programme = next((p for p in programmes if p.slug == slug), None) if slug else programmes[0]
    if programme is None or not permissions.can_post_opportunity(request.user, programme):
        raise PermissionDenied
    form = OpportunityForm(request.POST or None, programme=programme, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = services.create_opportunity(
                programme=programme, content=form.content_checked, by=request.user
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Opportunity posted on the board."))
            return redirect(opportunity)
    context = {"form": form, "programme": programme, "programmes": programmes}
    return render(request, "opportunities/form.html", context, status=400 if form.errors else 200)


@login_required
def edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    opportunity = get_object_or_404(
        Opportunity.objects.visible_to(request.user).select_related("programme"), slug=slug
    )
    if not permissions.can_edit_opportunity(request.user, opportunity):
        raise PermissionDenied
    form = OpportunityForm(
        request.POST or None,
        programme=opportunity.programme,
        user=request.user,
        instance=opportunity,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_opportunity(
                opportunity=opportunity, content=form.content_checked, by=request.user
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Opportunity saved."))
            return redirect(opportunity)
    context = {"form": form, "opportunity": opportunity, "programme": opportunity.programme}
    return render(request, "opportunities/form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def withdraw(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    opportunity = get_object_or_404(Opportunity.objects.visible_to(request.user), slug=slug)
    if not permissions.can_withdraw_opportunity(request.user, opportunity):
        raise PermissionDenied
    try:
        services.withdraw_opportunity(opportunity=opportunity, by=request.user)
    except ValidationError as exc:  # withdrawn meanwhile, by someone else
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "Opportunity withdrawn: it is no longer on the board, and calendars show it "
                "cancelled."
            ),
        )
    return redirect(opportunity)


def _errors_to_form(form: OpportunityForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)
