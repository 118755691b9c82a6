"""The list of good practices: published ones (anyone), one's drafts, the team's review queue;
filters by theme, territory and project; htmx partial; pages."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import permissions, queries
from ..forms import PracticeFilterForm
from ..models import GoodPractice
from .common import is_htmx, programmes_for_drafting

PAGE_SIZE = 20
PUBLISHED, MINE, REVIEW = "pubblicate", "mie", "da-revisionare"


def practice_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    can_review = permissions.can_see_review_queue(user)
    tabs = [PUBLISHED]
    if user.is_authenticated:
        tabs.append(MINE)
    if can_review:
        tabs.append(REVIEW)
    tab = request.GET.get("vista") or PUBLISHED
    if tab not in tabs:
        tab = PUBLISHED
    practices: QuerySet[GoodPractice]
    if tab == MINE:
        # One's own are visible to one by construction (authors, the project's coordinators).
        practices = queries.practices_of(user).order_by("-updated_at", "-pk")
    elif tab == REVIEW:
        practices = queries.to_review(user).order_by("submitted_at", "pk")
    else:
        practices = (
            GoodPractice.objects.visible_to(user).published().order_by("-published_at", "-pk")
        )
    form = PracticeFilterForm(request.GET or None, user=user)
    if form.is_bound:
        form.is_valid()  # the valid filters apply; the others are ignored (and said so)
        practices = queries.filter_practices(practices, form.cleaned_data)
    page = Paginator(queries.with_labels(practices), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "tab": tab,
        "tabs": tabs,
        "can_draft": bool(programmes_for_drafting(user)),
        "TAB_PUBLISHED": PUBLISHED,
        "TAB_MINE": MINE,
        "TAB_REVIEW": REVIEW,
    }
    name = "practices/practice_list.html"
    return render(request, f"{name}#results" if is_htmx(request) else name, context)
