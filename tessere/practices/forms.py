"""Forms of good practices: drafting or editing one (carrying the version it was opened at),
the list's filters, and the programme team's review.

Territories are offered as the programme's regions and provinces (checkboxes) and, optionally,
its municipalities (one list grouped by province): usable on a phone and without JavaScript.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tessere.accounts.models import User
from tessere.core.forms import SafeModelMultipleChoiceField
from tessere.core.pii import PersonalDataCheckMixin
from tessere.registry.models import (
    Programme,
    Project,
    ProjectRole,
    Territory,
    Theme,
    members_of,
)

from .documents import FIELD as DOCUMENTS
from .documents import documents_available, visible_documents
from .models import GoodPractice
from .permissions import is_team
from .queries import projects_for_filter, territory_choices
from .services import PracticeContent

MARKDOWN_HINT = _("Markdown: **bold**, *italics*, lists, links.")


def _text(label: Any, help_text: Any, *, required: bool, rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=f"{help_text} {MARKDOWN_HINT}",
    )


class ProgrammePlaces:
    """The regions, provinces and municipalities of a programme (every region when it names
    none), read in one query and grouped for the form's lists."""

    def __init__(self, programme: Programme) -> None:
        region_ids = list(programme.regions.values_list("pk", flat=True))
        places = Territory.objects.order_by("name")
        if region_ids:
            places = places.filter(
                Q(pk__in=region_ids)
                | Q(parent_id__in=region_ids)
                | Q(parent__parent_id__in=region_ids)
            )
        self.places: dict[int, tuple[str, str, int | None]] = {
            pk: (kind, name, parent_id)
            for pk, kind, name, parent_id in places.values_list("pk", "kind", "name", "parent_id")
        }

    def _of_kind(self, kind: str, parent: int | None = None) -> list[tuple[int, str]]:
        return [
            (pk, name)
            for pk, (k, name, parent_id) in self.places.items()
            if k == kind and (parent is None or parent_id == parent)
        ]

    def area_choices(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """[(region, [(region id, "the whole region"), (province id, name)...])...]"""
        groups = []
        for region_pk, region_name in self._of_kind(Territory.Kind.REGION):
            options = [
                (
                    str(region_pk),
                    str(_("%(region)s, the whole region") % {"region": region_name}),
                )
            ]
            options += [
                (str(pk), name) for pk, name in self._of_kind(Territory.Kind.PROVINCE, region_pk)
            ]
            groups.append((region_name, options))
        return groups

    def municipality_choices(self) -> list[tuple[str, list[tuple[str, str]]]]:
        groups = []
        for province_pk, province_name in self._of_kind(Territory.Kind.PROVINCE):
            towns = self._of_kind(Territory.Kind.MUNICIPALITY, province_pk)
            if towns:
                groups.append((province_name, [(str(pk), name) for pk, name in towns]))
        return groups


class PeopleField(SafeModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class PracticeForm(PersonalDataCheckMixin, forms.Form):
    # The contact is meant to hold an organisation's address: it is not checked.
    pii_fields = (
        "title",
        "summary",
        "context",
        "problem",
        "practice",
        "resources",
        "results",
        "transferability",
    )

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("In one sentence"),
        max_length=300,
        help_text=_("What the practice is, in one sentence: it is shown in lists."),
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.none(),
        required=False,
        empty_label=_("No project: it comes from the community"),
    )
    context = _text(
        _("Context"), _("Where, when, with whom: the situation it started from."), required=True
    )
    problem = _text(_("The problem"), _("What needed to change, and for whom."), required=True)
    practice = _text(
        _("The practice: what was done"),
        _("What was done, step by step, and by whom."),
        required=True,
        rows=8,
    )
    resources = _text(
        _("Resources used"), _("People, money, time, tools and spaces it took."), required=False
    )
    results = _text(
        _("Results"), _("What changed, with figures where you have them."), required=False
    )
    transferability = _text(
        _("Conditions to transfer it elsewhere"),
        _("What another territory or organisation needs to do it too, and what to avoid."),
        required=False,
    )
    contact = forms.CharField(
        label=_("Contact"),
        max_length=300,
        required=False,
        help_text=_(
            "Who to contact to learn more: an organisation's office or its public address "
            "(for example info@…), not a private person's details unless they agreed."
        ),
    )
    themes = SafeModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas = forms.MultipleChoiceField(
        label=_("Regions and provinces"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Where it was done."),
    )
    municipalities = forms.MultipleChoiceField(
        label=_("Municipalities"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "Optional: the municipalities where it was done. "
            "To choose several, hold Ctrl (⌘ on a Mac) while clicking."
        ),
    )
    authors = PeopleField(
        label=_("Authors"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_(
            "Members of the programme who wrote it with you. "
            "To choose several, hold Ctrl (⌘ on a Mac) while clicking."
        ),
    )
    documents = SafeModelMultipleChoiceField(
        label=_("Linked documents"),
        queryset=GoodPractice.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_(
            "Documents of the work repository about this practice (deposit them there first). "
            "To choose several, hold Ctrl (⌘ on a Mac) while clicking."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(
        self,
        *args: Any,
        programme: Programme,
        user: Any,
        instance: GoodPractice | None = None,
        **kwargs: Any,
    ) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_from(instance)
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.instance = instance
        self.places = ProgrammePlaces(programme)
        fields = self.fields
        cast(forms.ModelChoiceField, fields["project"]).queryset = projects_for(
            user, programme, keep=instance.project_id if instance else None
        )
        cast(forms.ModelMultipleChoiceField, fields["themes"]).queryset = Theme.objects.order_by(
            "name"
        )
        cast(forms.MultipleChoiceField, fields["areas"]).choices = self.places.area_choices()
        cast(
            forms.MultipleChoiceField, fields["municipalities"]
        ).choices = self.places.municipality_choices()
        authors = cast(forms.ModelMultipleChoiceField, fields["authors"])
        members = User.objects.filter(
            is_active=True, pk__in=User.objects.filter(members_of([programme.pk])).values("pk")
        ).order_by("last_name", "first_name", "pk")
        authors.queryset = members if instance is not None else members.exclude(pk=user.pk)
        # Only documents the person may see are offered; links to others stay as they are.
        self.kept_documents: list[Any] = []
        visible = visible_documents(user)
        if visible is None:
            del fields["documents"]
        else:
            offered = visible.filter(space__programme=programme).order_by("title", "pk")
            cast(forms.ModelMultipleChoiceField, fields["documents"]).queryset = offered
            if instance is not None:
                self.kept_documents = list(
                    getattr(instance, DOCUMENTS).exclude(pk__in=visible.values("pk"))
                )
        if instance is None:
            authors.label = _("Co-authors")
            authors.help_text = _(
                "You are an author. Name the members of the programme who wrote it with you. "
                "To choose several, hold Ctrl (⌘ on a Mac) while clicking."
            )

    @property
    def area_groups(self) -> list[tuple[str, list[Any]]]:
        """The checkboxes of `areas` by region, for the template's fieldsets."""
        widgets = list(self["areas"])
        groups: list[tuple[str, list[Any]]] = []
        index = 0
        for region_name, options in self.places.area_choices():
            groups.append((region_name, widgets[index : index + len(options)]))
            index += len(options)
        return groups

    def _territories(self) -> list[Territory]:
        data = self.cleaned_data
        ids = [*data.get("areas", []), *data.get("municipalities", [])]
        wanted = [int(pk) for pk in ids if str(pk).isdigit() and int(pk) in self.places.places]
        return list(Territory.objects.filter(pk__in=wanted)) if wanted else []

    def content(self) -> PracticeContent:
        data = self.cleaned_data
        return PracticeContent(
            title=data.get("title", ""),
            summary=data.get("summary", ""),
            context=data.get("context", ""),
            problem=data.get("problem", ""),
            practice=data.get("practice", ""),
            resources=data.get("resources", ""),
            results=data.get("results", ""),
            transferability=data.get("transferability", ""),
            contact=data.get("contact", ""),
            project=data.get("project"),
            territories=self._territories(),
            themes=list(data.get("themes") or []),
            authors=list(data.get("authors") or []),
            documents=[*(data.get("documents") or []), *self.kept_documents],
        )


def initial_from(practice: GoodPractice) -> dict[str, Any]:
    territories = list(practice.territories.all())
    return {
        "title": practice.title,
        "summary": practice.summary,
        "project": practice.project_id,
        "context": practice.context,
        "problem": practice.problem,
        "practice": practice.practice,
        "resources": practice.resources,
        "results": practice.results,
        "transferability": practice.transferability,
        "contact": practice.contact,
        "themes": [t.pk for t in practice.themes.all()],
        "areas": [str(t.pk) for t in territories if t.kind != Territory.Kind.MUNICIPALITY],
        "municipalities": [str(t.pk) for t in territories if t.kind == Territory.Kind.MUNICIPALITY],
        "authors": [a.pk for a in practice.authors.all()],
        "documents": (
            list(getattr(practice, DOCUMENTS).values_list("pk", flat=True))
            if documents_available()
            else []
        ),
        "version": practice.version,
    }


def projects_for(user: Any, programme: Programme, *, keep: int | None = None) -> QuerySet[Project]:
    """The programme team may attribute a practice to any project of the programme; the
    others, to the projects they hold a role in (and the one it already has)."""
    projects = Project.objects.filter(programme=programme)
    if not is_team(user, programme):
        own = Q(pk__in=ProjectRole.objects.filter(user=user).values("project_id"))
        projects = projects.filter(own | Q(pk=keep) if keep else own)
    mine = ProjectRole.objects.filter(user=user, project=OuterRef("pk"))
    return projects.annotate(own=Exists(mine)).order_by("-own", "acronym")


# --- The list's filters ------------------------------------------------------------------------
class PracticeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    theme = forms.ModelChoiceField(
        label=_("Theme"), required=False, queryset=Theme.objects.none(), empty_label=_("All themes")
    )
    territory = forms.ChoiceField(label=_("Territory"), required=False)
    project = forms.ModelChoiceField(
        label=_("Project"),
        required=False,
        queryset=Project.objects.none(),
        empty_label=_("All projects"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["theme"]).queryset = Theme.objects.order_by("name")
        cast(forms.ModelChoiceField, self.fields["project"]).queryset = projects_for_filter(user)
        cast(forms.ChoiceField, self.fields["territory"]).choices = [
            ("", _("Anywhere")),
            *territory_choices(),
        ]

    def clean_territory(self) -> Territory | None:
        value = self.cleaned_data.get("territory") or ""
        if not value.isdigit():
            return None
        return (
            Territory.objects.filter(pk=int(value))
            .exclude(kind=Territory.Kind.MUNICIPALITY)
            .first()
        )


# --- The review --------------------------------------------------------------------------------
class ReviewForm(forms.Form):
    PUBLISH = "publish"
    RETURN = "return"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (PUBLISH, _("Publish it")),
            (RETURN, _("Return it to the authors with a comment")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment for the authors"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to return it: say what to change. The authors will read it."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == self.RETURN and not (data.get("comment") or "").strip():
            self.add_error(
                "comment", _("Write what the authors should change: the comment is required.")
            )
        return data
