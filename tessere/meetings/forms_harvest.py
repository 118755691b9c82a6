"""The harvest form, generated from the fields of the agenda item's method.

Plain fields are one form (prefix `f`); each repeated group is a formset (prefix `g-<name>`)
showing the rows already recorded, two empty rows to add more and a "remove" box per recorded
row, so it works without JavaScript. The version the page was opened at travels in a hidden
field: save_harvest() refuses the save if someone saved in between.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.forms.formsets import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _

from .methods import CHOICE, GROUP, NUMBER, TEXT, OutputField
from .services.harvest import HarvestData, ShownField, clean_harvest_data, show_harvest

EMPTY_ROWS = 2
MAX_ROWS = 200
TEXT_MAX = 500
TEXTAREA_MAX = 20_000


def form_field(spec: OutputField) -> forms.Field:
    """The Django field for one output field (every harvest field is optional)."""
    common: dict[str, Any] = {"label": spec.label, "required": False, "help_text": spec.help_text}
    if spec.kind == NUMBER:
        return forms.DecimalField(
            max_digits=12,
            decimal_places=2,
            localize=True,  # Italian decimal comma
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            **common,
        )
    if spec.kind == CHOICE:
        return forms.ChoiceField(choices=[("", "—"), *spec.choices], **common)
    if spec.kind == TEXT:
        return forms.CharField(max_length=TEXT_MAX, **common)
    return forms.CharField(
        max_length=TEXTAREA_MAX, widget=forms.Textarea(attrs={"rows": 4}), **common
    )


def _json_value(value: Any) -> Any:
    """Form values as JSON values (DecimalField gives Decimal)."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        number = float(value)
        return int(number) if number.is_integer() else number
    return value


class FieldsForm(forms.Form):
    """The plain (non-repeated) fields of a method."""

    def __init__(self, *args: Any, specs: Sequence[OutputField], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for spec in specs:
            self.fields[spec.name] = form_field(spec)


class VersionForm(forms.Form):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class BaseRowFormSet(BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this row")

    def rows(self) -> list[dict[str, Any]]:
        """The rows kept: neither removed nor left empty."""
        kept = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            row = {k: _json_value(v) for k, v in data.items() if k != "DELETE"}
            if any(v not in (None, "") for v in row.values()):
                kept.append(row)
        return kept


def row_formset_class(spec: OutputField) -> type[BaseRowFormSet]:
    row_form = type(
        f"{spec.name.title()}RowForm",
        (forms.Form,),
        {sub.name: form_field(sub) for sub in spec.subfields},
    )
    return formset_factory(  # type: ignore[return-value]
        row_form,
        formset=BaseRowFormSet,
        extra=EMPTY_ROWS,
        can_delete=True,
        can_delete_extra=False,
        max_num=MAX_ROWS,
        absolute_max=MAX_ROWS,
        validate_max=True,
    )


@dataclass
class EditorPart:
    """One field of the form, in the method's order: a plain field or a repeated group."""

    spec: OutputField
    bound_field: forms.BoundField | None = None
    formset: BaseRowFormSet | None = None
    theirs: ShownField | None = None  # after a conflict: what the other person saved here
    theirs_empty: bool = False

    @property
    def is_group(self) -> bool:
        return self.spec.kind == GROUP


class HarvestEditor:
    """The whole harvest form: plain fields, one formset per group, and the version."""

    def __init__(
        self,
        specs: Sequence[OutputField],
        *,
        saved: Mapping[str, Any],
        version: int,
        data: Mapping[str, Any] | None = None,
    ) -> None:
        self.specs = tuple(specs)
        plain = [s for s in self.specs if s.kind != GROUP]
        self.fields_form = FieldsForm(
            data, prefix="f", specs=plain, initial={s.name: saved.get(s.name) for s in plain}
        )
        self.version_form = VersionForm(data, initial={"version": version})
        self.formsets: dict[str, BaseRowFormSet] = {}
        for spec in self.specs:
            if spec.kind == GROUP:
                rows = [r for r in saved.get(spec.name) or [] if isinstance(r, Mapping)]
                self.formsets[spec.name] = row_formset_class(spec)(
                    data, prefix=f"g-{spec.name}", initial=rows
                )
        self.parts = [
            EditorPart(spec=s, formset=self.formsets[s.name])
            if s.kind == GROUP
            else EditorPart(spec=s, bound_field=self.fields_form[s.name])
            for s in self.specs
        ]

    def is_valid(self) -> bool:
        results = [self.fields_form.is_valid(), self.version_form.is_valid()]
        results += [formset.is_valid() for formset in self.formsets.values()]
        return all(results)

    @property
    def version(self) -> int:
        return int(self.version_form.cleaned_data["version"])

    @property
    def has_errors(self) -> bool:
        return bool(
            self.fields_form.errors
            or self.version_form.errors
            or any(fs.total_error_count() for fs in self.formsets.values())
        )

    @property
    def version_field(self) -> forms.BoundField:
        return self.version_form["version"]

    def cleaned_data(self) -> HarvestData:
        """The JSON to store (after is_valid())."""
        raw: dict[str, Any] = {
            name: _json_value(value) for name, value in self.fields_form.cleaned_data.items()
        }
        for name, formset in self.formsets.items():
            raw[name] = formset.rows()
        return clean_harvest_data(self.specs, raw)

    def show_theirs(self, theirs: Mapping[str, Any], mine: Mapping[str, Any]) -> list[str]:
        """After a conflict, put next to each field what the other person saved, where it
        differs from what this person typed. Returns the labels of those fields."""
        shown = {s.spec.name: s for s in show_harvest(self.specs, theirs)}
        differing = []
        for part in self.parts:
            name = part.spec.name
            if theirs.get(name) == mine.get(name):
                continue
            part.theirs = shown.get(name)
            part.theirs_empty = part.theirs is None
            differing.append(str(part.spec.label))
        return differing
