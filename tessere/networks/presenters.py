"""What the network pages show, computed from a loaded Network and its measures: the legend
(colour categories), the organisations' and ties' table rows, the map's JSON payload.

Colours are indexes into one palette shared by the map's script (networks/map.js) and its
stylesheet (networks/map.css, the legend's swatches): the largest categories get their own
colour, the rest share the last one ("other").
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from django.utils.translation import gettext as _

from tessere.registry.models import Organisation

from .graph import Network, edge_summary
from .models import TieKind, TieSource
from .queries import OrgRow

PALETTE_SIZE = 12  # keep in step with networks/map.js and networks/map.css
OTHER_COLOUR = PALETTE_SIZE - 1

KIND_LABELS = dict(TieKind.choices)
SOURCE_LABELS = dict(TieSource.choices)
ORG_KIND_LABELS = dict(Organisation.Kind.choices)


def labels(choices: dict[str, Any]) -> dict[str, str]:
    """Choice labels translated once per call (str() of a lazy label costs a lookup)."""
    return {key: str(label) for key, label in choices.items()}


@dataclass(frozen=True)
class LegendEntry:
    colour: int
    label: str
    count: int


@dataclass
class OrgLine:
    org: OrgRow
    projects: list[str]
    degree: int
    betweenness: float

    @property
    def kind_label(self) -> str:
        return str(ORG_KIND_LABELS.get(self.org.kind, self.org.kind))


@dataclass
class TieLine:
    source: OrgRow
    target: OrgRow
    kinds: list[str]
    strength: int
    sources: list[str]
    projects: list[str]
    directed: bool
    notes: list[str] = field(default_factory=list)


def category(
    network: Network, org: OrgRow, colour: str, org_kinds: dict[str, str] | None = None
) -> str:
    """The legend category of one organisation when colouring by `colour`."""
    if colour == "province":
        return org.province or _("province unknown")
    if colour == "kind":
        return (org_kinds or labels(ORG_KIND_LABELS)).get(org.kind, org.kind)
    projects = network.project_labels(org.projects)
    if len(projects) == 1:
        return projects[0]
    return _("several projects") if projects else _("no project")


def legend(network: Network, colour: str) -> tuple[list[LegendEntry], dict[int, int]]:
    """The legend entries and {organisation id: colour index}."""
    org_kinds = labels(ORG_KIND_LABELS)
    categories = {
        org.id: category(network, org, colour, org_kinds) for org in network.organisations.values()
    }
    counts = Counter(categories.values())
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].lower()))
    index: dict[str, int] = {}
    entries: list[LegendEntry] = []
    other = 0
    for position, (label, count) in enumerate(ranked):
        if position < OTHER_COLOUR or len(ranked) == PALETTE_SIZE:
            index[label] = position
            entries.append(LegendEntry(position, label, count))
        else:
            index[label] = OTHER_COLOUR
            other += count
    if other:
        entries.append(LegendEntry(OTHER_COLOUR, _("other"), other))
    return entries, {org_id: index[label] for org_id, label in categories.items()}


def org_lines(network: Network, measures: dict[str, Any]) -> list[OrgLine]:
    """The organisations, most tied first."""
    degree = measures.get("degree", {})
    between = measures.get("betweenness", {})
    lines = [
        OrgLine(
            org=org,
            projects=network.project_labels(org.projects),
            degree=int(degree.get(str(org.id), 0)),
            betweenness=float(between.get(str(org.id), 0.0)),
        )
        for org in network.organisations.values()
    ]
    lines.sort(key=lambda line: (-line.degree, -line.betweenness, line.org.name.lower()))
    return lines


def _direction(network: Network, ties: Iterable[int]) -> tuple[int, int] | None:
    """The one direction of a pair's directed ties (None if none, or both ways)."""
    by_id = network.ties_by_id
    arrows = {(by_id[pk].source_org, by_id[pk].target_org) for pk in ties if by_id[pk].directed}
    return next(iter(arrows)) if len(arrows) == 1 else None


def tie_lines(
    network: Network, notes: dict[int, str], *, limit: int | None = None
) -> list[TieLine]:
    """One line per tied pair of organisations, strongest first (the first `limit` only, when
    given); `notes` holds only the notes this person may read."""
    orgs = network.organisations
    entries = []
    for u, v, data in network.graph.edges(data=True):
        direction = _direction(network, data["ties"])
        source, target = direction or (u, v)
        if source not in orgs or target not in orgs:
            continue
        key = (-data["strength"], orgs[source].name.lower(), orgs[target].name.lower())
        entries.append((key, source, target, data, direction))
    if limit is None:
        entries.sort(key=itemgetter(0))
    else:
        entries = heapq.nsmallest(limit, entries, key=itemgetter(0))
    kinds, sources = labels(KIND_LABELS), labels(SOURCE_LABELS)
    lines = []
    for _key, source, target, data, direction in entries:
        summary = edge_summary(data)
        lines.append(
            TieLine(
                source=orgs[source],
                target=orgs[target],
                kinds=[kinds.get(kind, kind) for kind in summary["kinds"]],
                strength=summary["strength"],
                sources=[sources.get(s, s) for s in summary["sources"]],
                projects=network.project_labels(summary["projects"]),
                directed=direction is not None,
                notes=[notes[pk] for pk in summary["ties"] if pk in notes],
            )
        )
    return lines


def payload(
    network: Network,
    measures: dict[str, Any],
    *,
    colour: str,
    size: str,
    notes: dict[int, str],
    org_url: Callable[[str], str],
) -> dict[str, Any]:
    """The map's JSON: cytoscape elements (nodes with an initial position on a circle, so the
    layout starts from the same place every time), the legend and the headline measures."""
    entries, colours = legend(network, colour)
    degree = measures.get("degree", {})
    between = measures.get("betweenness", {})
    organisations = sorted(network.organisations.values(), key=lambda org: org.id)
    org_kinds = labels(ORG_KIND_LABELS)
    radius = 40 * math.sqrt(max(len(organisations), 1))
    nodes = []
    for position, org in enumerate(organisations):
        angle = 2 * math.pi * position / max(len(organisations), 1)
        nodes.append(
            {
                "data": {
                    "id": f"o{org.id}",
                    "label": org.name,
                    "url": org_url(org.slug),
                    "colour": colours.get(org.id, OTHER_COLOUR),
                    "degree": int(degree.get(str(org.id), 0)),
                    "betweenness": float(between.get(str(org.id), 0.0)),
                    "province": org.province,
                    "kind": org_kinds.get(org.kind, org.kind),
                    "projects": network.project_labels(org.projects),
                },
                "position": {
                    "x": round(radius * math.cos(angle), 1),
                    "y": round(radius * math.sin(angle), 1),
                },
            }
        )
    # Edges carry the codes of their kinds and sources (the labels once, under "labels"):
    # a network of 40,000 ties is a third lighter.
    edges = []
    orgs = network.organisations
    for u, v, data in network.graph.edges(data=True):
        direction = _direction(network, data["ties"])
        source, target = direction or (u, v)
        if source not in orgs or target not in orgs:
            continue
        summary = edge_summary(data)
        edge: dict[str, Any] = {
            "source": f"o{source}",
            "target": f"o{target}",
            "strength": summary["strength"],
            "kinds": summary["kinds"],
            "sources": summary["sources"],
            "projects": network.project_labels(summary["projects"]),
            "directed": direction is not None,
        }
        if found := [notes[pk] for pk in summary["ties"] if pk in notes]:
            edge["notes"] = found
        edges.append({"data": edge})
    return {
        "wave": network.filters.wave.label if network.filters.wave else None,
        "colour": colour,
        "size": size,
        "legend": [entry.__dict__ for entry in entries],
        "labels": {"kinds": labels(KIND_LABELS), "sources": labels(SOURCE_LABELS)},
        "nodes": nodes,
        "edges": edges,
        "measures": {
            key: measures.get(key)
            for key in (
                "organisations",
                "ties",
                "density",
                "components",
                "average_degree",
                "cross_project_ties",
                "cross_province_ties",
                "tied_to_other_project_share",
                "betweenness_sample",
            )
        },
    }
