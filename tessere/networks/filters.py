"""The filters of the map, the exports and the JSON (GET parameters): wave, tie kind, source,
project, province, and how the map colours and sizes the organisations.

The choices are built from lists read once (waves, projects, provinces), so validating and
rendering the form costs no query. A value that is not valid is ignored (the page says so).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TieKind, TieSource, Wave
from .queries import NetworkFilters

COLOUR_CHOICES = [
    ("project", _("project")),
    ("province", _("province")),
    ("kind", _("organisation type")),
]
SIZE_CHOICES = [("degree", _("degree (number of ties)")), ("betweenness", _("betweenness"))]


class NetworkFilterForm(forms.Form):
    wave = forms.ChoiceField(label=_("Wave"), required=False)
    kind = forms.ChoiceField(label=_("Kind of tie"), required=False)
    source = forms.ChoiceField(label=_("Source"), required=False)
    project = forms.TypedChoiceField(
        label=_("Project"), required=False, coerce=int, empty_value=None
    )
    province = forms.TypedChoiceField(
        label=_("Province"), required=False, coerce=int, empty_value=None
    )
    colour = forms.ChoiceField(label=_("Colour by"), required=False, choices=COLOUR_CHOICES)
    size = forms.ChoiceField(label=_("Size by"), required=False, choices=SIZE_CHOICES)

    def __init__(
        self,
        data: Any = None,
        *,
        waves: list[Wave],
        projects: dict[int, str],
        provinces: dict[int, str],
        default: Wave | None,
    ) -> None:
        super().__init__(data)
        self.waves = {wave.label: wave for wave in waves}
        self.default_wave = default
        everything = [("", _("all"))]
        fields = self.fields
        wave_field = fields["wave"]
        assert isinstance(wave_field, forms.ChoiceField)
        wave_field.choices = [
            (wave.label, f"{wave.label} · {wave.title}") for wave in reversed(waves)
        ]
        if not waves:
            wave_field.choices = [("", _("today (no wave yet)"))]
        for name, choices in (
            ("kind", TieKind.choices),
            ("source", TieSource.choices),
            ("project", list(projects.items())),
            ("province", list(provinces.items())),
        ):
            field = fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = everything + list(choices)
        self.initial = {
            "wave": default.label if default else "",
            "colour": "project",
            "size": "degree",
        }

    def _value(self, name: str) -> Any:
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None

    def network_filters(self) -> NetworkFilters:
        """The valid filters (an invalid one is left out, the default wave stands in)."""
        label = self._value("wave")
        return NetworkFilters(
            wave=self.waves.get(label or "", self.default_wave),
            kind=self._value("kind") or "",
            source=self._value("source") or "",
            project=self._value("project"),
            province=self._value("province"),
        )

    @property
    def colour_by(self) -> str:
        return self._value("colour") or "project"

    @property
    def size_by(self) -> str:
        return self._value("size") or "degree"
