"""Harvest services: data by the method's fields, versions against lost updates, the audit."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from conftest import Personas
from tessere.core.models import AuditEntry
from tessere.meetings.methods import CHOICE, COMMON_FIELDS, GROUP, NUMBER, TEXT, OutputField
from tessere.meetings.models import AgendaItem, Harvest, Meeting, Method
from tessere.meetings.services.harvest import (
    HarvestConflict,
    clean_harvest_data,
    fields_of,
    save_harvest,
    show_harvest,
)

from .factories import make_meeting


def agenda_item(meeting: Meeting, method_key: str | None = "world-cafe") -> AgendaItem:
    method = Method.objects.get(key=method_key) if method_key else None
    return AgendaItem.objects.create(meeting=meeting, title="Sessione", method=method)


WORLD_CAFE = {
    "purpose": "Capire come tenere vive le reti territoriali",
    "round_minutes": 20,
    "tables": [
        {"table": "1", "host": "Lucia", "round": 1, "notes": "Le reti vivono di\nrelazioni."},
        {"table": "2", "host": "Marco", "round": 1, "notes": "Servono luoghi."},
    ],
}


def test_the_builtin_method_library_is_in_the_database(db: None) -> None:
    assert Method.objects.filter(is_builtin=True).count() >= 9
    assert [f.name for f in Method.objects.get(key="after-action-review").output_fields()][:4] == [
        "activity",
        "dates",
        "roles_present",
        "expected",
    ]


def test_an_item_without_a_method_records_the_common_fields(personas: Personas) -> None:
    item = agenda_item(make_meeting(personas.programme), method_key=None)
    assert fields_of(item) == COMMON_FIELDS


def test_save_stores_json_by_the_methods_fields_and_bumps_the_version(personas: Personas) -> None:
    item = agenda_item(make_meeting(personas.programme))
    harvest = save_harvest(item=item, data=WORLD_CAFE, expected_version=0, by=personas.facilitator)
    assert harvest.version == 1
    assert harvest.updated_by == personas.facilitator
    stored = Harvest.objects.get(agenda_item=item)
    assert stored.data == WORLD_CAFE
    entry = AuditEntry.objects.get(action="meetings.harvest.saved")
    assert entry.actor == personas.facilitator
    assert entry.data["version"] == 1
    assert entry.data["fields"] == ["purpose", "round_minutes", "tables"]


def test_groups_survive_a_json_round_trip_in_order(personas: Personas) -> None:
    item = agenda_item(make_meeting(personas.programme))
    save_harvest(item=item, data=WORLD_CAFE, expected_version=0, by=personas.facilitator)
    raw = Harvest.objects.filter(agenda_item=item).values_list("data", flat=True).get()
    # Whatever the database does with JSON, what comes back is what went in, rows in order.
    assert json.loads(json.dumps(raw)) == WORLD_CAFE
    assert [row["host"] for row in raw["tables"]] == ["Lucia", "Marco"]
    assert raw["tables"][0]["round"] == 1 and isinstance(raw["tables"][0]["round"], int)


def test_a_save_from_an_old_version_is_refused_and_changes_nothing(personas: Personas) -> None:
    item = agenda_item(make_meeting(personas.programme))
    save_harvest(item=item, data={"purpose": "Prima"}, expected_version=0, by=personas.facilitator)
    save_harvest(
        item=item, data={"purpose": "Seconda"}, expected_version=1, by=personas.programme_admin
    )
    with pytest.raises(HarvestConflict) as conflict:
        save_harvest(
            item=item, data={"purpose": "Terza"}, expected_version=1, by=personas.representative
        )
    assert conflict.value.harvest.version == 2
    assert conflict.value.harvest.data == {"purpose": "Seconda"}
    assert conflict.value.harvest.updated_by == personas.programme_admin
    harvest = Harvest.objects.get(agenda_item=item)
    assert (harvest.version, harvest.data) == (2, {"purpose": "Seconda"})
    assert AuditEntry.objects.filter(action="meetings.harvest.saved").count() == 2


def test_two_people_starting_from_nothing_cannot_both_win(personas: Personas) -> None:
    item = agenda_item(make_meeting(personas.programme))
    save_harvest(item=item, data={"purpose": "Io"}, expected_version=0, by=personas.facilitator)
    with pytest.raises(HarvestConflict):
        save_harvest(
            item=item, data={"purpose": "Tu"}, expected_version=0, by=personas.representative
        )
    assert Harvest.objects.get(agenda_item=item).data == {"purpose": "Io"}


def test_saving_the_same_values_again_keeps_the_version(personas: Personas) -> None:
    item = agenda_item(make_meeting(personas.programme))
    save_harvest(item=item, data=WORLD_CAFE, expected_version=0, by=personas.facilitator)
    harvest = save_harvest(item=item, data=WORLD_CAFE, expected_version=1, by=personas.facilitator)
    assert harvest.version == 1
    assert AuditEntry.objects.filter(action="meetings.harvest.saved").count() == 1


def test_clean_keeps_only_the_methods_fields_and_drops_empty_values() -> None:
    fields = Method(key="fishbowl", is_builtin=True).output_fields()
    cleaned = clean_harvest_data(
        fields,
        {
            "variant": "sideways",  # not one of the choices
            "topic": "  Governance  ",
            "inner_circle_size": "5",
            "time_box_minutes": "7,5",
            "summary": "",
            "not_a_field": "x",
            "outputs": None,
        },
    )
    assert cleaned == {"topic": "Governance", "inner_circle_size": 5, "time_box_minutes": 7.5}


def test_clean_drops_empty_rows_and_unknown_subfields() -> None:
    fields = Method(key="world-cafe", is_builtin=True).output_fields()
    cleaned = clean_harvest_data(
        fields,
        {"tables": [{"table": "", "notes": ""}, {"host": "Ada", "colour": "rosso"}, "junk", None]},
    )
    assert cleaned == {"tables": [{"host": "Ada"}]}


def test_custom_methods_record_their_declared_fields(personas: Personas) -> None:
    method = Method.objects.create(
        key="passeggiata",
        name="Passeggiata di quartiere",
        programme=personas.programme,
        custom_fields=[
            {"name": "route", "label": "Percorso", "kind": "text"},
            {
                "name": "stops",
                "label": "Tappe",
                "kind": "group",
                "subfields": [{"name": "place", "label": "Luogo", "kind": "text"}],
            },
        ],
    )
    item = AgendaItem.objects.create(
        meeting=make_meeting(personas.programme), title="Passeggiata", method=method
    )
    harvest = save_harvest(
        item=item,
        data={"route": "Borgo Dora", "stops": [{"place": "Cortile"}], "outputs": "Bella"},
        expected_version=0,
        by=personas.facilitator,
    )
    assert harvest.data == {
        "route": "Borgo Dora",
        "stops": [{"place": "Cortile"}],
        "outputs": "Bella",
    }


def test_show_harvest_gives_labels_of_choices_and_rows_in_the_fields_order() -> None:
    fields = (
        OutputField("period", "Periodo", TEXT),
        OutputField(
            "stories",
            "Storie",
            GROUP,
            subfields=(
                OutputField("title", "Titolo", TEXT),
                OutputField("consent", "Consenso", CHOICE, choices=(("y", "Sì, condivisibile"),)),
                OutputField("count", "Quante", NUMBER),
            ),
        ),
        OutputField("reasons", "Motivi"),
    )
    with translation.override("it"):
        shown = show_harvest(
            fields,
            {
                "reasons": "Perché",
                "stories": [{"title": "Casa", "consent": "y", "count": 2.5}],
                "period": "2021",
            },
        )
    assert [s.spec.name for s in shown] == ["period", "stories", "reasons"]
    assert shown[1].is_group
    assert shown[1].rows == [["Casa", "Sì, condivisibile", "2,5"]]
