"""The search page (/cerca/): the header's box sends its words here.

Anyone may search, anonymous visitors included: each finds only what they may see (query.py).
The filters are swapped in by htmx (the results part of the page); without JavaScript the
form is a plain GET and every link (types, pages) is a real one.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tessere.registry.models import Project, Theme

from .forms import MAX_QUERY, SearchForm
from .query import Filters, search
from .text import query_terms


def _is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def results(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    for key in data:  # NUL bytes are nothing one can search for: dropped, never an error
        data.setlist(key, [v.replace("\x00", "") for v in data.getlist(key)])
    projects = dict(
        Project.objects.visible_to(request.user).order_by("acronym").values_list("pk", "acronym")
    )
    themes = list(Theme.objects.order_by("name").values_list("pk", "name"))
    form = SearchForm(data or None, projects=list(projects.items()), themes=themes)
    valid = form.is_valid() if form.is_bound else True
    cleaned = form.cleaned_data if form.is_bound else {}
    q = cleaned.get("q", "")
    terms = query_terms(q)
    filters = Filters(
        source=cleaned.get("type") or "",
        project_id=cleaned.get("project"),
        theme_id=cleaned.get("theme"),
        date_from=cleaned.get("date_from"),
        date_to=cleaned.get("date_to"),
    )
    outcome = (
        search(request.user, terms, filters, page_number=request.GET.get("page"), projects=projects)
        if terms
        else None
    )
    context = {
        "form": form,
        "filters_invalid": not valid,
        "q": q,
        "terms": terms,
        "trimmed": form.trimmed,
        "max_query": MAX_QUERY,
        "only_common_words": bool(q.strip()) and not terms,
        "outcome": outcome,
        "filters": filters,
    }
    template = "search/results.html#results" if _is_htmx(request) else "search/results.html"
    return render(request, template, context)
