"""What each agenda item produced, recorded by the fields of its method (methods.py).

`Harvest.data` is JSON: `{field: value, group: [{subfield: value}, ...]}`; empty values are left
out. Several people record the same session at once (the facilitator, a harvester, a
participant on a phone), so every save names the version it started from and is refused if
someone saved in between: nobody's text is silently overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from tessere.core.audit import log_action

from ..methods import BUILTIN_METHODS, CHOICE, COMMON_FIELDS, GROUP, NUMBER, TEXT, OutputField
from ..models import AgendaItem, Harvest

if TYPE_CHECKING:
    from tessere.accounts.models import User

Value = str | int | float
HarvestData = dict[str, Any]


class HarvestConflict(Exception):
    """Someone saved the harvest after the form was opened; `harvest` is what they saved."""

    def __init__(self, harvest: Harvest) -> None:
        super().__init__(_("Someone else saved this harvest in the meantime."))
        self.harvest = harvest


def fields_of(item: AgendaItem) -> tuple[OutputField, ...]:
    """What the item records: its method's fields, or the fields common to every session."""
    return item.method.output_fields() if item.method is not None else COMMON_FIELDS


def _clean_value(spec: OutputField, value: Any) -> Value | None:
    if value is None or isinstance(value, bool):
        return None
    if spec.kind == NUMBER:
        if isinstance(value, int | float):
            return int(value) if float(value).is_integer() else float(value)
        try:
            number = float(str(value).replace(",", "."))
        except ValueError:
            return None
        return int(number) if number.is_integer() else number
    text = str(value).strip()
    if spec.kind == CHOICE and spec.choices and text not in {v for v, _label in spec.choices}:
        return None
    return text or None


def _clean_row(subfields: Sequence[OutputField], row: Any) -> dict[str, Value]:
    if not isinstance(row, Mapping):
        return {}
    cleaned = {}
    for sub in subfields:
        value = _clean_value(sub, row.get(sub.name))
        if value is not None:
            cleaned[sub.name] = value
    return cleaned


def clean_harvest_data(fields: Sequence[OutputField], data: Mapping[str, Any]) -> HarvestData:
    """Only the method's fields, in its order, without empty values and empty rows."""
    cleaned: HarvestData = {}
    for spec in fields:
        raw = data.get(spec.name)
        if spec.kind == GROUP:
            rows = [_clean_row(spec.subfields, row) for row in raw or [] if row]
            rows = [row for row in rows if row]
            if rows:
                cleaned[spec.name] = rows
        else:
            value = _clean_value(spec, raw)
            if value is not None:
                cleaned[spec.name] = value
    return cleaned


@transaction.atomic
def save_harvest(
    *, item: AgendaItem, data: Mapping[str, Any], expected_version: int, by: User
) -> Harvest:
    """Record the outputs of an agenda item, unless someone saved since `expected_version`.

    Raises HarvestConflict (carrying the current harvest) when the version moved. Saving the
    same values again changes nothing and keeps the version.
    """
    harvest, _created = Harvest.objects.get_or_create(agenda_item=item)
    harvest = (
        Harvest.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .get(pk=harvest.pk)
    )
    if harvest.version != expected_version:
        raise HarvestConflict(harvest)
    fields = fields_of(item)
    cleaned = clean_harvest_data(fields, data)
    # What was recorded under fields the item no longer has (its method changed) is kept: the
    # form cannot show it, so saving the form must not erase it.
    names = {spec.name for spec in fields}
    cleaned |= {k: v for k, v in harvest.data.items() if k not in names}
    if cleaned == harvest.data:
        return harvest
    changed = sorted(
        k for k in set(cleaned) | set(harvest.data) if cleaned.get(k) != harvest.data.get(k)
    )
    harvest.data = cleaned
    harvest.version += 1
    harvest.updated_by = by
    harvest.save()
    log_action(
        harvest,
        "meetings.harvest.saved",
        by=by,
        meeting=item.meeting_id,
        agenda_item=item.pk,
        version=harvest.version,
        fields=changed,
    )
    return harvest


# --- Reading -----------------------------------------------------------------------------------
@dataclass
class ShownField:
    """One field of a harvest as a reader sees it: a value, or rows of a repeated group."""

    spec: OutputField
    value: str | None = None
    rows: list[list[str | None]] = field(default_factory=list)

    @property
    def is_group(self) -> bool:
        return self.spec.kind == GROUP


def _shown(spec: OutputField, value: Any) -> str | None:
    """As text: choices by their label, numbers in the current language's notation."""
    if value is None or value == "":
        return None
    if spec.kind == CHOICE:
        labels = {v: str(label) for v, label in spec.choices}
        return labels.get(value, str(value))
    if spec.kind == NUMBER:
        return str(formats.localize(value))
    return str(value)


def _known_label(name: str) -> str:
    for spec in (*COMMON_FIELDS, *(f for m in BUILTIN_METHODS for f in m.fields)):
        if spec.name == name:
            return str(spec.label)
    return name


def earlier_fields(fields: Sequence[OutputField], data: Mapping[str, Any]) -> list[ShownField]:
    """What the harvest holds under names the item's method does not have (recorded with
    another method), shown as plain text or rows."""
    names = {spec.name for spec in fields}
    extra = []
    for name, raw in data.items():
        if name in names or raw in (None, "", []):
            continue
        if isinstance(raw, list):
            rows = [row for row in raw if isinstance(row, Mapping)]
            keys = list(dict.fromkeys(k for row in rows for k in row))
            spec = OutputField(
                name,
                _known_label(name),
                GROUP,
                subfields=tuple(OutputField(k, _known_label(k), TEXT) for k in keys),
            )
            shown_rows = [
                [None if row.get(k) is None else str(row.get(k)) for k in keys] for row in rows
            ]
            extra.append(ShownField(spec=spec, rows=shown_rows))
        else:
            extra.append(ShownField(spec=OutputField(name, _known_label(name)), value=str(raw)))
    return extra


def show_harvest(fields: Sequence[OutputField], data: Mapping[str, Any]) -> list[ShownField]:
    """The fields that hold something, in the method's order (then anything recorded with an
    earlier method), ready for a read-only page."""
    shown = []
    for spec in fields:
        raw = data.get(spec.name)
        if spec.kind == GROUP:
            rows = [
                [_shown(sub, row.get(sub.name)) for sub in spec.subfields]
                for row in raw or []
                if isinstance(row, Mapping)
            ]
            if rows:
                shown.append(ShownField(spec=spec, rows=rows))
        elif raw not in (None, ""):
            shown.append(ShownField(spec=spec, value=_shown(spec, raw)))
    return shown + earlier_fields(fields, data)
