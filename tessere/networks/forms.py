"""Forms of the survey pages: a wave, an organisation's answer (one row per declared tie, a
formset that works without JavaScript), an organisation not yet listed, a recorded tie."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.formsets import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _

from tessere.registry.models import Organisation, Programme, Project, Territory

from .models import DIRECTED_KINDS, Tie, TieKind, Wave
from .services.responses import NOTE_MAX, check_declared_ties
from .services.ties import TieContent, check_tie_content
from .services.waves import WaveContent, check_wave_content

MAX_ROWS = 100
STRENGTH_CHOICES = [
    ("1", _("1 · occasional")),
    ("2", _("2 · regular")),
    ("3", _("3 · structured")),
]
DIRECTION_CHOICES = [
    ("out", _("we refer people to them")),
    ("in", _("they refer people to us")),
]
ROW_FIELDS = ("search", "target", "kind", "direction", "strength", "started_on", "projects", "note")
# The service's names for the row's fields.
SERVICE_FIELDS = {"target_org_id": "target", "started_on": "started_on"}
SEARCH_LIMIT = 30


Choices = list[tuple[Any, str]]


def date_input() -> forms.DateInput:
    """A native date picker (phones show their own); ISO value, any of our formats typed."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def organisation_label(name: str, town: str | None) -> str:
    return f"{name} · {town}" if town else name


def organisation_choices(
    programme: Programme, also: Iterable[int] = (), *, exclude: int | None = None
) -> Choices:
    """The programme's organisations (partners of its projects) and the ones named in `also`,
    by name, `exclude` left out (the organisation answering): the plain select of a row (one
    query)."""
    also_ids = sorted({pk for pk in also if isinstance(pk, int)})
    found = Organisation.objects.filter(
        Q(partnerships__project__programme=programme) | Q(pk__in=also_ids)
    )
    if exclude is not None:
        found = found.exclude(pk=exclude)
    rows = found.distinct().order_by("name", "pk").values_list("pk", "name", "municipality__name")
    return [(pk, organisation_label(name, town)) for pk, name, town in rows]


def search_organisations(
    programme: Programme, query: str, *, limit: int = SEARCH_LIMIT
) -> list[tuple[int, str]]:
    """Organisations whose name contains the words typed: the programme's first, then the rest
    of the registry (two queries)."""
    words = query.split()[:6]
    if not words:
        return []
    matching = Q()
    for word in words:
        matching &= Q(name__icontains=word)
    base = Organisation.objects.filter(matching)
    inside = list(
        base.filter(partnerships__project__programme=programme)
        .distinct()
        .order_by("name", "pk")
        .values_list("pk", "name", "municipality__name")[:limit]
    )
    found = [(pk, organisation_label(name, town)) for pk, name, town in inside]
    if len(found) < limit:
        seen = [pk for pk, _label in found]
        rest = (
            base.exclude(pk__in=seen)
            .order_by("name", "pk")
            .values_list("pk", "name", "municipality__name")[: limit - len(found)]
        )
        found += [(pk, organisation_label(name, town)) for pk, name, town in rest]
    return found


def project_choices(programme: Programme) -> Choices:
    return list(
        Project.objects.filter(programme=programme).order_by("acronym").values_list("pk", "acronym")
    )


# --- Waves -----------------------------------------------------------------------------------------
class WaveForm(forms.Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=12,
        help_text=_("Short, used in the address: T0, T1, T2..."),
    )
    title = forms.CharField(label=_("Title"), max_length=160, help_text=_("Such as “Autumn 2021”."))
    opens_on = forms.DateField(label=_("Opens on"), widget=date_input())
    closes_on = forms.DateField(
        label=_("Closes on"),
        widget=date_input(),
        help_text=_("The network of the wave is the one of this day."),
    )

    def __init__(self, *args: Any, programme: Programme, wave: Wave | None = None, **kwargs: Any):
        if wave is not None:
            kwargs.setdefault(
                "initial",
                {
                    "label": wave.label,
                    "title": wave.title,
                    "opens_on": wave.opens_on,
                    "closes_on": wave.closes_on,
                },
            )
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.wave = wave

    def content(self) -> WaveContent:
        data = self.cleaned_data
        return WaveContent(
            label=data["label"], title=data["title"], opens_on=data["opens_on"],
            closes_on=data["closes_on"],
        )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            check_wave_content(self.programme, self.content(), self.wave)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return data


# --- One declared tie (a row of the answer) --------------------------------------------------------
class TieRowForm(forms.Form):
    """Every field is optional: a row left empty is ignored; a row begun must say with whom,
    what kind and how strong."""

    # After a search without JavaScript: how many organisations matched the name typed.
    search_results: int | None = None

    search = forms.CharField(
        label=_("Search by name"),
        required=False,
        max_length=100,
        help_text=_("Type part of the name, then choose the organisation in the list."),
    )
    target = forms.CharField(label=_("Organisation"), required=False, widget=forms.Select)
    kind = forms.ChoiceField(
        label=_("Kind of tie"), required=False, choices=[("", "—"), *TieKind.choices]
    )
    direction = forms.ChoiceField(
        label=_("Direction (only for referrals)"),
        required=False,
        choices=DIRECTION_CHOICES,
        initial="out",
    )
    strength = forms.TypedChoiceField(
        label=_("How strong"),
        required=False,
        choices=STRENGTH_CHOICES,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("The strength must be 1, 2 or 3.")},
    )
    started_on = forms.DateField(label=_("Since (optional)"), required=False, widget=date_input())
    projects = forms.TypedMultipleChoiceField(
        label=_("Projects it relates to (optional)"),
        required=False,
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 3}),
        error_messages={"invalid_choice": _("Choose projects of this programme.")},
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Seen only by the programme team and by who sees the projects' files."),
    )

    def __init__(
        self,
        *args: Any,
        organisations: Choices = (),  # type: ignore[assignment]
        projects: Choices = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        target = self.fields["target"]
        target.widget.choices = [("", _("— choose the organisation —")), *organisations]
        cast(forms.TypedMultipleChoiceField, self.fields["projects"]).choices = list(projects)
        # Ids for the htmx search: the search box fills this row's list.
        self.fields["search"].widget.attrs.update({"autocomplete": "off", "type": "search"})

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(
            data.get(name)
            for name in ("search", "target", "kind", "strength", "started_on", "note", "projects")
        )

    def clean_target(self) -> int | None:
        value = (self.cleaned_data.get("target") or "").strip()
        if not value:
            return None
        if not value.isdigit():
            raise ValidationError(_("This organisation is not in the list: choose another one."))
        return int(value)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("DELETE") or self.is_blank():
            return data
        if not data.get("target") and not data.get("search") and "target" not in self.errors:
            self.add_error("target", _("Choose the organisation."))
        if not data.get("kind") and "kind" not in self.errors:
            self.add_error("kind", _("Choose what kind of tie it is."))
        if data.get("strength") is None and "strength" not in self.errors:
            self.add_error("strength", _("Choose how strong the tie is."))
        return data

    def as_tie(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "target_org_id": data.get("target"),
            "kind": data.get("kind"),
            "direction": data.get("direction") or "out",
            "strength": data.get("strength"),
            "started_on": data.get("started_on"),
            "projects": list(data.get("projects") or []),
            "note": data.get("note") or "",
        }

    def raw(self) -> dict[str, Any]:
        """What was typed, as is (to show again without validating)."""
        return {name: self[name].value() for name in ROW_FIELDS}


class BaseTieRowFormSet(BaseFormSet):
    """The rows of an answer. Needs the wave and the organisation answering (the same checks as
    the service) and the choices of the rows' lists, computed once for every row."""

    form: type[TieRowForm]

    def __init__(
        self,
        *args: Any,
        wave: Wave,
        organisation: Organisation,
        organisations: Choices,
        projects: Choices,
        **kwargs: Any,
    ) -> None:
        self.wave = wave
        self.organisation = organisation
        self.organisations = organisations
        self.project_choices = projects
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"organisations": self.organisations, "projects": self.project_choices}

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this tie")

    def kept_forms(self) -> list[TieRowForm]:
        return [
            cast(TieRowForm, form)
            for form in self.forms
            if hasattr(form, "cleaned_data")
            and not form.cleaned_data.get("DELETE")
            and not cast(TieRowForm, form).is_blank()
        ]

    def clean(self) -> None:
        if any(self.errors):
            return
        kept = self.kept_forms()
        for form in kept:
            self._resolve_search(form)
        if any(form.errors for form in kept):
            return
        rows = [form.as_tie() for form in kept]
        for problem in check_declared_ties(
            wave=self.wave, organisation=self.organisation, ties=rows
        ):
            form = kept[problem.index]
            field = SERVICE_FIELDS.get(problem.field or "", problem.field)
            form.add_error(field if field in form.fields else None, problem.message)

    def _resolve_search(self, form: TieRowForm) -> None:
        """Without JavaScript, a name typed in the search box and no organisation chosen: use
        the one organisation it matches, or say what to do."""
        data = form.cleaned_data
        query = (data.get("search") or "").strip()
        if data.get("target") or not query:
            return
        found = search_organisations(self.wave.programme, query, limit=SEARCH_LIMIT)
        if len(found) == 1:
            data["target"] = found[0][0]
            return
        if not found:
            form.add_error(
                "search",
                _("No organisation is called like “%(query)s”: add it below as an organisation "
                  "not yet listed.") % {"query": query},
            )  # fmt: skip
            return
        # Several: the list of this row shows only those, to choose from.
        form.fields["target"].widget.choices = [("", _("— choose the organisation —")), *found]
        form.add_error(
            "target",
            _("%(count)s organisations match “%(query)s”: choose one in the list.")
            % {"count": len(found), "query": query},
        )

    def ties(self) -> list[dict[str, Any]]:
        """The declared ties to save (after is_valid())."""
        return [form.as_tie() for form in self.kept_forms()]

    def raw_rows(self) -> list[dict[str, Any]]:
        """The rows as typed, the removed ones left out (to add a row or an organisation
        without validating the others)."""
        rows = []
        for form in self.forms:
            if form["DELETE"].value():
                continue
            rows.append(cast(TieRowForm, form).raw())
        return rows


TieRowFormSet = cast(
    type[BaseTieRowFormSet],
    formset_factory(
        TieRowForm,
        formset=BaseTieRowFormSet,
        extra=0,
        can_delete=True,
        can_delete_extra=True,
        max_num=MAX_ROWS,
        absolute_max=MAX_ROWS,
        validate_max=True,
    ),
)


def referenced_organisation_ids(
    data: Mapping[str, Any] | None, rows: Sequence[Mapping[str, Any]]
) -> set[int]:
    """Organisations chosen in the rows (posted or saved): their names must be in the lists
    even when they are not partners of the programme's projects."""
    ids: set[int] = set()
    if data is not None:
        for key in data:
            if key.endswith("-target"):
                value = str(data.get(key) or "")
                if value.isdigit():
                    ids.add(int(value))
    for row in rows:
        chosen = row.get("target")
        if isinstance(chosen, int) or (isinstance(chosen, str) and chosen.isdigit()):
            ids.add(int(chosen))
    return ids


def tie_initial(tie: Tie, organisation_id: int) -> dict[str, Any]:
    """A saved declared tie as a row of the form."""
    incoming = tie.directed and tie.target_org_id == organisation_id
    return {
        "target": tie.source_org_id if incoming else tie.target_org_id,
        "kind": tie.kind,
        "direction": "in" if incoming else "out",
        "strength": str(tie.strength),
        "started_on": tie.started_on,
        "projects": [project.pk for project in tie.projects.all()],
        "note": tie.note,
    }


# --- An organisation not yet listed ----------------------------------------------------------------
_PLACE = re.compile(r"^(?P<name>.+?)\s*\((?P<car>[A-Za-z]{2})\)\s*$")


class NewOrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    municipality = forms.CharField(
        label=_("Municipality"),
        max_length=120,
        required=False,
        help_text=_("Such as “Saluzzo”, or “Saluzzo (CN)” when several have the name."),
    )
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", "—"), *Organisation.Kind.choices], required=True
    )

    def clean_municipality(self) -> Territory | None:
        text = " ".join((self.cleaned_data.get("municipality") or "").split())
        if not text:
            return None
        match = _PLACE.match(text)
        name, car = text, ""
        if match:
            name, car = match["name"], match["car"].upper()
        towns = Territory.objects.filter(kind=Territory.Kind.MUNICIPALITY, name__iexact=name)
        if car:
            towns = towns.filter(car_code=car)
        found = list(towns[:2])
        if not found:
            raise ValidationError(
                _("We do not know the municipality “%(name)s”: check how it is written.")
                % {"name": text}
            )
        if len(found) > 1:
            raise ValidationError(
                _("Several municipalities are called “%(name)s”: add the province, such as "
                  "“%(name)s (CN)”.") % {"name": name}
            )  # fmt: skip
        return found[0]

    def is_blank(self) -> bool:
        return not any((self.data.get(self.add_prefix(name)) or "").strip() for name in self.fields)


# --- A recorded tie --------------------------------------------------------------------------------
class RecordedTieForm(forms.Form):
    source_org = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    target_org = forms.TypedChoiceField(label=_("Works with"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind of tie"), choices=[("", "—"), *TieKind.choices])
    strength = forms.TypedChoiceField(
        label=_("How strong"),
        choices=STRENGTH_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("The strength must be 1, 2 or 3.")},
    )
    started_on = forms.DateField(label=_("Since"), required=False, widget=date_input())
    ended_on = forms.DateField(
        label=_("Until"),
        required=False,
        widget=date_input(),
        help_text=_("Fill it in when the tie has ended."),
    )
    projects = forms.TypedMultipleChoiceField(
        label=_("Projects it relates to"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose projects of this programme.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Seen only by the programme team and by who sees the projects' files."),
    )

    def __init__(
        self, *args: Any, programme: Programme, tie: Tie | None = None, **kwargs: Any
    ) -> None:
        if tie is not None:
            kwargs.setdefault(
                "initial",
                {
                    "source_org": tie.source_org_id,
                    "target_org": tie.target_org_id,
                    "kind": tie.kind,
                    "strength": str(tie.strength),
                    "started_on": tie.started_on,
                    "ended_on": tie.ended_on,
                    "projects": [p.pk for p in tie.projects.all()],
                    "note": tie.note,
                },
            )
        super().__init__(*args, **kwargs)
        self.programme = programme
        also = [tie.source_org_id, tie.target_org_id] if tie is not None else []
        choices = organisation_choices(programme, also)
        blank = [("", _("— choose the organisation —"))]
        for name in ("source_org", "target_org"):
            cast(forms.TypedChoiceField, self.fields[name]).choices = [*blank, *choices]
        self.names = dict(choices)
        cast(forms.TypedMultipleChoiceField, self.fields["projects"]).choices = project_choices(
            programme
        )

    def content(self) -> TieContent:
        data = self.cleaned_data
        organisations = Organisation.objects.in_bulk([data["source_org"], data["target_org"]])
        return TieContent(
            source_org=organisations[data["source_org"]],
            target_org=organisations[data["target_org"]],
            kind=data["kind"],
            strength=data["strength"],
            started_on=data.get("started_on"),
            ended_on=data.get("ended_on"),
            note=data.get("note") or "",
            directed=data["kind"] in DIRECTED_KINDS,
            projects=list(Project.objects.filter(pk__in=data.get("projects") or [])),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            check_tie_content(self.programme, self.content())
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return data
