"""The network as a networkx graph: organisations are nodes, ties between the same two
organisations are aggregated into one edge.

An edge carries the set of the ties' kinds, their strongest strength, the set of their sources,
the projects they relate to and the ids of the ties themselves. Undirected by default (the
measures treat every tie as a relation between two organisations); with `directed=True` a
referral is an arc from who refers to who receives, and a mutual tie two arcs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import networkx as nx

from tessere.registry.models import Programme

from . import queries
from .queries import NetworkFilters, OrgRow, TieRow


@dataclass
class Network:
    """One network as read from the database: its rows, and its graph."""

    programme: Programme
    filters: NetworkFilters
    organisations: dict[int, OrgRow]
    ties: list[TieRow]
    projects: dict[int, str]  # the programme's projects: {id: acronym}
    graph: nx.Graph

    def project_labels(self, ids: Iterable[int]) -> list[str]:
        """The acronyms of these projects, sorted (the same few sets recur: remembered)."""
        key = ids if isinstance(ids, frozenset) else frozenset(ids)
        found = self._project_labels.get(key)
        if found is None:
            found = sorted(self.projects[pk] for pk in key if pk in self.projects)
            self._project_labels[key] = found
        return found

    @cached_property
    def _project_labels(self) -> dict[frozenset[int], list[str]]:
        return {}

    @cached_property
    def ties_by_id(self) -> dict[int, TieRow]:
        return {tie.id: tie for tie in self.ties}


def _add_edge(
    graph: nx.Graph, source: int, target: int, tie: TieRow, *, directed_tie: bool
) -> None:
    if graph.has_edge(source, target):
        data = graph.edges[source, target]
        data["kinds"].add(tie.kind)
        data["sources"].add(tie.source)
        data["projects"].update(tie.projects)
        data["strength"] = max(data["strength"], tie.strength)
        data["ties"].append(tie.id)
        data["directed"] = data["directed"] or directed_tie
    else:
        graph.add_edge(
            source,
            target,
            kinds={tie.kind},
            sources={tie.source},
            projects=set(tie.projects),
            strength=tie.strength,
            ties=[tie.id],
            directed=directed_tie,
        )


def build_graph(
    ties: Iterable[TieRow],
    *,
    organisations: Mapping[int, OrgRow] | None = None,
    directed: bool = False,
) -> nx.Graph:
    """A graph of these ties (a DiGraph with `directed=True`). `organisations`, when given,
    adds every one of them as a node with its attributes, tied or not."""
    graph: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    for org in (organisations or {}).values():
        graph.add_node(
            org.id,
            name=org.name,
            slug=org.slug,
            kind=org.kind,
            municipality=org.municipality,
            province=org.province,
            province_id=org.province_id,
            projects=org.projects,
        )
    for tie in ties:
        if tie.source_org == tie.target_org:
            continue  # the database refuses them; a hand-made row should not loop either
        if directed and not tie.directed:
            _add_edge(graph, tie.source_org, tie.target_org, tie, directed_tie=False)
            _add_edge(graph, tie.target_org, tie.source_org, tie, directed_tie=False)
        else:
            _add_edge(graph, tie.source_org, tie.target_org, tie, directed_tie=tie.directed)
    # Ends of ties without a row (a hand-made graph) still get the attributes measures read.
    for node, data in graph.nodes(data=True):
        data.setdefault("projects", frozenset())
        data.setdefault("province_id", None)
        data.setdefault("province", "")
        data.setdefault("name", str(node))
    return graph


def load_network(
    programme: Programme,
    filters: NetworkFilters,
    *,
    directed: bool = False,
    projects: dict[int, str] | None = None,
) -> Network:
    """Read a network in a fixed number of queries (ties, their projects, organisations,
    partnerships, and the projects unless given: five) and build its graph."""
    ties_qs = queries.ties_for(programme, filters)
    ties = queries.load_ties(ties_qs)
    organisations = queries.load_organisations(programme, ties_qs, filters)
    if projects is None:
        projects = queries.programme_projects(programme)
    graph = build_graph(ties, organisations=organisations, directed=directed)
    return Network(
        programme=programme,
        filters=filters,
        organisations=organisations,
        ties=ties,
        projects=projects,
        graph=graph,
    )


def edge_summary(data: Mapping[str, Any]) -> dict[str, Any]:
    """An aggregated edge's attributes as sorted lists (for JSON, tables and exports)."""
    return {
        "kinds": sorted(data["kinds"]),
        "sources": sorted(data["sources"]),
        "projects": sorted(data["projects"]),
        "strength": data["strength"],
        "ties": list(data["ties"]),
        "directed": data["directed"],
    }
