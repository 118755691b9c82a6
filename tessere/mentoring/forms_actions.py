"""Forms for actions: creating and editing one (carrying the version it was opened at), the
dated follow-up note, and the owner's one-step "mark done with a note"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessere.core.pii import PersonalDataCheckMixin
from tessere.registry.models import Project

from .models import Action, ActionUpdate, Finding, Session
from .services.actions import owner_choices


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} ({obj.email})"


class ActionForm(PersonalDataCheckMixin, forms.ModelForm):
    pii_fields = ("description",)

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = Action
        fields = ("description", "owner", "due_date", "status", "finding", "session")
        field_classes = {"owner": OwnerChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        for name, queryset in (
            ("owner", owner_choices(project)),
            ("finding", Finding.objects.filter(project=project).order_by("-created_at")),
            ("session", Session.objects.filter(project=project).order_by("-start")),
        ):
            field = fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
        fields["owner"].help_text = _("A person of the project, or of the programme team.")
        fields["finding"].help_text = _("The finding this action addresses, if any.")
        fields["session"].help_text = _("The session where it was agreed, if any.")
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class ActionUpdateForm(PersonalDataCheckMixin, forms.ModelForm):
    """A dated follow-up note with the status it leaves the action in. The owner's one-step
    "mark done" sends status=done and no date (today)."""

    pii_fields = ("note",)

    class Meta:
        model = ActionUpdate
        fields = ("date", "status", "note")
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].required = False
        self.fields["date"].initial = timezone.localdate
        self.fields["date"].help_text = _("Today, if left empty.")
        self.fields["note"].label = _("Note")

    def clean_date(self) -> Any:
        return self.cleaned_data.get("date") or timezone.localdate()
