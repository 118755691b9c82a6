"""The Django admin of the board: list with search and filters, and one opportunity."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from conftest import Personas
from tessere.accounts.models import User

from .conftest import Geo
from .factories import make_opportunity

LoginAs = Callable[[User | None], Client]


def test_the_admin_lists_searches_and_opens_opportunities(
    personas: Personas, geo: Geo, login_as: LoginAs
) -> None:
    opportunity = make_opportunity(
        personas.programme, title="Corso di cucito", project=personas.project,
        territories=[geo.cuneo],
    )  # fmt: skip
    client = login_as(personas.superuser)
    changelist = reverse("admin:opportunities_opportunity_changelist")
    response = client.get(changelist, {"q": "cucito", "kind__exact": "training"})
    assert response.status_code == 200
    assert "Corso di cucito" in response.content.decode()
    change = reverse("admin:opportunities_opportunity_change", args=[opportunity.pk])
    assert client.get(change).status_code == 200
