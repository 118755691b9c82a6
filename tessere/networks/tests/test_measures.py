"""The measures against small graphs computed by hand, and their cache per wave.

Betweenness is networkx's normalised one: the share of the pairs of other nodes whose shortest
paths go through a node, divided by (n-1)(n-2)/2 for an undirected graph.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import Personas
from tessere.networks import measures
from tessere.networks.graph import build_graph
from tessere.networks.models import TieKind, TieSource, Wave
from tessere.networks.queries import OrgRow, TieRow
from tessere.registry.tests import factories as f

from . import graph_factories as gf

_ids = iter(range(1, 10_000))


def tie(a: int, b: int, **extra: Any) -> TieRow:
    values: dict[str, Any] = {
        "kind": TieKind.JOINT_ACTIVITY,
        "strength": 1,
        "directed": False,
        "source": TieSource.RECORDED,
        "note": "",
    }
    values.update(extra)
    return TieRow(id=next(_ids), source_org=a, target_org=b, **values)


def org(pk: int, *, projects: Iterable[int] = (), province: int | None = None) -> OrgRow:
    return OrgRow(
        id=pk,
        name=f"Org {pk}",
        slug=f"org-{pk}",
        kind="association",
        municipality="",
        province_id=province,
        province=f"Province {province}" if province else "",
        projects=frozenset(projects),
    )


def measured(ties: list[TieRow], orgs: list[OrgRow] | None = None) -> dict[str, Any]:
    graph = build_graph(ties, organisations={o.id: o for o in orgs or []})
    return measures.compute(graph)


# --- Hand-computed graphs ----------------------------------------------------------------
def test_a_path_of_four_organisations() -> None:
    # 1 — 2 — 3 — 4: 3 ties of 6 possible; 2 and 3 each lie on 2 of the 3 pairs of others.
    result = measured([tie(1, 2), tie(2, 3), tie(3, 4)])

    assert result["organisations"] == 4
    assert result["ties"] == 3
    assert result["density"] == 0.5
    assert result["components"] == 1
    assert result["average_degree"] == 1.5
    assert result["degree"] == {"1": 1, "2": 2, "3": 2, "4": 1}
    assert result["betweenness"] == {"1": 0.0, "2": 0.666667, "3": 0.666667, "4": 0.0}
    assert [b["id"] for b in result["brokers"]] == [2, 3]
    assert result["betweenness_sample"] is None


def test_a_star_has_its_centre_on_every_path() -> None:
    # Centre 0 and four leaves: 4 ties of 10; the centre is on all 6 pairs of leaves.
    result = measured([tie(0, leaf) for leaf in (1, 2, 3, 4)])

    assert result["density"] == 0.4
    assert result["components"] == 1
    assert result["average_degree"] == 1.6
    assert result["degree"]["0"] == 4
    assert result["betweenness"]["0"] == 1.0
    assert {result["betweenness"][str(leaf)] for leaf in (1, 2, 3, 4)} == {0.0}


def test_two_components_and_an_isolated_organisation() -> None:
    # 1 — 2 and the triangle 3, 4, 5, plus organisation 6 with no tie: 4 ties of 15.
    result = measured(
        [tie(1, 2), tie(3, 4), tie(4, 5), tie(5, 3)], orgs=[org(pk) for pk in range(1, 7)]
    )

    assert result["organisations"] == 6
    assert result["components"] == 3
    assert result["isolated"] == 1
    assert result["density"] == round(4 / 15, 4)
    assert result["average_degree"] == round(8 / 6, 2)
    assert set(result["betweenness"].values()) == {0.0}
    assert result["brokers"] == []


def test_a_triangle_with_a_pendant() -> None:
    # Triangle 1, 2, 3 and 4 hanging on 3: 4 ties of 6; 3 is on the paths 1–4 and 2–4.
    result = measured([tie(1, 2), tie(2, 3), tie(3, 1), tie(3, 4)])

    assert result["density"] == 0.6667
    assert result["components"] == 1
    assert result["average_degree"] == 2.0
    assert result["degree"] == {"1": 2, "2": 2, "3": 3, "4": 1}
    assert result["betweenness"]["3"] == 0.666667
    assert (
        result["betweenness"]["1"]
        == result["betweenness"]["2"]
        == result["betweenness"]["4"]
        == 0.0
    )


def test_ties_crossing_projects_and_provinces() -> None:
    # Project 10: 1, 2, 3; project 20: 4. Province 1: 1, 2; province 2: 3, 4.
    orgs = [
        org(1, projects={10}, province=1),
        org(2, projects={10}, province=1),
        org(3, projects={10}, province=2),
        org(4, projects={20}, province=2),
    ]
    result = measured([tie(1, 2), tie(2, 3), tie(3, 1), tie(3, 4)], orgs)

    assert result["cross_project_ties"] == 1  # 3 — 4
    assert result["cross_province_ties"] == 2  # 1 — 3 and 2 — 3
    assert result["tied_to_other_project"] == 2  # 3 (to 4) and 4 (to 3)
    assert result["tied_to_other_project_share"] == 0.5
    assert result["provinces"] == [
        {
            "id": 1,
            "name": "Province 1",
            "organisations": 2,
            "ties_inside": 1,
            "ties_leaving": 2,
            "density": 1.0,
        },
        {
            "id": 2,
            "name": "Province 2",
            "organisations": 2,
            "ties_inside": 1,
            "ties_leaving": 2,
            "density": 1.0,
        },
    ]


def test_per_project_ego_networks() -> None:
    orgs = [
        org(1, projects={10}),
        org(2, projects={10}),
        org(3, projects={10}),
        org(4, projects={20}),
    ]
    graph = build_graph(
        [tie(1, 2), tie(2, 3), tie(3, 1), tie(3, 4)], organisations={o.id: o for o in orgs}
    )

    rows = {row["label"]: row for row in measures.project_measures(graph, {10: "A", 20: "B"})}

    assert rows["A"] == {
        "id": 10,
        "label": "A",
        "organisations": 3,
        "ego_organisations": 4,
        "ties_inside": 3,
        "ties_outside": 1,
        "density": 1.0,
        "other_projects_reached": 1,
    }
    assert rows["B"]["ties_inside"] == 0
    assert rows["B"]["ties_outside"] == 1
    assert rows["B"]["ego_organisations"] == 2


def test_an_organisation_in_two_projects_joins_them_without_crossing() -> None:
    # 3 is in both projects: its tie to 4 does not cross; 1 and 2 reach project 20 through 3.
    orgs = [org(1, projects={10}), org(2, projects={10}), org(3, projects={10, 20})]
    orgs.append(org(4, projects={20}))
    result = measured([tie(1, 2), tie(2, 3), tie(3, 1), tie(3, 4)], orgs)

    assert result["cross_project_ties"] == 0
    assert result["tied_to_other_project"] == 3  # 1, 2 (through 3's project 20) and 4
    assert result["tied_to_other_project_share"] == 0.75


def test_ties_between_the_same_two_organisations_are_one_edge() -> None:
    graph = build_graph(
        [
            tie(1, 2, kind=TieKind.REFERRAL, strength=1, directed=True),
            tie(2, 1, kind=TieKind.CO_DESIGN, strength=3, source=TieSource.DECLARED),
        ]
    )

    assert graph.number_of_edges() == 1
    edge = graph.edges[1, 2]
    assert edge["kinds"] == {TieKind.REFERRAL, TieKind.CO_DESIGN}
    assert edge["strength"] == 3
    assert edge["sources"] == {TieSource.RECORDED, TieSource.DECLARED}
    assert len(edge["ties"]) == 2


def test_a_directed_graph_counts_weak_components_and_mutual_ties_both_ways() -> None:
    graph = build_graph(
        [tie(1, 2, kind=TieKind.REFERRAL, directed=True), tie(2, 3), tie(4, 5)], directed=True
    )

    assert graph.has_edge(1, 2) and not graph.has_edge(2, 1)
    assert graph.has_edge(2, 3) and graph.has_edge(3, 2)
    result = measures.compute(graph)
    assert result["components"] == 2
    assert result["ties"] == 3
    assert result["degree"] == {"1": 1, "2": 2, "3": 1, "4": 1, "5": 1}


def test_betweenness_is_estimated_with_a_fixed_seed_above_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(measures, "BETWEENNESS_EXACT_LIMIT", 5)
    monkeypatch.setattr(measures, "BETWEENNESS_SAMPLE", 4)
    ties = [tie(i, i + 1) for i in range(12)] + [tie(0, 6), tie(3, 9)]

    first = measured(ties)
    second = measured(ties)

    assert first["betweenness_sample"] == 4
    assert first["betweenness"] == second["betweenness"]
    assert first["brokers"] == second["brokers"]


def test_an_empty_network_has_no_measures_to_divide_by_zero() -> None:
    result = measured([])

    assert result["organisations"] == 0
    assert result["density"] == 0.0
    assert result["average_degree"] == 0.0
    assert result["tied_to_other_project_share"] == 0.0


def test_the_measures_are_json_serialisable() -> None:
    import json

    result = measured([tie(1, 2), tie(2, 3)], [org(1, projects={1}, province=3)])

    assert json.loads(json.dumps(result)) == result


# --- Per wave, cached ----------------------------------------------------------------------
def _small_network(personas: Personas) -> tuple[Wave, list[Any]]:
    orgs = f.project_organisations(personas.project) + f.project_organisations(
        personas.other_project
    )
    wave = gf.make_wave(personas.programme, label="T0")
    gf.make_tie(personas.programme, orgs[0], orgs[1], wave=wave)
    gf.make_tie(personas.programme, orgs[1], orgs[4], strength=2)
    return wave, orgs


def test_wave_measures_are_computed_from_the_waves_ties(personas: Personas) -> None:
    wave, _orgs = _small_network(personas)

    result = measures.wave_measures(wave)

    assert result["ties"] == 2
    assert result["organisations"] == 8  # the partners of both projects
    assert result["cross_project_ties"] == 1


def test_a_second_request_is_served_from_the_cache(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    wave, _orgs = _small_network(personas)
    first = measures.wave_measures(wave)

    def fail(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("computed again")

    monkeypatch.setattr(measures, "compute", fail)
    with CaptureQueriesContext(connection) as ctx:
        second = measures.wave_measures(wave)

    assert second == first
    assert len(ctx.captured_queries) == 1  # the fingerprint of the ties, nothing else


def test_changing_a_tie_computes_the_measures_again(personas: Personas) -> None:
    wave, orgs = _small_network(personas)
    assert measures.wave_measures(wave)["ties"] == 2

    gf.make_tie(personas.programme, orgs[2], orgs[5])
    assert measures.wave_measures(wave)["ties"] == 3

    tie_ = wave.programme.ties.get(source_org=orgs[2])
    tie_.target_org = orgs[0]
    tie_.save()
    assert measures.wave_measures(wave)["cross_project_ties"] == 1

    tie_.delete()
    assert measures.wave_measures(wave)["ties"] == 2


def test_a_closed_wave_uses_its_snapshot(personas: Personas) -> None:
    wave, _orgs = _small_network(personas)
    snapshot = measures.wave_measures(wave) | {"organisations": 999}
    wave.status = Wave.Status.CLOSED
    wave.measures = snapshot
    wave.save()

    with CaptureQueriesContext(connection) as ctx:
        result = measures.wave_measures(wave)

    assert result["organisations"] == 999
    assert len(ctx.captured_queries) == 0


def test_a_closed_wave_without_a_snapshot_is_computed(personas: Personas) -> None:
    wave, _orgs = _small_network(personas)
    wave.status = Wave.Status.CLOSED
    wave.save()

    assert measures.wave_measures(wave)["ties"] == 2


def test_a_draft_answer_does_not_count(personas: Personas) -> None:
    wave, orgs = _small_network(personas)
    draft = gf.answer(wave, orgs[5])
    draft.status = draft.Status.DRAFT
    draft.save()
    gf.make_tie(personas.programme, orgs[5], orgs[6], wave=wave)

    assert measures.wave_measures(wave)["ties"] == 2


def test_a_new_partner_computes_the_measures_again(personas: Personas) -> None:
    wave, _orgs = _small_network(personas)
    assert measures.wave_measures(wave)["organisations"] == 8

    gf.partner(personas.project)

    assert measures.wave_measures(wave)["organisations"] == 9
