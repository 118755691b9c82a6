"""The map page and its JSON: for members only, filters that work with and without JavaScript,
an accessible table and summary beside the map, notes only for who may read them, a query
budget that does not grow with the network."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from conftest import Personas
from tessere.accounts.models import User
from tessere.core.testing import (
    HTMX,
    assert_max_queries_stable,
    in_english,
    is_login_redirect,
    page_text,
)
from tessere.networks.graph import load_network
from tessere.networks.models import TieKind, TieSource
from tessere.networks.queries import NetworkFilters
from tessere.registry.tests import factories as f

from . import graph_factories as gf

LoginAs = Callable[[User | None], Client]
MEMBERS = [
    "other_representative",
    "representative",
    "coordinator",
    "operator",
    "programme_admin",
    "facilitator",
    "mentor",
    "expert",
    "monitor",
    "project_manager",
    "evaluator",
    "narrative",
    "superuser",
]


@pytest.fixture
def world(personas: Personas) -> gf.SmallWorld:
    return gf.small_world(personas)


def map_url(world: gf.SmallWorld, query: str = "") -> str:
    return reverse("networks:map", args=[world.programme.slug]) + (f"?{query}" if query else "")


def json_url(world: gf.SmallWorld, query: str = "") -> str:
    url = reverse("networks:graph_json", args=[world.programme.slug])
    return url + (f"?{query}" if query else "")


def graph(client: Client, world: gf.SmallWorld, query: str = "") -> dict[str, Any]:
    response = client.get(json_url(world, query))
    assert response.status_code == 200
    return json.loads(response.content)


def names(data: dict[str, Any]) -> set[str]:
    return {node["data"]["label"] for node in data["nodes"]}


def pairs(data: dict[str, Any]) -> set[frozenset[str]]:
    label = {node["data"]["id"]: node["data"]["label"] for node in data["nodes"]}
    return {
        frozenset((label[e["data"]["source"]], label[e["data"]["target"]])) for e in data["edges"]
    }


def pair(*orgs: Any) -> frozenset[str]:
    return frozenset(org.name for org in orgs)


# --- Who may see it ------------------------------------------------------------------------
@pytest.mark.parametrize("url", [map_url, json_url])
def test_anonymous_visitors_are_sent_to_log_in(
    world: gf.SmallWorld, client: Client, url: Callable[[gf.SmallWorld], str]
) -> None:
    assert is_login_redirect(client.get(url(world)))


@pytest.mark.parametrize("url", [map_url, json_url])
def test_an_account_outside_the_programme_is_refused(
    world: gf.SmallWorld,
    personas: Personas,
    login_as: LoginAs,
    url: Callable[[gf.SmallWorld], str],
) -> None:
    assert login_as(personas.outsider).get(url(world)).status_code == 403


def test_a_private_programme_is_unknown_to_an_outsider(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    world.programme.is_public = False
    world.programme.save()

    assert login_as(personas.outsider).get(map_url(world)).status_code == 404


@pytest.mark.parametrize("persona", MEMBERS)
def test_every_member_of_the_programme_sees_the_map(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs, persona: str
) -> None:
    client = login_as(personas.get(persona))

    assert client.get(map_url(world)).status_code == 200
    assert client.get(json_url(world)).status_code == 200


# --- The page ------------------------------------------------------------------------------
def test_the_page_summarises_the_latest_wave_in_words(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    client = in_english(login_as(personas.representative))

    text = page_text(client.get(map_url(world)))

    # T1: a0—a1, a1—b1, a2→b2, a0—a2 among the 8 partners of the two projects.
    assert "In T1 the network counts 8 organisations and 4 ties" in text
    assert "density 0.14; 4 components" in text
    assert "2 ties cross projects and 1 cross provinces" in text


def test_the_table_lists_the_organisations_with_their_measures_and_links(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    client = in_english(login_as(personas.representative))

    html = client.get(map_url(world)).content.decode()

    org_page = reverse("networks:org_network", args=[world.programme.slug, world.a[0].slug])
    assert f'href="{org_page}?wave=T1"' in html
    assert world.b[1].name in html
    assert "Cuneo" in html
    assert "Degree" in html and "Betweenness" in html


def test_the_map_is_an_image_described_by_the_summary_with_a_way_to_skip_it(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    html = login_as(personas.representative).get(map_url(world)).content.decode()

    assert re.search(r'id="network-map"[^>]*role="img"', html, re.S)
    assert 'aria-describedby="network-summary"' in html
    assert 'href="#network-tables"' in html
    assert 'id="network-tables"' in html


def test_the_page_has_no_inline_style_or_script_and_serves_cytoscape_itself(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    html = login_as(personas.representative).get(map_url(world)).content.decode()

    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline script"
    assert "/static/vendor/cytoscape/cytoscape.min.js" in html
    assert "/static/networks/map.js" in html
    assert finders.find("vendor/cytoscape/cytoscape.min.js")
    assert finders.find("networks/map.js")
    # cytoscape adds an inline <style> unless an element with this id exists (CSP).
    assert 'id="__________cytoscape_stylesheet"' in html


def test_cytoscape_is_pinned_to_3_34() -> None:
    base = Path(settings.BASE_DIR)
    wanted = json.loads((base / "package.json").read_text())["dependencies"]["cytoscape"]
    lock = json.loads((base / "package-lock.json").read_text())

    assert wanted.startswith("~3.34")
    assert lock["packages"]["node_modules/cytoscape"]["version"].startswith("3.34.")


def test_an_htmx_request_gets_the_results_only(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    client = in_english(login_as(personas.representative))

    html = client.get(map_url(world, "wave=T0"), headers=HTMX).content.decode()

    assert "<html" not in html
    assert 'id="network-summary"' in html
    assert "In T0 the network counts" in page_text(client.get(map_url(world, "wave=T0")))


def test_the_map_address_carries_the_filters(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    html = login_as(personas.representative).get(map_url(world, "wave=T0&colour=province"))

    assert "grafo.json?wave=T0&amp;colour=province&amp;size=degree" in html.content.decode()


def test_bad_filters_are_ignored_with_a_message(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    client = in_english(login_as(personas.representative))

    response = client.get(map_url(world, "wave=T9&project=abc&province=99999&kind=x&colour=z"))

    assert response.status_code == 200
    text = page_text(response)
    assert "Some filters were not valid and have been ignored." in text
    assert "In T1 the network counts 8 organisations" in text


def test_show_all_lifts_the_cap_of_the_tables(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tessere.networks import views

    monkeypatch.setattr(views, "TABLE_ROWS", 2)
    client = in_english(login_as(personas.representative))

    capped = page_text(client.get(map_url(world)))
    everything = page_text(client.get(map_url(world, "all=1")))

    assert "Show all 8 organisations" in capped
    assert "The 2 most tied of 8 organisations" in capped
    assert "8 organisations, most tied first" in everything


# --- The JSON ------------------------------------------------------------------------------
def test_the_json_has_nodes_edges_legend_and_measures(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    data = graph(login_as(personas.representative), world)

    assert data["wave"] == "T1"
    assert len(data["nodes"]) == 8
    assert pairs(data) == {
        pair(world.a[0], world.a[1]),
        pair(world.a[1], world.b[1]),
        pair(world.a[2], world.b[2]),
        pair(world.a[0], world.a[2]),
    }
    referral = next(e["data"] for e in data["edges"] if e["data"]["directed"])
    assert referral["source"] == f"o{world.a[2].pk}"
    assert data["measures"]["ties"] == 4
    assert {entry["label"] for entry in data["legend"]} == {"Ubuntu", "InCopi"}
    node = next(n["data"] for n in data["nodes"] if n["data"]["label"] == world.a[1].name)
    assert node["url"] == reverse(
        "networks:org_network", args=[world.programme.slug, world.a[1].slug]
    )
    assert node["degree"] == 2


def test_the_json_colours_by_province_or_type(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    client = login_as(personas.representative)

    by_province = graph(client, world, "colour=province")
    by_type = graph(client, world, "colour=kind")

    assert {"Cuneo", "Torino"} <= {entry["label"] for entry in by_province["legend"]}
    assert len(by_type["legend"]) >= 1


def test_the_json_query_budget_does_not_grow_with_the_network(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    client = login_as(personas.coordinator)

    assert_max_queries_stable(client, json_url(world), lambda: gf.grow(world, 3), budget=17)


def test_the_map_page_query_budget_does_not_grow_with_the_network(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    client = login_as(personas.coordinator)

    assert_max_queries_stable(client, map_url(world), lambda: gf.grow(world, 3), budget=17)


# --- Filters -------------------------------------------------------------------------------
def test_the_wave_filter_shows_that_waves_ties(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    data = graph(login_as(personas.representative), world, "wave=T0")

    assert pairs(data) == {
        pair(world.a[0], world.a[1]),
        pair(world.a[1], world.b[0]),
        pair(world.a[2], world.b[2]),
        pair(world.a[0], world.a[2]),
    }


def test_the_kind_filter(world: gf.SmallWorld, personas: Personas, login_as: LoginAs) -> None:
    data = graph(login_as(personas.representative), world, f"kind={TieKind.CO_DESIGN}")

    assert pairs(data) == {pair(world.a[1], world.b[1])}


def test_the_source_filter(world: gf.SmallWorld, personas: Personas, login_as: LoginAs) -> None:
    client = login_as(personas.representative)

    observed = graph(client, world, f"source={TieSource.OBSERVED}")
    declared = graph(client, world, f"source={TieSource.DECLARED}")

    assert pairs(observed) == {pair(world.a[0], world.a[2])}
    assert pairs(declared) == {pair(world.a[0], world.a[1]), pair(world.a[1], world.b[1])}


def test_the_project_filter_shows_its_partners_and_their_ties(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    other = f.make_project(programme=world.programme, partners=1)
    loose = f.project_organisations(other)
    gf.make_tie(world.programme, loose[0], loose[1])

    data = graph(login_as(personas.representative), world, f"project={world.other_project.pk}")

    # InCopi's partners, and the organisations they are tied to (a1 and a2 of Ubuntu).
    assert names(data) == {o.name for o in world.b} | {world.a[1].name, world.a[2].name}
    assert pairs(data) == {pair(world.a[1], world.b[1]), pair(world.a[2], world.b[2])}


def test_the_province_filter_shows_its_organisations_and_their_ties(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    data = graph(login_as(personas.representative), world, f"province={world.torino.pk}")

    assert pairs(data) == {pair(world.a[1], world.b[1])}
    assert names(data) == {world.b[0].name, world.b[1].name, world.a[1].name}


def test_filters_combine(world: gf.SmallWorld, personas: Personas) -> None:
    network = load_network(
        world.programme,
        NetworkFilters(wave=world.t0, kind=TieKind.INFORMATION, province=world.cuneo.pk),
    )

    assert [(t.source_org, t.target_org) for t in network.ties] == [(world.a[1].pk, world.b[0].pk)]


# --- Notes ---------------------------------------------------------------------------------
def test_a_tie_note_reaches_who_may_read_the_projects_file(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    client = in_english(login_as(personas.coordinator))

    data = graph(client, world)

    notes = [n for e in data["edges"] for n in e["data"].get("notes", [])]
    assert notes == [gf.SmallWorld.NOTE]
    assert gf.SmallWorld.NOTE in client.get(map_url(world)).content.decode()


@pytest.mark.parametrize("persona", ["other_representative", "representative", "monitor"])
def test_a_tie_note_is_absent_for_others(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs, persona: str
) -> None:
    client = login_as(personas.get(persona))

    assert gf.SmallWorld.NOTE not in client.get(json_url(world)).content.decode()
    assert gf.SmallWorld.NOTE not in client.get(map_url(world)).content.decode()
    assert gf.SmallWorld.NOTE not in client.get(map_url(world), headers=HTMX).content.decode()


@pytest.mark.parametrize(
    "name",
    ["map", "graph_json", "compare", "export_nodes", "export_edges", "export_graphml"],
)
def test_the_network_pages_only_answer_reads(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs, name: str
) -> None:
    url = reverse(f"networks:{name}", args=[world.programme.slug])

    assert login_as(personas.programme_admin).post(url).status_code == 405
    assert is_login_redirect(login_as(None).post(url))


@pytest.mark.parametrize("persona", ["representative", "monitor", "superuser"])
def test_the_programme_page_leads_its_members_to_the_network(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs, persona: str
) -> None:
    html = login_as(personas.get(persona)).get(world.programme.get_absolute_url())

    assert map_url(world) in html.content.decode()


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_the_programme_page_does_not_point_others_to_the_network(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs, persona: str
) -> None:
    html = login_as(personas.get(persona)).get(world.programme.get_absolute_url())

    assert html.status_code == 200
    assert map_url(world) not in html.content.decode()
