"""The network pages: the map (with its table, summary and measures), its JSON, the comparison
of two waves, the exports, and one organisation's own network across waves.

Members of the programme only (permissions.is_network_member): anonymous visitors are sent to
log in, an account outside a public programme gets 403, a private programme is a 404. A tie's
note is shown (page, JSON, export) only to whom permissions.can_see_tie_note allows.
The survey pages (waves, answers, recorded ties) are in views_survey.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from tessere.core.csv import INTERCHANGE, csv_response
from tessere.core.http import AuthenticatedRequest
from tessere.registry.models import Organisation, Programme

from . import exports, permissions, presenters, queries
from .filters import NetworkFilterForm
from .graph import Network, load_network
from .measures import HEADLINES, network_measures
from .models import Tie, Wave
from .queries import NetworkFilters

TABLE_ROWS = 50  # rows of each table before "show all"
DIFF_ROWS = 100


def _is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _programme(request: AuthenticatedRequest, slug: str) -> Programme:
    """The programme, for its members only (a private one stays unknown to others)."""
    programme = get_object_or_404(Programme.objects.visible_to(request.user), slug=slug)
    if not permissions.is_network_member(request.user, programme):
        raise PermissionDenied
    return programme


@dataclass
class _Filtered:
    programme: Programme
    waves: list[Wave]
    form: NetworkFilterForm
    filters: NetworkFilters
    projects: dict[int, str]


def _filtered(request: AuthenticatedRequest, programme: Programme) -> _Filtered:
    waves = queries.waves_for(request.user, programme)
    projects = queries.programme_projects(programme)
    form = NetworkFilterForm(
        request.GET or None,
        waves=waves,
        projects=projects,
        provinces=queries.programme_provinces(programme),
        default=queries.default_wave(waves),
    )
    return _Filtered(programme, waves, form, form.network_filters(), projects)


def _load(state: _Filtered) -> tuple[Network, dict[str, Any]]:
    network = load_network(state.programme, state.filters, projects=state.projects)
    return network, network_measures(state.programme, state.filters, network=network)


def _visible_notes(user: Any, ties: QuerySet[Tie]) -> dict[int, str]:
    """{tie id: note} of these ties whose note this person may read (two queries)."""
    with_notes = ties.exclude(note="").values("pk")
    found = Tie.objects.filter(pk__in=with_notes).order_by("pk").prefetch_related("projects")
    return {tie.pk: tie.note for tie in found if permissions.can_see_tie_note(user, tie)}


def _network_notes(user: Any, programme: Programme, filters: NetworkFilters) -> dict[int, str]:
    return _visible_notes(user, queries.ties_for(programme, filters))


def _org_url(programme: Programme) -> Any:
    template = reverse("networks:org_network", args=[programme.slug, "org-slug-here"])
    return lambda slug: template.replace("org-slug-here", slug)


def _query(filters: NetworkFilters, **extra: str) -> str:
    return urlencode({**filters.query(), **{k: v for k, v in extra.items() if v}})


# --- The map -----------------------------------------------------------------------------
@login_required
@require_safe
def network_map(request: AuthenticatedRequest, programme_slug: str) -> HttpResponse:
    programme = _programme(request, programme_slug)
    state = _filtered(request, programme)
    network, measures = _load(state)
    notes = _network_notes(request.user, programme, state.filters)
    show_all = request.GET.get("all") == "1"
    organisations = presenters.org_lines(network, measures)
    ties = presenters.tie_lines(network, notes, limit=None if show_all else TABLE_ROWS)
    tie_count = network.graph.number_of_edges()
    legend, _colours = presenters.legend(network, state.form.colour_by)
    project_rows = measures.get("projects", [])
    province_rows = measures.get("provinces", [])
    longest = max(len(organisations), tie_count, len(project_rows), len(province_rows))
    query = _query(state.filters)
    context = {
        "programme": programme,
        "form": state.form,
        "filters": state.filters,
        "waves": state.waves,
        "measures": measures,
        "share_percent": round(100 * (measures.get("tied_to_other_project_share") or 0)),
        "legend": legend,
        "organisations": organisations if show_all else organisations[:TABLE_ROWS],
        "organisation_count": len(organisations),
        "ties": ties,
        "tie_count": tie_count,
        "show_notes": bool(notes),
        "show_all": show_all,
        "capped": not show_all and longest > TABLE_ROWS,
        "project_rows": project_rows if show_all else project_rows[:TABLE_ROWS],
        "province_rows": province_rows if show_all else province_rows[:TABLE_ROWS],
        "query": query,
        "graph_query": _query(state.filters, colour=state.form.colour_by, size=state.form.size_by),
    }
    template = "networks/map.html#results" if _is_htmx(request) else "networks/map.html"
    return render(request, template, context)


@login_required
@require_safe
def graph_json(request: AuthenticatedRequest, programme_slug: str) -> JsonResponse:
    programme = _programme(request, programme_slug)
    state = _filtered(request, programme)
    network, measures = _load(state)
    data = presenters.payload(
        network,
        measures,
        colour=state.form.colour_by,
        size=state.form.size_by,
        notes=_network_notes(request.user, programme, state.filters),
        org_url=_org_url(programme),
    )
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


# --- Exports -----------------------------------------------------------------------------
def _filename(programme: Programme, filters: NetworkFilters, suffix: str) -> str:
    wave = filters.wave.label if filters.wave else queries.today().isoformat()
    return f"{programme.slug}-{slugify(wave)}-{suffix}"


@login_required
@require_safe
def export_nodes(request: AuthenticatedRequest, programme_slug: str) -> HttpResponse:
    programme = _programme(request, programme_slug)
    state = _filtered(request, programme)
    network, measures = _load(state)
    return csv_response(
        _filename(programme, state.filters, "nodi.csv"),
        exports.NODE_HEADER,
        exports.node_rows(network, measures),
        dialect=INTERCHANGE,
    )


@login_required
@require_safe
def export_edges(request: AuthenticatedRequest, programme_slug: str) -> HttpResponse:
    programme = _programme(request, programme_slug)
    state = _filtered(request, programme)
    network = load_network(programme, state.filters, projects=state.projects)
    notes = _network_notes(request.user, programme, state.filters)
    return csv_response(
        _filename(programme, state.filters, "legami.csv"),
        exports.EDGE_HEADER,
        exports.edge_rows(network, notes),
        dialect=INTERCHANGE,
    )


@login_required
@require_safe
def export_graphml(request: AuthenticatedRequest, programme_slug: str) -> HttpResponse:
    programme = _programme(request, programme_slug)
    state = _filtered(request, programme)
    network, measures = _load(state)
    response = HttpResponse(
        exports.graphml(network, measures), content_type="application/graphml+xml"
    )
    name = _filename(programme, state.filters, "rete.graphml")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Comparing two waves -----------------------------------------------------------------
@dataclass
class PairLine:
    source: tuple[str, str]  # (name, slug)
    target: tuple[str, str]
    before: int | None
    after: int | None


def _pair_lines(
    pairs: list[tuple[int, int]],
    before: dict[tuple[int, int], int],
    after: dict[tuple[int, int], int],
    names: dict[int, tuple[str, str]],
) -> list[PairLine]:
    lines = [
        PairLine(names[u], names[v], before.get((u, v)), after.get((u, v)))
        for u, v in pairs
        if u in names and v in names
    ]
    return sorted(lines, key=lambda line: (line.source[0].lower(), line.target[0].lower()))


@login_required
@require_safe
def compare(request: AuthenticatedRequest, programme_slug: str) -> HttpResponse:
    programme = _programme(request, programme_slug)
    waves = queries.waves_for(request.user, programme)
    by_label = {wave.label: wave for wave in waves}
    latest = queries.default_wave(waves)
    earlier = [wave for wave in waves if latest and wave.opens_on < latest.opens_on]
    defaults = (earlier[-1] if earlier else latest, latest)
    chosen: list[Wave | None] = []
    for param, default in zip(("a", "b"), defaults, strict=True):
        label = request.GET.get(param, "")
        if label and label not in by_label:
            messages.warning(
                request,
                _("There is no wave “%(label)s”: the comparison shows %(default)s instead.")
                % {"label": label[:20], "default": default.label if default else "—"},
            )
        chosen.append(by_label.get(label, default))
    wave_a, wave_b = chosen
    context: dict[str, Any] = {
        "programme": programme,
        "waves": waves,
        "a": wave_a,
        "b": wave_b,
        "show_all": request.GET.get("all") == "1",
    }
    if wave_a is not None and wave_b is not None:
        measures_a = network_measures(programme, NetworkFilters(wave=wave_a))
        measures_b = network_measures(programme, NetworkFilters(wave=wave_b))
        context["headlines"] = [
            {
                "key": key,
                "a": measures_a.get(key),
                "b": measures_b.get(key),
                "change": _change(measures_a.get(key), measures_b.get(key)),
            }
            for key in HEADLINES
        ]
        before = queries.pairs_of(queries.ties_for(programme, NetworkFilters(wave=wave_a)))
        after = queries.pairs_of(queries.ties_for(programme, NetworkFilters(wave=wave_b)))
        new = sorted(set(after) - set(before))
        lost = sorted(set(before) - set(after))
        stronger = sorted(pair for pair in set(before) & set(after) if after[pair] > before[pair])
        limit = None if context["show_all"] else DIFF_ROWS
        shown = [group[:limit] for group in (new, lost, stronger)]
        names = queries.names_of({org for group in shown for pair in group for org in pair})
        context.update(
            {
                "new": _pair_lines(shown[0], before, after, names),
                "lost": _pair_lines(shown[1], before, after, names),
                "stronger": _pair_lines(shown[2], before, after, names),
                "counts": {"new": len(new), "lost": len(lost), "stronger": len(stronger)},
                "capped": limit is not None and max(len(new), len(lost), len(stronger)) > limit,
            }
        )
    return render(request, "networks/compare.html", context)


def _change(a: Any, b: Any) -> Any:
    if isinstance(a, int | float) and isinstance(b, int | float):
        change = b - a
        return round(change, 4) if isinstance(change, float) else change
    return None


# --- One organisation's network ----------------------------------------------------------
@dataclass
class WaveLine:
    wave: Wave | None
    ties: int
    degree: int
    betweenness: float
    new: list[tuple[str, str]]
    lost: list[tuple[str, str]]


@login_required
@require_safe
def org_network(request: AuthenticatedRequest, programme_slug: str, org_slug: str) -> HttpResponse:
    programme = _programme(request, programme_slug)
    organisation = get_object_or_404(
        Organisation.objects.visible_to(request.user).select_related("municipality__parent"),
        slug=org_slug,
    )
    waves = queries.waves_for(request.user, programme)
    label = request.GET.get("wave", "")
    selected = next((w for w in waves if w.label == label), None) or queries.default_wave(waves)
    # The organisation's ties in every wave (one query each: there are a handful of waves).
    per_wave: list[tuple[Wave | None, list[queries.TieRow]]] = []
    notes: dict[int, str] = {}
    every: list[Wave | None] = list(waves) or [None]
    for wave in every:
        ties = queries.organisation_ties(programme, NetworkFilters(wave=wave), organisation)
        if wave == selected:
            per_wave.append((wave, queries.load_ties(ties)))
            notes = _visible_notes(request.user, ties)
        else:
            per_wave.append((wave, queries.load_ties(ties, with_projects=False)))
    neighbours = [_neighbours(rows, organisation.pk) for _wave, rows in per_wave]
    names = queries.names_of(set().union(*neighbours))
    lines = []
    for index, (wave, rows) in enumerate(per_wave):
        measures = network_measures(programme, NetworkFilters(wave=wave))
        previous = neighbours[index - 1] if index else None
        lines.append(
            WaveLine(
                wave=wave,
                ties=len(rows),
                degree=len(neighbours[index]),
                betweenness=float(measures.get("betweenness", {}).get(str(organisation.pk), 0)),
                new=_named(neighbours[index] - previous, names) if previous is not None else [],
                lost=_named(previous - neighbours[index], names) if previous is not None else [],
            )
        )
    selected_rows = next((rows for wave, rows in per_wave if wave == selected), [])
    projects = queries.programme_projects(programme)
    context = {
        "programme": programme,
        "organisation": organisation,
        "waves": waves,
        "selected": selected,
        "lines": lines,
        "ties": _ego_lines(selected_rows, organisation.pk, names, projects, notes),
        "show_notes": bool(notes),
    }
    return render(request, "networks/org_network.html", context)


def _neighbours(rows: list[queries.TieRow], org_id: int) -> set[int]:
    return {row.target_org if row.source_org == org_id else row.source_org for row in rows}


def _named(ids: set[int], names: dict[int, tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted((names[pk] for pk in ids if pk in names), key=lambda item: item[0].lower())


@dataclass
class EgoLine:
    other: tuple[str, str]
    kind: str
    strength: int
    source: str
    direction: str  # "out", "in" or ""
    projects: list[str]
    note: str


def _ego_lines(
    rows: list[queries.TieRow],
    org_id: int,
    names: dict[int, tuple[str, str]],
    projects: dict[int, str],
    notes: dict[int, str],
) -> list[EgoLine]:
    lines = []
    for row in rows:
        other = row.target_org if row.source_org == org_id else row.source_org
        if other not in names:
            continue
        direction = ""
        if row.directed:
            direction = "out" if row.source_org == org_id else "in"
        lines.append(
            EgoLine(
                other=names[other],
                kind=str(presenters.KIND_LABELS.get(row.kind, row.kind)),
                strength=row.strength,
                source=str(presenters.SOURCE_LABELS.get(row.source, row.source)),
                direction=direction,
                projects=sorted(projects[pk] for pk in row.projects if pk in projects),
                note=notes.get(row.id, ""),
            )
        )
    return sorted(lines, key=lambda line: (line.other[0].lower(), -line.strength, line.kind))
