"""One organisation's own network across waves (its page under the network, and the panel on
its registry page): its ties, degree and betweenness per wave, what changed between waves."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Personas
from tessere.accounts.models import User
from tessere.core.testing import (
    assert_max_queries_stable,
    in_english,
    is_login_redirect,
    page_text,
)
from tessere.networks.models import Wave
from tessere.registry.tests import factories as f

from . import graph_factories as gf

LoginAs = Callable[[User | None], Client]


@pytest.fixture
def world(personas: Personas) -> gf.SmallWorld:
    return gf.small_world(personas)


def org_url(world: gf.SmallWorld, index: int = 1, query: str = "") -> str:
    url = reverse("networks:org_network", args=[world.programme.slug, world.a[index].slug])
    return url + (f"?{query}" if query else "")


def rows(html: str) -> list[list[str]]:
    from django.utils.html import strip_tags

    return [
        [
            " ".join(strip_tags(cell).split())
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)
    ]


def test_the_page_is_for_members(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    assert is_login_redirect(login_as(None).get(org_url(world)))
    assert login_as(personas.outsider).get(org_url(world)).status_code == 403
    assert login_as(personas.other_representative).get(org_url(world)).status_code == 200


def test_an_unknown_organisation_is_a_404(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    url = reverse("networks:org_network", args=[world.programme.slug, "nessuno"])

    assert login_as(personas.representative).get(url).status_code == 404


def test_the_page_shows_each_wave_and_what_changed(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    client = in_english(login_as(personas.representative))

    html = client.get(org_url(world)).content.decode()

    table = rows(html)
    a0, b0, b1 = world.a[0].name, world.b[0].name, world.b[1].name
    t0 = next(row for row in table if row[0].startswith("T0"))
    t1 = next(row for row in table if row[0].startswith("T1"))
    # a1: T0 tied to a0 and b0; T1 to a0 (stronger) and b1 instead of b0.
    assert t0[1:3] == ["2", "2"]
    assert t0[4:] == ["—", "—"]
    assert t1[1:3] == ["2", "2"]
    assert t1[4:] == [b1, b0]
    assert float(t1[3]) > 0  # a1 lies between b1 and the rest
    assert a0 in html


def test_the_ties_of_the_chosen_wave_are_listed(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    client = in_english(login_as(personas.representative))

    text = page_text(client.get(org_url(world, query="wave=T0")))

    assert "Its ties in T0" in text
    assert world.b[0].name in text.split("Its ties in T0")[1]
    assert "information exchange" in text


def test_a_referral_shows_its_direction(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    client = in_english(login_as(personas.representative))

    assert "refers people to them" in page_text(client.get(org_url(world, index=2)))


def test_the_note_is_shown_only_to_who_may_read_it(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    allowed = login_as(personas.coordinator).get(org_url(world, index=2)).content.decode()
    refused = login_as(personas.other_representative).get(org_url(world, index=2))

    assert gf.SmallWorld.NOTE in allowed
    assert gf.SmallWorld.NOTE not in refused.content.decode()


def test_the_page_works_before_any_wave(personas: Personas, login_as: LoginAs) -> None:
    orgs = f.project_organisations(personas.project)
    gf.make_tie(personas.programme, orgs[0], orgs[1])
    client = in_english(login_as(personas.representative))
    url = reverse("networks:org_network", args=[personas.programme.slug, orgs[0].slug])

    text = page_text(client.get(url))

    assert "Its ties today" in text
    assert orgs[1].name in text


def test_the_page_query_budget_does_not_grow_with_the_network(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    client = login_as(personas.coordinator)
    url = org_url(world, index=0)

    def more() -> None:
        gf.grow(world, 3)
        client.get(url)  # the measures of each wave are cached: the budget is for a warm page

    assert_max_queries_stable(client, url, more, budget=15)


# --- The panel on the registry's organisation page ----------------------------------------
def registry_url(world: gf.SmallWorld, index: int = 1) -> str:
    return world.a[index].get_absolute_url()


@pytest.mark.parametrize("persona", ["representative", "other_representative", "evaluator"])
def test_members_see_the_network_panel_on_the_organisation_page(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs, persona: str
) -> None:
    client = in_english(login_as(personas.get(persona)))

    response = client.get(registry_url(world))

    text = page_text(response)
    assert "Network" in text
    assert "in T1 tied to 2 organisations (1 new and 1 lost since T0)" in text
    assert org_url(world) in response.content.decode()


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_others_do_not_see_the_network_panel(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs, persona: str
) -> None:
    response = in_english(login_as(personas.get(persona))).get(registry_url(world))

    assert response.status_code == 200
    assert "org-network-heading" not in response.content.decode()
    assert "/reti/" not in response.content.decode()


def test_no_panel_for_an_organisation_without_ties(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    response = login_as(personas.representative).get(registry_url(world, index=3))

    assert "org-network-heading" not in response.content.decode()


def test_a_draft_wave_does_not_count_for_members(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    gf.make_wave(world.programme, label="T2", status=Wave.Status.DRAFT)
    client = in_english(login_as(personas.representative))

    assert "in T1 tied to 2 organisations" in page_text(client.get(registry_url(world)))


def test_the_panel_keeps_the_organisation_page_within_a_stable_budget(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    client = login_as(personas.representative)

    # The registry page's own queries, plus the panel's: programmes where the organisation
    # has ties, their waves, its neighbours in the latest wave and in the one before.
    assert_max_queries_stable(client, registry_url(world, 0), lambda: gf.grow(world, 3), budget=15)
