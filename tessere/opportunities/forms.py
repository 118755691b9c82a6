"""Forms of the opportunities board: posting or editing one, and the board's filters.

Territories are offered as the programme's regions and provinces (checkboxes, a dozen in all)
and, optionally, its municipalities (one list grouped by province): usable on a phone and
without JavaScript. The rules are the service's own (`services.check_content`): the form puts
their messages under the fields and keeps what was typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tessere.registry.models import (
    Organisation,
    Partnership,
    Programme,
    ProgrammeRole,
    Project,
    ProjectRole,
    Territory,
)

from .models import LANGUAGES, Opportunity
from .permissions import is_team
from .queries import provinces_by_region
from .services import OpportunityContent, check_content, clean_link

DATE_INPUT = {"type": "date"}


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d")


def _model_field(name: str, **kwargs: Any) -> forms.Field:
    model_field = Opportunity._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    formfield = model_field.formfield(**kwargs)
    assert formfield is not None
    return formfield


@dataclass(frozen=True)
class Place:
    pk: int
    kind: str
    name: str
    parent_id: int | None


class ProgrammeTerritories:
    """The regions, provinces and municipalities of a programme (all regions loaded when it
    names none), read in one query and grouped for the form's lists."""

    def __init__(self, programme: Programme) -> None:
        region_ids = list(programme.regions.values_list("pk", flat=True))
        places = Territory.objects.order_by("name")
        if region_ids:
            places = places.filter(
                Q(pk__in=region_ids)
                | Q(parent_id__in=region_ids)
                | Q(parent__parent_id__in=region_ids)
            )
        self.places = {
            pk: Place(pk, kind, name, parent_id)
            for pk, kind, name, parent_id in places.values_list("pk", "kind", "name", "parent_id")
        }

    def of_kind(self, kind: str) -> list[Place]:
        return [p for p in self.places.values() if p.kind == kind]

    def children(self, parent: Place, kind: str) -> list[Place]:
        return [p for p in self.places.values() if p.kind == kind and p.parent_id == parent.pk]

    def area_choices(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """[(region, [(region id, "whole region"), (province id, name)...])...]"""
        groups = []
        for region in self.of_kind(Territory.Kind.REGION):
            options = [
                (
                    str(region.pk),
                    str(_("%(region)s, the whole region") % {"region": region.name}),
                )
            ]
            options += [(str(p.pk), p.name) for p in self.children(region, Territory.Kind.PROVINCE)]
            groups.append((region.name, options))
        return groups

    def municipality_choices(self) -> list[tuple[str, list[tuple[str, str]]]]:
        provinces = sorted(self.of_kind(Territory.Kind.PROVINCE), key=lambda p: p.name)
        by_province: dict[int, list[tuple[str, str]]] = {p.pk: [] for p in provinces}
        for place in self.of_kind(Territory.Kind.MUNICIPALITY):
            if place.parent_id in by_province:
                by_province[place.parent_id].append((str(place.pk), place.name))
        return [(p.name, by_province[p.pk]) for p in provinces if by_province[p.pk]]


class OpportunityForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Choose the kind")), *Opportunity.Kind.choices]
    )
    title = _model_field("title")
    description = _model_field(
        "description",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What it is, for whom, how to take part. Markdown: **bold**, *italics*, lists, links."
        ),
    )
    project = forms.ModelChoiceField(
        label=_("Offered by the project"),
        queryset=Project.objects.none(),
        required=False,
        empty_label=_("No project"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Offered by the organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("No organisation"),
        help_text=_("A project, an organisation, or both."),
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=Opportunity.Scope.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Local: some municipalities or a province. Regional: a whole region. "
            "Interregional: Piedmont and Liguria, or beyond."
        ),
    )
    areas = forms.MultipleChoiceField(
        label=_("Regions and provinces"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Where it takes place or whom it serves."),
    )
    municipalities = forms.MultipleChoiceField(
        label=_("Municipalities"),
        required=False,
        widget=forms.SelectMultiple(
            attrs={
                "size": 8,
                "data-filterable": "",
                "data-filter-label": _("Filter the list"),
                "data-filter-placeholder": _("Type a municipality or a province"),
            }
        ),
        help_text=_(
            "Optional: only if it concerns some municipalities. "
            "To choose several, hold Ctrl (⌘ on a Mac) while clicking."
        ),
    )
    audience = forms.ChoiceField(
        label=_("For"), choices=Opportunity.Audience.choices, widget=forms.RadioSelect
    )
    starts_on = forms.DateField(label=_("First day"), required=False, widget=_date_widget())
    ends_on = forms.DateField(
        label=_("Last day"),
        required=False,
        widget=_date_widget(),
        help_text=_("Leave empty for a single day."),
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=_date_widget(),
        help_text=_("To apply or register. A first day, a deadline, or both."),
    )
    time_note = _model_field("time_note")
    is_online = _model_field("is_online", label=_("Online"))
    place = _model_field(
        "place", help_text=_("In person: the venue and address, e.g. Sala civica, via Roma 3.")
    )
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    registration_url = forms.CharField(
        label=_("Registration link"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"inputmode": "url", "placeholder": "https://"}),
        help_text=_("A web address starting with https:// or http://."),
    )
    contact = _model_field(
        "contact",
        help_text=_("An office address, email or phone number of the organisation, for questions."),
    )
    is_public = _model_field("is_public", label=_("Public"))

    def __init__(
        self,
        *args: Any,
        programme: Programme,
        user: Any,
        instance: Opportunity | None = None,
        **kwargs: Any,
    ) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_from(instance)
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.user = user
        self.instance = instance
        self.territories = ProgrammeTerritories(programme)
        fields = self.fields
        cast(forms.ModelChoiceField, fields["project"]).queryset = projects_for(user, programme)
        cast(forms.ModelChoiceField, fields["organisation"]).queryset = organisations_for(
            user, programme, keep=instance.organisation_id if instance else None
        )
        cast(forms.MultipleChoiceField, fields["areas"]).choices = self.territories.area_choices()
        municipality_choices = self.territories.municipality_choices()
        cast(forms.MultipleChoiceField, fields["municipalities"]).choices = municipality_choices
        cast(forms.ChoiceField, fields["municipality"]).choices = [
            ("", _("None")),
            *municipality_choices,
        ]
        if instance is None and not self.is_bound:
            self.initial.setdefault("languages", ["it"])
            self.initial.setdefault("is_public", True)

    @property
    def area_groups(self) -> list[tuple[str, list[Any]]]:
        """The checkboxes of `areas` by region, for the template's fieldsets."""
        bound = self["areas"]
        widgets = list(bound)
        groups: list[tuple[str, list[Any]]] = []
        index = 0
        for region_name, options in self.territories.area_choices():
            groups.append((region_name, widgets[index : index + len(options)]))
            index += len(options)
        return groups

    def clean_registration_url(self) -> str:
        return clean_link(self.cleaned_data.get("registration_url", ""))

    def _territories(self, ids: Iterable[str]) -> list[Territory]:
        wanted = [int(pk) for pk in ids if str(pk).isdigit() and int(pk) in self.territories.places]
        return list(Territory.objects.filter(pk__in=wanted)) if wanted else []

    def content(self) -> OpportunityContent:
        data = self.cleaned_data
        territories = self._territories([*data.get("areas", []), *data.get("municipalities", [])])
        municipality_id = data.get("municipality") or ""
        municipality = None
        if municipality_id:
            found = self._territories([municipality_id])
            municipality = found[0] if found else None
        return OpportunityContent(
            kind=data.get("kind", ""),
            title=data.get("title", ""),
            description=data.get("description", ""),
            scope=data.get("scope", ""),
            audience=data.get("audience", ""),
            project=data.get("project"),
            organisation=data.get("organisation"),
            territories=territories,
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
            deadline=data.get("deadline"),
            time_note=data.get("time_note", ""),
            is_online=bool(data.get("is_online")),
            place=data.get("place", ""),
            municipality=municipality,
            languages=list(data.get("languages", [])),
            registration_url=data.get("registration_url", ""),
            contact=data.get("contact", ""),
            is_public=bool(data.get("is_public")),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        content = self.content()
        errors = check_content(self.programme, content, is_new=self.instance is None)
        for name, messages in errors.items():
            target = name if name in self.fields else None
            if target is not None and target in self.errors:
                continue  # the field's own message (a date that is not a date) says enough
            self.add_error(target, ValidationError(messages))
        self.content_checked = content
        return data


def initial_from(opportunity: Opportunity) -> dict[str, Any]:
    territories = list(opportunity.territories.all())
    return {
        "kind": opportunity.kind,
        "title": opportunity.title,
        "description": opportunity.description,
        "project": opportunity.project_id,
        "organisation": opportunity.organisation_id,
        "scope": opportunity.scope,
        "areas": [str(t.pk) for t in territories if t.kind != Territory.Kind.MUNICIPALITY],
        "municipalities": [str(t.pk) for t in territories if t.kind == Territory.Kind.MUNICIPALITY],
        "audience": opportunity.audience,
        "starts_on": opportunity.starts_on,
        "ends_on": opportunity.ends_on,
        "deadline": opportunity.deadline,
        "time_note": opportunity.time_note,
        "is_online": opportunity.is_online,
        "place": opportunity.place,
        "municipality": str(opportunity.municipality_id or ""),
        "languages": list(opportunity.languages or []),
        "registration_url": opportunity.registration_url,
        "contact": opportunity.contact,
        "is_public": opportunity.is_public,
    }


def projects_for(user: Any, programme: Programme) -> QuerySet[Project]:
    """The programme's projects, the ones the person coordinates or represents first."""
    own = ProjectRole.objects.filter(
        user=user,
        project=OuterRef("pk"),
        role__in=[ProjectRole.Role.COORDINATOR, ProjectRole.Role.REPRESENTATIVE],
    )
    return (
        Project.objects.filter(programme=programme)
        .annotate(own=Exists(own))
        .order_by("-own", "acronym")
    )


def organisations_for(
    user: Any, programme: Programme, *, keep: int | None = None
) -> QuerySet[Organisation]:
    """The programme team may name any organisation; the others, the partner organisations of
    their projects in this programme and the organisation of their programme role."""
    if is_team(user, programme):
        return Organisation.objects.order_by("name")
    own_projects = ProjectRole.objects.filter(user=user, project__programme=programme).values(
        "project_id"
    )
    partners = Partnership.objects.filter(project_id__in=own_projects).values("organisation_id")
    through_programme = ProgrammeRole.objects.filter(
        user=user, programme=programme, organisation__isnull=False
    ).values("organisation_id")
    condition = Q(pk__in=partners) | Q(pk__in=through_programme)
    if keep is not None:
        condition |= Q(pk=keep)
    return Organisation.objects.filter(condition).order_by("name")


# --- The board's filters -----------------------------------------------------------------------
class OpportunityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Opportunity.Kind.choices]
    )
    scope = forms.ChoiceField(
        label=_("Scope"), required=False, choices=[("", _("Any scope")), *Opportunity.Scope.choices]
    )
    audience = forms.ChoiceField(
        label=_("For"),
        required=False,
        choices=[("", _("Anyone")), *Opportunity.Audience.choices],
    )
    province = forms.ChoiceField(label=_("Province"), required=False)
    near = forms.BooleanField(label=_("Near my organisation"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=_date_widget())
    date_to = forms.DateField(label=_("To"), required=False, widget=_date_widget())

    def __init__(self, *args: Any, show_near: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = provinces_by_region()
        self.provinces = {p.pk: p for _region, provinces in groups for p in provinces}
        cast(forms.ChoiceField, self.fields["province"]).choices = [
            ("", _("Any province")),
            *[
                (region.name, [(str(p.pk), p.name) for p in provinces])
                for region, provinces in groups
            ],
        ]
        if not show_near:
            del self.fields["near"]

    def clean_province(self) -> Territory | None:
        value = self.cleaned_data.get("province") or ""
        return self.provinces.get(int(value)) if value.isdigit() else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("This date is before the “from” date."))
        return data
