"""The search page's form: the words, and the filters by type, project, theme and dates.

Invalid filters (a date that is not one, a project one may not see) are reported and ignored;
the words are always searched. A query longer than MAX_QUERY characters is cut, and said so.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tessere.core.search import search_sources

MAX_QUERY = 200
DATE_INPUT = {"type": "date"}


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Every word must appear; accents and word endings do not matter."),
    )
    type = forms.ChoiceField(label=_("Type"), required=False)
    project = forms.TypedChoiceField(
        label=_("Project"), required=False, coerce=int, empty_value=None
    )
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
    )

    def __init__(
        self,
        *args: Any,
        projects: list[tuple[int, str]],
        themes: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.trimmed = False
        choices: dict[str, list[tuple[Any, Any]]] = {
            "type": [("", _("All types")), *((s.key, s.label) for s in search_sources.sources())],
            "project": [("", _("All projects")), *projects],
            "theme": [("", _("All themes")), *themes],
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = options

    def clean_q(self) -> str:
        value: str = self.cleaned_data.get("q") or ""
        if len(value) > MAX_QUERY:
            self.trimmed = True
            value = value[:MAX_QUERY]
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
            data.pop("date_to", None)
        return data
