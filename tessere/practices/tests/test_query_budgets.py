"""Query budgets: the list (each tab, htmx too), a practice's page and the hub do a fixed
number of queries whatever the number of practices, themes, territories and lessons."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Personas
from tessere.accounts.models import User
from tessere.core.testing import HTMX, assert_max_queries_stable
from tessere.learning.tests.factories import make_lesson
from tessere.practices.models import GoodPractice
from tessere.registry.tests import factories as f

from .conftest import Geo
from .factories import make_practice

pytestmark = pytest.mark.django_db
LoginAs = Callable[[User | None], Client]
S = GoodPractice.Status


def _more(personas: Personas, geo: Geo) -> Callable[[], None]:
    def more() -> None:
        for i in range(6):
            theme = f.make_theme(name=f"Tema {i} in più")
            town = f.make_municipality(name=f"Comune {i}", province=geo.cuneo)
            for status in (S.PUBLISHED, S.DRAFT, S.IN_REVIEW):
                make_practice(
                    personas.programme,
                    project=personas.project if i % 2 else personas.other_project,
                    status=status,
                    authors=[personas.representative, personas.operator],
                    themes=[geo.housing, theme],
                    territories=[town, geo.torino],
                )
            make_lesson(personas.programme, themes=[theme], projects=[personas.project],
                        author=personas.representative)  # fmt: skip

    return more


@pytest.mark.parametrize("name", ["anonymous", "representative", "facilitator"])
def test_list_query_budgets(personas: Personas, geo: Geo, login_as: LoginAs, name: str) -> None:
    make_practice(personas.programme, project=personas.project, themes=[geo.housing],
                  territories=[geo.saluzzo], authors=[personas.representative])  # fmt: skip
    client = login_as(personas.get(name))
    url = reverse("practices:list")
    more = _more(personas, geo)
    assert_max_queries_stable(client, url, more, budget=13)
    filtered = f"{url}?theme={geo.housing.pk}&territory={geo.piemonte.pk}&q=a"
    assert_max_queries_stable(client, filtered, lambda: None, budget=15)
    assert_max_queries_stable(client, url + "?vista=mie", lambda: None, budget=13)
    assert_max_queries_stable(client, url, lambda: None, budget=11, headers=HTMX)


def test_review_queue_query_budget(personas: Personas, geo: Geo, login_as: LoginAs) -> None:
    make_practice(personas.programme, status=S.IN_REVIEW, territories=[geo.saluzzo])
    client = login_as(personas.facilitator)
    url = reverse("practices:list") + "?vista=da-revisionare"
    assert_max_queries_stable(client, url, _more(personas, geo), budget=13)


@pytest.mark.parametrize("name", ["anonymous", "representative", "facilitator"])
def test_detail_query_budgets(personas: Personas, geo: Geo, login_as: LoginAs, name: str) -> None:
    practice = make_practice(
        personas.programme, project=personas.project, status=S.IN_REVIEW,
        authors=[personas.representative], themes=[geo.housing], territories=[geo.saluzzo],
    )  # fmt: skip
    if name == "anonymous":
        GoodPractice.objects.filter(pk=practice.pk).update(
            status=S.PUBLISHED, published_at=practice.submitted_at
        )

    def more() -> None:
        practice.themes.add(*[f.make_theme(name=f"Altro tema {i}") for i in range(5)])
        practice.territories.add(geo.torino, geo.alba, geo.genova, geo.moncalieri)
        practice.authors.add(personas.operator, personas.coordinator)

    client = login_as(personas.get(name))
    assert_max_queries_stable(client, practice.get_absolute_url(), more, budget=10)


@pytest.mark.parametrize("name", ["anonymous", "operator", "facilitator"])
def test_hub_query_budgets(personas: Personas, geo: Geo, login_as: LoginAs, name: str) -> None:
    make_practice(personas.programme, project=personas.project, themes=[geo.housing])
    make_lesson(personas.programme, themes=[geo.housing], projects=[personas.project])
    client = login_as(personas.get(name))
    assert_max_queries_stable(client, reverse("practices:hub"), _more(personas, geo), budget=18)


def test_form_query_budgets(personas: Personas, geo: Geo, login_as: LoginAs) -> None:
    practice = make_practice(personas.programme, project=personas.project, status=S.DRAFT,
                             authors=[personas.representative])  # fmt: skip
    client = login_as(personas.representative)

    def more() -> None:
        for i in range(8):
            f.make_municipality(name=f"Paese {i}", province=geo.cuneo)
            f.make_theme(name=f"Tema nuovo {i}")

    assert_max_queries_stable(client, reverse("practices:create"), more, budget=12)
    edit = reverse("practices:edit", args=[practice.pk])
    assert_max_queries_stable(client, edit, lambda: None, budget=17)
