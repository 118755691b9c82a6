from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Organisation, Programme, ProgrammeRole, Project, ProjectRole, Territory, Theme
from .services import validate_invitation_target


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    province = forms.ModelChoiceField(
        label=_("Province"),
        required=False,
        queryset=Territory.objects.none(),
        empty_label=_("All provinces"),
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), required=False, queryset=Theme.objects.all(), empty_label=_("All themes")
    )
    organisation_kind = forms.ChoiceField(
        label=_("Organisation type"),
        required=False,
        choices=[("", _("All types")), *Organisation.Kind.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only provinces where some project works, directly or through a municipality.
        cast(forms.ModelChoiceField, self.fields["province"]).queryset = (
            Territory.objects.filter(kind=Territory.Kind.PROVINCE)
            .filter(Q(projects__isnull=False) | Q(children__projects__isnull=False))
            .distinct()
        )


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *Organisation.Kind.choices]
    )
    province = forms.ModelChoiceField(
        label=_("Province"),
        required=False,
        queryset=Territory.objects.filter(kind=Territory.Kind.PROVINCE),
        empty_label=_("All provinces"),
    )


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name or organisation"), required=False, max_length=100)


def _role_choices() -> list[tuple[str, Any]]:
    return [
        (str(_("Programme roles")), list(ProgrammeRole.Role.choices)),
        (str(_("Project roles")), list(ProjectRole.Role.choices)),
    ]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    first_name = forms.CharField(label=_("First name"), required=False, max_length=150)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=_role_choices)
    project = forms.ModelChoiceField(
        label=_("Project"),
        required=False,
        queryset=Project.objects.none(),
        help_text=_("Leave empty for a role on the whole programme."),
        empty_label=_("No project (programme role)"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        help_text=_("For a project role: the partner organisation the person works for."),
    )
    message = forms.CharField(
        label=_("Personal message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        cast(forms.ModelChoiceField, self.fields["project"]).queryset = programme.projects.all()
        cast(
            forms.ModelChoiceField, self.fields["organisation"]
        ).queryset = Organisation.objects.filter(
            Q(partnerships__project__programme=programme)
            | Q(pk=programme.lead_organisation_id)
            | Q(programmes_partnered=programme)
        ).distinct()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        # The service's own rules, so the form and the service never disagree.
        validate_invitation_target(
            programme=self.programme,
            role=data["role"],
            project=data.get("project"),
            organisation=data.get("organisation"),
        )
        return data


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            from tessere.accounts.models import User

            probe = User(
                email=self.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(p1, probe)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data
