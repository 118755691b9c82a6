"""Forms for findings: recording and editing one (carrying the version it was opened at), and
the dated update that moves it through its statuses."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessere.core.pii import PersonalDataCheckMixin
from tessere.registry.models import Project

from .models import Finding, FindingUpdate, Session


class FindingForm(PersonalDataCheckMixin, forms.ModelForm):
    pii_fields = ("title", "description")

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = Finding
        fields = (
            "kind",
            "area",
            "title",
            "description",
            "severity",
            "status",
            "shared_with_monitoring",
            "session",
        )
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["severity"].help_text = _(
            "Only for critical issues: required for them, left empty for the others."
        )
        session = self.fields["session"]
        assert isinstance(session, forms.ModelChoiceField)
        session.queryset = Session.objects.filter(project=project).order_by("-start")
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, severity = data.get("kind"), data.get("severity")
        if kind == Finding.Kind.CRITICAL and not severity:
            self.add_error("severity", _("A critical issue needs a severity."))
        elif kind and kind != Finding.Kind.CRITICAL and severity:
            self.add_error("severity", _("Only critical issues have a severity: leave it empty."))
        return data


class FindingUpdateForm(PersonalDataCheckMixin, forms.ModelForm):
    """A dated step: the date, the status the finding moves to, a note."""

    pii_fields = ("note",)

    class Meta:
        model = FindingUpdate
        fields = ("date", "status", "note")
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate
        self.fields["note"].label = _("Note")
