"""The ISTAT loader: regions, provinces (UTS) and municipalities of Piemonte and Liguria."""

from __future__ import annotations

import socket
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from tessere.registry.models import Territory
from tessere.registry.territories import istat_csv_path, load_territories, read_istat_rows

REGION = Territory.Kind.REGION
PROVINCE = Territory.Kind.PROVINCE
MUNICIPALITY = Territory.Kind.MUNICIPALITY

pytestmark = pytest.mark.django_db


def test_istat_list_is_read_from_the_installed_package_without_the_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the loader must not touch the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert istat_csv_path().name == "comuni.csv"
    torino = next(row for row in read_istat_rows(regions={"01"}) if row.code == "001272")
    assert (torino.name, torino.uts_code, torino.historic_province_code) == ("Torino", "201", "001")
    assert (torino.region_name, torino.car_code) == ("Piemonte", "TO")


def test_load_creates_two_regions_and_twelve_provinces() -> None:
    counts = load_territories()

    assert counts["regions"] == 2 and counts["provinces"] == 12
    regions = dict(Territory.objects.filter(kind=REGION).values_list("istat_code", "name"))
    assert regions == {"01": "Piemonte", "07": "Liguria"}
    piedmont = Territory.objects.filter(kind=PROVINCE, parent__istat_code="01")
    liguria = Territory.objects.filter(kind=PROVINCE, parent__istat_code="07")
    assert set(piedmont.values_list("car_code", flat=True)) == {
        "TO", "VC", "NO", "CN", "AT", "AL", "BI", "VB",
    }  # fmt: skip
    assert set(liguria.values_list("car_code", flat=True)) == {"IM", "SV", "GE", "SP"}


def test_metropolitan_cities_use_the_uts_code_and_keep_the_historic_one() -> None:
    load_territories()

    torino = Territory.objects.get(kind=PROVINCE, istat_code="201")
    genova = Territory.objects.get(kind=PROVINCE, istat_code="210")
    assert (torino.name, torino.historic_province_code, torino.car_code) == ("Torino", "001", "TO")
    assert (genova.name, genova.historic_province_code, genova.car_code) == ("Genova", "010", "GE")
    assert torino.parent is not None and torino.parent.name == "Piemonte"
    assert genova.parent is not None and genova.parent.name == "Liguria"
    cuneo = Territory.objects.get(kind=PROVINCE, istat_code="004")
    assert (cuneo.name, cuneo.historic_province_code, cuneo.car_code) == ("Cuneo", "004", "CN")


def test_torino_municipality_has_its_six_digit_code_under_the_metropolitan_city() -> None:
    load_territories()

    torino = Territory.objects.select_related("parent").get(kind=MUNICIPALITY, istat_code="001272")
    assert torino.name == "Torino"
    assert torino.historic_province_code == "001"
    assert torino.parent is not None and torino.parent.istat_code == "201"
    assert str(torino) == "Torino (TO)"
    genova = Territory.objects.select_related("parent").get(kind=MUNICIPALITY, name="Genova")
    assert genova.istat_code == "010025"
    assert genova.parent is not None and genova.parent.istat_code == "210"


def test_every_municipality_sits_under_a_province_of_its_car_code() -> None:
    counts = load_territories()

    municipalities = Territory.objects.filter(kind=MUNICIPALITY)
    # About 1,180 in Piemonte and 234 in Liguria; ISTAT merges a few every year.
    assert 1300 < counts["municipalities"] == municipalities.count() < 1500
    assert not municipalities.filter(parent__isnull=True).exists()
    assert not municipalities.exclude(parent__kind=PROVINCE).exists()
    mismatched = [
        t.istat_code
        for t in municipalities.select_related("parent")
        if t.parent is None or t.parent.car_code != t.car_code or len(t.istat_code) != 6
    ]
    assert mismatched == []


def test_loading_twice_creates_and_changes_nothing() -> None:
    first = load_territories()
    snapshot = list(Territory.objects.order_by("pk").values())

    second = load_territories()

    assert first["created"] == 2 + 12 + first["municipalities"]
    assert (second["created"], second["updated"]) == (0, 0)
    assert list(Territory.objects.order_by("pk").values()) == snapshot


def test_loading_again_repairs_an_edited_row() -> None:
    load_territories()
    Territory.objects.filter(kind=MUNICIPALITY, istat_code="001272").update(name="Turin")

    counts = load_territories()

    assert (counts["created"], counts["updated"]) == (0, 1)
    assert Territory.objects.get(kind=MUNICIPALITY, istat_code="001272").name == "Torino"


def test_load_can_be_limited_to_one_region() -> None:
    counts = load_territories({"07"})

    assert (counts["regions"], counts["provinces"]) == (1, 4)
    assert not Territory.objects.filter(istat_code="01", kind=REGION).exists()


def test_load_territories_command_reports_the_counts() -> None:
    out = StringIO()
    call_command("load_territories", "--region", "07", stdout=out)
    assert "1 regions, 4 provinces" in out.getvalue()
