"""The map the practices' tests need, on top of the personas' world.

- Piemonte: Cuneo (Saluzzo, Alba), Torino (Moncalieri); Liguria: Genova (Genova).
- Two themes: Abitare, Salute.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from conftest import Personas
from tessere.registry.models import Territory, Theme
from tessere.registry.tests import factories as f


@dataclass
class Geo:
    piemonte: Territory
    liguria: Territory
    cuneo: Territory
    torino: Territory
    genova: Territory
    saluzzo: Territory
    alba: Territory
    moncalieri: Territory
    genova_town: Territory
    housing: Theme
    health: Theme


@pytest.fixture
def geo(personas: Personas) -> Geo:
    cuneo = Territory.objects.get(kind=Territory.Kind.PROVINCE, name="Cuneo")
    piemonte = cuneo.parent
    assert piemonte is not None
    torino = f.make_province(name="Torino", car_code="TO")
    liguria = f.make_territory(kind=Territory.Kind.REGION, name="Liguria")
    genova = f.make_territory(
        kind=Territory.Kind.PROVINCE, name="Genova", parent=liguria, car_code="GE"
    )
    personas.programme.regions.set([piemonte, liguria])
    return Geo(
        piemonte=piemonte,
        liguria=liguria,
        cuneo=cuneo,
        torino=torino,
        genova=genova,
        saluzzo=Territory.objects.get(kind=Territory.Kind.MUNICIPALITY, name="Saluzzo"),
        alba=f.make_municipality(name="Alba", province=cuneo),
        moncalieri=f.make_municipality(name="Moncalieri", province=torino),
        genova_town=f.make_municipality(name="Genova", province=genova),
        housing=f.make_theme(name="Abitare"),
        health=f.make_theme(name="Salute"),
    )
