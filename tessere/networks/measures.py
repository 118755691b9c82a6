"""The measures of a network, computed with networkx, and their cache.

Headline figures: organisations, ties (pairs of organisations, however many ties join them),
density, number of components (weakly connected ones for a directed graph), average degree,
ties crossing projects (the two organisations share no project), ties crossing provinces (both
provinces known and different), the share of organisations tied to at least one organisation
of another project (a project they are not a partner of), the top brokers by betweenness.
Per organisation: degree and betweenness (normalised, 0 to 1). Per project: its ego network
(its partners and the organisations they are tied to). Per province: its organisations, the
ties among them and those leaving it.

Betweenness is exact up to BETWEENNESS_EXACT_LIMIT organisations. Above, it is estimated from
BETWEENNESS_SAMPLE source organisations drawn with a fixed seed (networkx `k=`, `seed=`): the
same network always gives the same figures and the brokers at the top are found reliably.
Exact betweenness costs one shortest-path search per organisation (O(n·m)): about 2 s for 800
organisations on the CI machine, hours for 10,000. With the sample, `make bench` measures the
whole of wave_measures() for 10,000 organisations and 45,000 ties at about 8 s cold and 40 ms
warm (cached). The result says which way it was computed (`betweenness_sample`).

Caching: the measures of a network are kept in Django's cache under a key made of the
programme, the wave, the filters and a fingerprint of the ties (how many, and the latest
change) and of the programme's partnerships (how many, the latest), so an edited, added or
removed tie or partner is a new key. (An organisation moving to another municipality is not
in the fingerprint: its province shows in the tables at once, in the measures within
CACHE_SECONDS.) A closed wave uses the snapshot stored
on it (`Wave.measures`, written by `wave_measures()` when the wave closes) when there is one.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx
from django.core.cache import cache

from tessere.registry.models import Programme

from . import queries
from .graph import Network, load_network
from .models import Wave
from .queries import NetworkFilters

MEASURES_VERSION = 1
BETWEENNESS_EXACT_LIMIT = 500
BETWEENNESS_SAMPLE = 100
BETWEENNESS_SEED = 20211
TOP_BROKERS = 10
CACHE_SECONDS = 24 * 3600  # the key changes with the ties and partners


def _round(value: float, digits: int = 4) -> float:
    return round(float(value), digits)


def betweenness(graph: nx.Graph) -> tuple[dict[Any, float], int | None]:
    """Normalised betweenness of every node, and the sample size when it was estimated."""
    n = graph.number_of_nodes()
    if n <= BETWEENNESS_EXACT_LIMIT:
        return nx.betweenness_centrality(graph, normalized=True), None
    sample = min(BETWEENNESS_SAMPLE, n)
    return nx.betweenness_centrality(
        graph, k=sample, normalized=True, seed=BETWEENNESS_SEED
    ), sample


def components(graph: nx.Graph) -> int:
    if graph.is_directed():
        return nx.number_weakly_connected_components(graph)
    return nx.number_connected_components(graph)


def _pairs(graph: nx.Graph) -> set[tuple[Any, Any]]:
    """Each pair of tied organisations once, whatever the direction of its arcs."""
    return {(u, v) if (str(u), u) <= (str(v), v) else (v, u) for u, v in graph.edges()}


def _neighbours(graph: nx.Graph, node: Any) -> set[Any]:
    if graph.is_directed():
        return set(graph.successors(node)) | set(graph.predecessors(node))
    return set(graph.neighbors(node))


def compute(graph: nx.Graph, *, project_labels: dict[int, str] | None = None) -> dict[str, Any]:
    """Every measure of one graph (built by graph.build_graph), JSON-serialisable: the keys
    of the per-organisation maps are strings."""
    n = graph.number_of_nodes()
    projects_of = {node: data.get("projects", frozenset()) for node, data in graph.nodes(data=True)}
    province_of = {node: data.get("province_id") for node, data in graph.nodes(data=True)}
    pairs = _pairs(graph)
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    degree = {node: len(_neighbours(graph, node)) for node in graph.nodes}
    between, sample = betweenness(undirected)

    cross_projects = sum(1 for u, v in pairs if not (projects_of[u] & projects_of[v]))
    cross_provinces = sum(
        1
        for u, v in pairs
        if province_of[u] and province_of[v] and province_of[u] != province_of[v]
    )
    tied_elsewhere = sum(
        1
        for node in graph.nodes
        if any(projects_of[other] - projects_of[node] for other in _neighbours(graph, node))
    )
    names = {node: data.get("name", str(node)) for node, data in graph.nodes(data=True)}
    brokers = sorted(
        (node for node in graph.nodes if between.get(node, 0) > 0),
        key=lambda node: (-between[node], names[node]),
    )[:TOP_BROKERS]
    return {
        "version": MEASURES_VERSION,
        "organisations": n,
        "ties": len(pairs),
        "density": _round(nx.density(undirected)) if n > 1 else 0.0,
        "components": components(graph),
        "isolated": sum(1 for d in degree.values() if d == 0),
        "average_degree": _round(2 * len(pairs) / n, 2) if n else 0.0,
        "cross_project_ties": cross_projects,
        "cross_province_ties": cross_provinces,
        "tied_to_other_project": tied_elsewhere,
        "tied_to_other_project_share": _round(tied_elsewhere / n) if n else 0.0,
        "betweenness_sample": sample,
        "brokers": [
            {
                "id": node,
                "name": names[node],
                "slug": graph.nodes[node].get("slug", ""),
                "degree": degree[node],
                "betweenness": _round(between[node], 6),
            }
            for node in brokers
        ],
        "degree": {str(node): value for node, value in degree.items()},
        "betweenness": {str(node): _round(value, 6) for node, value in between.items()},
        "projects": project_measures(graph, project_labels or {}),
        "provinces": province_measures(graph),
    }


def project_measures(graph: nx.Graph, labels: dict[int, str]) -> list[dict[str, Any]]:
    """Per project, its ego network: partners, the organisations they are tied to, ties among
    partners, ties to organisations outside the project, other projects reached."""
    members: dict[int, set[Any]] = {}
    for node, data in graph.nodes(data=True):
        for project in data.get("projects", ()):
            members.setdefault(project, set()).add(node)
    rows = []
    for project, partners in members.items():
        inside: set[frozenset[Any]] = set()
        outside: set[tuple[Any, Any]] = set()
        for partner in partners:
            for other in _neighbours(graph, partner):
                if other in partners:
                    inside.add(frozenset((partner, other)))
                else:
                    outside.add((partner, other))
        reached = {other for _partner, other in outside}
        others = set().union(*(graph.nodes[o].get("projects", ()) for o in reached)) - {project}
        size = len(partners)
        possible = size * (size - 1) / 2
        rows.append(
            {
                "id": project,
                "label": labels.get(project, str(project)),
                "organisations": size,
                "ego_organisations": size + len(reached),
                "ties_inside": len(inside),
                "ties_outside": len(outside),
                "density": _round(len(inside) / possible) if possible else 0.0,
                "other_projects_reached": len(others),
            }
        )
    return sorted(rows, key=lambda row: str(row["label"]).lower())


def province_measures(graph: nx.Graph) -> list[dict[str, Any]]:
    """Per province: its organisations, the ties among them, the ties leaving it."""
    names: dict[int, str] = {}
    counts: Counter[int] = Counter()
    for _node, data in graph.nodes(data=True):
        if province := data.get("province_id"):
            names[province] = data.get("province", "")
            counts[province] += 1
    inside: Counter[int] = Counter()
    leaving: Counter[int] = Counter()
    for u, v in _pairs(graph):
        pu, pv = graph.nodes[u].get("province_id"), graph.nodes[v].get("province_id")
        if pu and pu == pv:
            inside[pu] += 1
            continue
        for province in {pu, pv} - {None}:
            leaving[province] += 1
    rows = []
    for province, size in counts.items():
        possible = size * (size - 1) / 2
        rows.append(
            {
                "id": province,
                "name": names[province],
                "organisations": size,
                "ties_inside": inside[province],
                "ties_leaving": leaving[province],
                "density": _round(inside[province] / possible) if possible else 0.0,
            }
        )
    return sorted(rows, key=lambda row: str(row["name"]).lower())


# --- Cached measures of a programme's networks ----------------------------------------------
def _cache_key(programme: Programme, filters: NetworkFilters, print_: str) -> str:
    wave = f"w{filters.wave.pk}" if filters.wave else f"d{queries.today().isoformat()}"
    return (
        f"networks:measures:v{MEASURES_VERSION}:{programme.pk}:{wave}:"
        f"{filters.cache_part()}:{print_}"
    )


def _snapshot(filters: NetworkFilters) -> dict[str, Any] | None:
    wave = filters.wave
    if (
        wave is not None
        and filters.is_whole_network
        and wave.status == Wave.Status.CLOSED
        and (wave.measures or {}).get("version") == MEASURES_VERSION
    ):
        return wave.measures
    return None


def network_measures(
    programme: Programme, filters: NetworkFilters, *, network: Network | None = None
) -> dict[str, Any]:
    """The measures of the network the filters describe: a closed wave's snapshot, else the
    cache (one query for the fingerprint), else computed (and cached). Pass `network` when the
    caller has already loaded it, so a cache miss costs no more queries."""
    if (snapshot := _snapshot(filters)) is not None:
        return snapshot
    print_ = queries.fingerprint(programme, queries.ties_for(programme, filters))
    key = _cache_key(programme, filters, print_)
    found = cache.get(key)
    if found is not None:
        return dict(found)
    if network is None:
        network = load_network(programme, filters)
    result = compute(network.graph, project_labels=network.projects)
    cache.set(key, result, CACHE_SECONDS)
    return result


def wave_measures(wave: Wave) -> dict[str, Any]:
    """The measures of a wave's whole network (JSON-serialisable): what closing a wave stores
    in `Wave.measures` as its snapshot."""
    return network_measures(wave.programme, NetworkFilters(wave=wave))


HEADLINES = (
    "organisations",
    "ties",
    "density",
    "components",
    "average_degree",
    "cross_project_ties",
    "cross_province_ties",
    "tied_to_other_project_share",
)


def headline(measures: dict[str, Any]) -> dict[str, Any]:
    """The headline figures only (what the comparison and the summary show)."""
    return {key: measures.get(key) for key in HEADLINES}
