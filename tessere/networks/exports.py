"""Exports of a network for Gephi, Kumu and any tool reading GraphML.

- Nodes CSV: `Id, Label, Type, Province, Municipality, Projects, Degree, Betweenness`. Gephi's
  spreadsheet import reads `Id` and `Label`; Kumu reads `Label` and `Type` (the element type:
  here the organisation type) and keeps the rest as fields.
- Edges CSV: one row per tie, `Source, Target` (organisation ids, for Gephi), `From, To`
  (organisation names: Kumu connects elements by their label), `Type` (`Undirected` or
  `Directed`, as Gephi wants; Kumu shows it as the connection type), `Direction` (Kumu:
  `directed` or `undirected`), `Weight` (the strength, 1 to 3), `Kind`, `Source_of_tie`,
  `Wave`, `Projects` (acronyms separated by `|`, Kumu's separator for several values) and
  `Note` (only the notes this person may read; empty otherwise).
- Both CSVs are comma-separated with a decimal point and no byte-order mark
  (core.csv.INTERCHANGE); a cell that would be a formula in a spreadsheet starts with `'`.
- GraphML (networkx.write_graphml): one edge per pair of organisations (the ties aggregated:
  `weight` the strongest, `kinds`, `sources` and `projects` joined by `|`, `ties` how many),
  node attributes `label, type, province, municipality, projects, degree, betweenness`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import networkx as nx

from .graph import Network, edge_summary
from .presenters import KIND_LABELS, ORG_KIND_LABELS, SOURCE_LABELS, labels

NODE_HEADER = [
    "Id",
    "Label",
    "Type",
    "Province",
    "Municipality",
    "Projects",
    "Degree",
    "Betweenness",
]
EDGE_HEADER = [
    "Source",
    "Target",
    "From",
    "To",
    "Type",
    "Direction",
    "Weight",
    "Kind",
    "Source_of_tie",
    "Wave",
    "Projects",
    "Note",
]


def node_rows(network: Network, measures: dict[str, Any]) -> Iterator[list[Any]]:
    degree = measures.get("degree", {})
    between = measures.get("betweenness", {})
    org_kinds = labels(ORG_KIND_LABELS)
    for org in network.organisations.values():
        yield [
            org.id,
            org.name,
            org_kinds.get(org.kind, org.kind),
            org.province,
            org.municipality,
            "|".join(network.project_labels(org.projects)),
            int(degree.get(str(org.id), 0)),
            float(between.get(str(org.id), 0.0)),
        ]


def edge_rows(network: Network, notes: dict[int, str]) -> Iterator[list[Any]]:
    orgs = network.organisations
    wave = network.filters.wave.label if network.filters.wave else ""
    kinds, sources = labels(KIND_LABELS), labels(SOURCE_LABELS)
    for tie in network.ties:
        source, target = orgs.get(tie.source_org), orgs.get(tie.target_org)
        if source is None or target is None:
            continue
        yield [
            source.id,
            target.id,
            source.name,
            target.name,
            "Directed" if tie.directed else "Undirected",
            "directed" if tie.directed else "undirected",
            tie.strength,
            kinds.get(tie.kind, tie.kind),
            sources.get(tie.source, tie.source),
            wave,
            "|".join(network.project_labels(tie.projects)),
            notes.get(tie.id, ""),
        ]


def graphml(network: Network, measures: dict[str, Any]) -> bytes:
    """The aggregated network as GraphML (attributes as strings and numbers only)."""
    degree = measures.get("degree", {})
    between = measures.get("betweenness", {})
    org_kinds = labels(ORG_KIND_LABELS)
    kinds, sources = labels(KIND_LABELS), labels(SOURCE_LABELS)
    out = nx.Graph(
        programme=network.programme.title,
        wave=network.filters.wave.label if network.filters.wave else "",
    )
    for org in network.organisations.values():
        out.add_node(
            org.id,
            label=org.name,
            type=org_kinds.get(org.kind, org.kind),
            province=org.province or "",
            municipality=org.municipality or "",
            projects="|".join(network.project_labels(org.projects)),
            degree=int(degree.get(str(org.id), 0)),
            betweenness=float(between.get(str(org.id), 0.0)),
        )
    for u, v, data in network.graph.edges(data=True):
        if u not in network.organisations or v not in network.organisations:
            continue
        summary = edge_summary(data)
        out.add_edge(
            u,
            v,
            weight=int(summary["strength"]),
            kinds="|".join(kinds.get(k, k) for k in summary["kinds"]),
            sources="|".join(sources.get(s, s) for s in summary["sources"]),
            projects="|".join(network.project_labels(summary["projects"])),
            ties=len(summary["ties"]),
        )
    buffer = io.BytesIO()
    nx.write_graphml(out, buffer, encoding="utf-8")
    return buffer.getvalue()
