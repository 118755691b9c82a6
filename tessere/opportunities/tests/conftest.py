"""The map the board's tests need: the personas' programme in Piedmont and Liguria, with its
organisations placed in towns.

- Piemonte: Cuneo (Saluzzo, Alba) and Torino (Moncalieri); Liguria: Genova (Genova).
- Project A (Ubuntu): the representative's and the coordinator's organisation in Saluzzo (CN),
  the operator's in Alba (CN).
- Project B (InCopi): the other representative's organisation in Genova.
- The programme's lead organisation (through which the programme roles are held) in
  Moncalieri (TO).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from conftest import Personas
from tessere.registry.models import Territory
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
    saluzzo = Territory.objects.get(kind=Territory.Kind.MUNICIPALITY, name="Saluzzo")
    alba = f.make_municipality(name="Alba", province=cuneo)
    moncalieri = f.make_municipality(name="Moncalieri", province=torino)
    genova_town = f.make_municipality(name="Genova", province=genova)
    personas.programme.regions.set([piemonte, liguria])

    a = f.project_organisations(personas.project)
    a[0].municipality = saluzzo
    a[0].save()
    a[1].municipality = alba
    a[1].save()
    b = f.project_organisations(personas.other_project)[0]
    b.municipality = genova_town
    b.save()
    lead = personas.programme.lead_organisation
    lead.municipality = moncalieri
    lead.save()
    return Geo(piemonte, liguria, cuneo, torino, genova, saluzzo, alba, moncalieri, genova_town)


PostData = dict[str, str | list[str]]


def valid_post(personas: Personas, geo: Geo, **overrides: str | list[str] | None) -> PostData:
    """What the form posts for a good local training course in the province of Cuneo, offered
    by project A; `name=None` leaves a field out (an unticked box)."""
    from .factories import days

    data: dict[str, str | list[str] | None] = {
        "kind": "training",
        "title": "Corso di italiano per operatori",
        "description": "Dieci incontri. **Gratuito**.",
        "project": str(personas.project.pk),
        "organisation": "",
        "scope": "local",
        "areas": [str(geo.cuneo.pk)],
        "municipalities": [],
        "audience": "operators",
        "starts_on": days(10).isoformat(),
        "ends_on": days(12).isoformat(),
        "deadline": "",
        "time_note": "9:30–13:00",
        "is_online": None,
        "place": "Sala civica, via Roma 3",
        "municipality": str(geo.saluzzo.pk),
        "languages": ["it", "fr"],
        "registration_url": "https://www.example.org/iscrizioni",
        "contact": "segreteria@example.org",
        "is_public": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
