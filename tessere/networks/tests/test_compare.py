"""Comparing two waves: headline figures side by side, and the difference (new, lost and
stronger ties); unknown labels fall back to the defaults with a message, never an error."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from conftest import Personas
from tessere.accounts.models import User
from tessere.core.testing import (
    assert_max_queries_stable,
    in_english,
    is_login_redirect,
    page_text,
)
from tessere.networks.models import Wave

from . import graph_factories as gf

LoginAs = Callable[[User | None], Client]


@pytest.fixture
def world(personas: Personas) -> gf.SmallWorld:
    return gf.small_world(personas)


def compare_url(world: gf.SmallWorld, query: str = "") -> str:
    url = reverse("networks:compare", args=[world.programme.slug])
    return url + (f"?{query}" if query else "")


def section(html: str, start: str, end: str) -> str:
    match = re.search(re.escape(start) + r"(.*?)" + re.escape(end), html, re.S)
    assert match, start
    return match.group(1)


def slugs(html: str) -> set[str]:
    """The organisations linked in a piece of the page (by their network page's slug)."""
    return set(re.findall(r'/organizzazioni/([\w-]+)/"', html))


def table_rows(html: str) -> list[list[str]]:
    return [
        [
            " ".join(strip_tags(cell).split())
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)
    ]


def page_text_of(html: str) -> str:
    return " ".join(strip_tags(html).split())


def test_compare_is_for_members(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    assert is_login_redirect(login_as(None).get(compare_url(world)))
    assert login_as(personas.outsider).get(compare_url(world)).status_code == 403
    assert login_as(personas.monitor).get(compare_url(world)).status_code == 200


def test_the_difference_lists_new_lost_and_stronger_ties(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    client = in_english(login_as(personas.representative))

    html = client.get(compare_url(world, "a=T0&b=T1")).content.decode()

    assert "From T0 to T1: 1 new ties, 1 lost, 1 grew stronger." in page_text_of(html)
    a, b = world.a, world.b
    new = slugs(section(html, 'id="new-heading"', 'id="lost-heading"'))
    lost = slugs(section(html, 'id="lost-heading"', 'id="stronger-heading"'))
    stronger = section(html, 'id="stronger-heading"', "</section>")
    assert new == {a[1].slug, b[1].slug}
    assert lost == {a[1].slug, b[0].slug}
    assert slugs(stronger) == {a[0].slug, a[1].slug}
    assert "(strength 1 → 3)" in stronger


def test_the_headline_figures_stand_side_by_side(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    client = in_english(login_as(personas.representative))

    html = client.get(compare_url(world, "a=T0&b=T1")).content.decode()

    rows = table_rows(section(html, 'id="headline-heading"', "</table>"))
    # Both waves: 8 organisations and 4 ties; crossing provinces 1 in each (a1—b0, a1—b1).
    assert ["Organisations", "8", "8", "0"] in rows
    assert ["Ties (pairs of organisations)", "4", "4", "0"] in rows
    assert ["Ties crossing provinces", "1", "1", "0"] in rows
    assert ["Density", "0.143", "0.143", "0.000"] in rows


def test_the_default_compares_the_last_two_waves(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    client = in_english(login_as(personas.representative))

    assert "From T0 to T1:" in page_text(client.get(compare_url(world)))


def test_an_unknown_wave_falls_back_to_the_default_with_a_message(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    client = in_english(login_as(personas.representative))

    response = client.get(compare_url(world, "a=T7&b=<script>"))

    assert response.status_code == 200
    text = page_text(response)
    assert "There is no wave “T7”: the comparison shows T0 instead." in text
    assert "the comparison shows T1 instead." in text
    assert "From T0 to T1:" in text
    assert "<script>" not in response.content.decode()


def test_a_draft_wave_is_not_compared_for_members_outside_the_team(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    gf.make_wave(world.programme, label="T2", status=Wave.Status.DRAFT)
    client = in_english(login_as(personas.representative))

    text = page_text(client.get(compare_url(world, "b=T2")))

    assert "There is no wave “T2”" in text


def test_a_programme_with_one_wave_says_comparing_needs_two(
    personas: Personas, login_as: LoginAs
) -> None:
    gf.make_wave(personas.programme, label="T0")
    client = in_english(login_as(personas.representative))
    url = reverse("networks:compare", args=[personas.programme.slug])

    response = client.get(url)

    assert response.status_code == 200
    assert "Comparing needs at least two survey waves." in page_text(response)
    assert "From T0 to T0: 0 new ties, 0 lost, 0 grew stronger." in page_text(response)


def test_a_programme_without_waves_says_comparing_needs_two(
    personas: Personas, login_as: LoginAs
) -> None:
    client = in_english(login_as(personas.representative))
    url = reverse("networks:compare", args=[personas.programme.slug])

    response = client.get(url + "?a=T0&b=T1")

    assert response.status_code == 200
    assert "Comparing needs at least two survey waves." in page_text(response)


def test_long_lists_are_capped_with_a_way_to_see_them_all(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tessere.networks import views

    monkeypatch.setattr(views, "DIFF_ROWS", 1)
    gf.make_tie(world.programme, world.a[3], world.b[3], wave=world.t1)
    client = in_english(login_as(personas.representative))

    capped = page_text(client.get(compare_url(world, "a=T0&b=T1")))
    everything = page_text(client.get(compare_url(world, "a=T0&b=T1&all=1")))

    assert "New ties (2)" in capped and "The first 1 are listed." in capped
    assert "Show every tie" in capped
    assert "The first 1 are listed." not in everything


def test_compare_query_budget_does_not_grow_with_the_network(
    world: gf.SmallWorld, personas: Personas, login_as: LoginAs
) -> None:
    client = login_as(personas.representative)

    def more() -> None:
        gf.grow(world, 3)
        client.get(compare_url(world, "a=T0&b=T1"))  # the measures are cached per wave

    assert_max_queries_stable(client, compare_url(world, "a=T0&b=T1"), more, budget=11)
