"""Exports for Gephi, Kumu and GraphML readers: their headers, the same filters as the map,
formulas neutralised, notes only for who may read them, members only."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import networkx as nx
import pytest
from django.test import Client
from django.urls import reverse

from conftest import Personas
from tessere.accounts.models import User
from tessere.core.csv import BOM
from tessere.core.testing import assert_max_queries_stable, is_login_redirect
from tessere.networks.exports import EDGE_HEADER, NODE_HEADER
from tessere.networks.models import TieKind

from . import graph_factories as gf

LoginAs = Callable[[User | None], Client]
EXPORTS = ["export_nodes", "export_edges", "export_graphml"]
# Session, user, programme, membership (2), waves, projects, provinces, the network (4),
# the fingerprint; the edges add the notes this person may read (4).
BUDGETS = {"export_nodes": 13, "export_edges": 16, "export_graphml": 13}
INJECTION = '=HYPERLINK("http://evil.example","clic")'


@pytest.fixture
def world(personas: Personas) -> gf.SmallWorld:
    return gf.small_world(personas)


def url(world: gf.SmallWorld, name: str, query: str = "") -> str:
    return reverse(f"networks:{name}", args=[world.programme.slug]) + (f"?{query}" if query else "")


def read_csv(client: Client, address: str) -> list[dict[str, str]]:
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert not text.startswith(BOM)  # Gephi would read it into the first column's name
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("name", EXPORTS)
def test_exports_are_for_members_only(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs, name: str
) -> None:
    assert is_login_redirect(login_as(None).get(url(world, name)))
    assert login_as(personas.outsider).get(url(world, name)).status_code == 403
    assert login_as(personas.other_representative).get(url(world, name)).status_code == 200


def test_the_nodes_csv_has_gephi_and_kumu_headers(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    client = login_as(personas.representative)
    response = client.get(url(world, "export_nodes"))

    header = response.content.decode().splitlines()[0]
    assert header == ",".join(NODE_HEADER)
    assert header.startswith("Id,Label,Type,Province")
    rows = read_csv(client, url(world, "export_nodes"))
    assert len(rows) == 8
    a1 = next(row for row in rows if row["Id"] == str(world.a[1].pk))
    assert a1["Label"] == world.a[1].name
    assert a1["Province"] == "Cuneo"
    assert a1["Projects"] == "Ubuntu"
    assert a1["Degree"] == "2"
    assert "," not in a1["Betweenness"]  # a decimal point, as Gephi reads numbers
    assert float(a1["Betweenness"]) > 0
    assert "attachment" in response["Content-Disposition"]
    assert "-t1-nodi.csv" in response["Content-Disposition"]


def test_the_edges_csv_has_one_row_per_tie_with_wave_kind_and_source(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    client = login_as(personas.representative)
    response = client.get(url(world, "export_edges"))

    assert response.content.decode().splitlines()[0] == ",".join(EDGE_HEADER)
    rows = read_csv(client, url(world, "export_edges"))
    assert len(rows) == 4
    referral = next(row for row in rows if row["Type"] == "Directed")
    assert referral["Source"] == str(world.a[2].pk)
    assert referral["Target"] == str(world.b[2].pk)
    assert referral["From"] == world.a[2].name
    assert referral["To"] == world.b[2].name
    assert referral["Direction"] == "directed"
    assert referral["Weight"] == "1"
    assert referral["Wave"] == "T1"
    assert referral["Projects"] == "Ubuntu"
    assert {row["Type"] for row in rows} == {"Directed", "Undirected"}
    assert {row["Weight"] for row in rows} == {"1", "2", "3"}


def test_the_exports_follow_the_maps_filters(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    client = login_as(personas.representative)

    rows = read_csv(client, url(world, "export_edges", f"wave=T0&kind={TieKind.INFORMATION}"))

    assert [(row["From"], row["To"], row["Wave"]) for row in rows] == [
        (world.a[1].name, world.b[0].name, "T0")
    ]


def test_a_name_that_looks_like_a_formula_is_neutralised(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    world.a[1].name = INJECTION
    world.a[1].save()
    client = login_as(personas.representative)

    nodes = read_csv(client, url(world, "export_nodes"))
    edges = read_csv(client, url(world, "export_edges"))

    assert "'" + INJECTION in {row["Label"] for row in nodes}
    assert INJECTION not in {row["Label"] for row in nodes}
    froms = {row["From"] for row in edges} | {row["To"] for row in edges}
    assert "'" + INJECTION in froms
    assert INJECTION not in froms


def test_the_graphml_parses_back_with_networkx(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    response = login_as(personas.representative).get(url(world, "export_graphml"))

    assert response.status_code == 200
    assert "rete.graphml" in response["Content-Disposition"]
    graph = nx.read_graphml(io.BytesIO(response.content))
    assert graph.number_of_nodes() == 8
    assert graph.number_of_edges() == 4
    assert graph.graph["wave"] == "T1"
    node = graph.nodes[str(world.a[1].pk)]
    assert node["label"] == world.a[1].name
    assert node["province"] == "Cuneo"
    assert node["degree"] == 2
    assert isinstance(node["betweenness"], float)
    edge = graph.edges[str(world.a[0].pk), str(world.a[1].pk)]
    assert edge["weight"] == 3
    assert edge["ties"] == 1


def test_the_note_of_a_tie_is_exported_to_who_may_read_it(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    rows = read_csv(login_as(personas.coordinator), url(world, "export_edges"))

    assert gf.SmallWorld.NOTE in {row["Note"] for row in rows}


@pytest.mark.parametrize("persona", ["other_representative", "representative", "evaluator"])
@pytest.mark.parametrize("name", EXPORTS)
def test_the_note_of_a_tie_is_absent_from_the_exports_for_others(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs, persona: str, name: str
) -> None:
    response = login_as(personas.get(persona)).get(url(world, name))

    assert response.status_code == 200
    assert gf.SmallWorld.NOTE.encode() not in response.content


@pytest.mark.parametrize("name", EXPORTS)
def test_export_query_budgets_do_not_grow_with_the_network(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs, name: str
) -> None:
    client = login_as(personas.coordinator)

    assert_max_queries_stable(
        client, url(world, name), lambda: gf.grow(world, 2), budget=BUDGETS[name]
    )
