"""Forms of the mentoring sessions: they parse and validate; services/sessions.py writes.

(The findings, actions and capacity forms live in forms_findings.py, forms_actions.py and
forms_capacity.py.) Times are Italian wall-clock time (Europe/Rome): a time that does not exist
(spring forward) or happens twice (autumn fall-back) is refused with a message saying why.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.validators import URLValidator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tessere.accounts.models import User
from tessere.core.pii import PersonalDataCheckMixin
from tessere.core.timefields import RomeDateTimeField
from tessere.registry.models import PROGRAMME_TEAM_ROLES, Programme, Project, Territory

from .models import Session, SharedResource

http_only = URLValidator(schemes=["http", "https"], message=_("Enter an http:// or https:// link."))


# Italian wall-clock time: tessere.core.timefields (shared with the meetings' forms).
# --- Who may be chosen ---------------------------------------------------------------------------
def mentors_for(programme: Programme) -> QuerySet[User]:
    """People with a team role on the programme (admins, facilitators, mentors)."""
    return (
        User.objects.filter(
            programme_roles__programme=programme,
            programme_roles__role__in=PROGRAMME_TEAM_ROLES,
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def participants_for(project: Project) -> QuerySet[User]:
    """People with a role in the project (any partner organisation)."""
    return (
        User.objects.filter(project_roles__project=project, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def municipalities_for(programme: Programme) -> QuerySet[Territory]:
    """The municipalities of the programme's regions (all of them when it names none)."""
    towns = Territory.objects.filter(kind=Territory.Kind.MUNICIPALITY)
    region_ids = list(programme.regions.values_list("pk", flat=True))
    if region_ids:
        towns = towns.filter(Q(parent__parent_id__in=region_ids) | Q(parent_id__in=region_ids))
    return towns.order_by("name")


# --- A session -----------------------------------------------------------------------------------
class SessionForm(PersonalDataCheckMixin, forms.ModelForm):
    pii_fields = ["agenda", "notes", "monitoring_summary", "next_steps"]

    start = RomeDateTimeField(label=_("Start"), help_text=_("Italian time."))
    end = RomeDateTimeField(label=_("End"), help_text=_("Italian time."))
    participants = forms.ModelMultipleChoiceField(
        label=_("Participants"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People of the partnership; each is recorded with their organisation."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = Session
        fields = [
            "start",
            "end",
            "mode",
            "address",
            "municipality",
            "mentors",
            "agenda",
            "notes",
            "monitoring_summary",
            "next_steps",
        ]
        widgets = {
            "mode": forms.RadioSelect,
            "mentors": forms.CheckboxSelectMultiple,
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 12}),
            "monitoring_summary": forms.Textarea(attrs={"rows": 4}),
            "next_steps": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        fields = self.fields
        mentors = cast(forms.ModelMultipleChoiceField, fields["mentors"])
        mentors.queryset = mentors_for(project.programme)
        mentors.help_text = _("People of the programme team.")
        cast(forms.ModelMultipleChoiceField, fields["participants"]).queryset = participants_for(
            project
        )
        cast(forms.ModelChoiceField, fields["municipality"]).queryset = municipalities_for(
            project.programme
        )
        fields["notes"].help_text = _(
            "Markdown. Do not write personal data of the people the project serves (names, tax "
            "codes, phone numbers, email addresses, bank details)."
        )
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
            self.initial["participants"] = [p.user_id for p in self.instance.participants.all()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The end must come after the start."))
        on_site = data.get("mode") == Session.Mode.ON_SITE
        if on_site and not data.get("address") and "address" not in self.errors:
            self.add_error("address", _("Where did the session take place? The address."))
        if data.get("mode") == Session.Mode.ONLINE:
            data["address"], data["municipality"] = "", None
        return data


class SharedResourceForm(forms.ModelForm):
    url = forms.URLField(
        label=_("Link"), assume_scheme="https", validators=[http_only], max_length=200
    )

    class Meta:
        model = SharedResource
        fields = ["title", "url", "note"]


class BaseResourceFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict[str, Any]]:
        """The filled rows, in order (blank rows and rows marked for removal left out)."""
        return [
            {k: form.cleaned_data[k] for k in ("title", "url", "note")}
            for form in self.forms
            if form.cleaned_data
            and form.cleaned_data.get("title")
            and not form.cleaned_data.get("DELETE")
        ]


ResourceFormSet = forms.formset_factory(
    SharedResourceForm, formset=BaseResourceFormSet, extra=2, max_num=20, can_delete=True
)


def resource_formset(data: Any = None, *, session: Session | None = None) -> BaseResourceFormSet:
    initial = (
        [{"title": r.title, "url": r.url, "note": r.note} for r in session.resources.order_by("pk")]
        if session is not None
        else []
    )
    return cast(BaseResourceFormSet, ResourceFormSet(data, initial=initial, prefix="resources"))
