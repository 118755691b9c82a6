"""The capacity rubric form: date, optional session, the three scores as radio buttons each
showing its written descriptor, and a comment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessere.registry.models import Project

from .models import Session
from .rubric import CAPACITIES, LEVELS, SCORES

SCORE_ERROR = _("Choose a score from 1 to 4.")


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Session) -> str:
        local = timezone.localtime(obj.start)
        return f"{local:%d/%m/%Y} · {obj.get_mode_display()}"


class AssessmentForm(forms.Form):
    date = forms.DateField(
        label=_("Date of the assessment"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Give the date of the assessment.")},
    )
    session = SessionChoiceField(
        label=_("Session"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("— not during a session —"),
        help_text=_("The session in which the partnership and the mentors filled the rubric."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Why these scores. Do not write personal data of the people the project serves."
        ),
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        session_field = self.fields["session"]
        assert isinstance(session_field, forms.ModelChoiceField)
        session_field.queryset = Session.objects.filter(project=project).order_by("-start")
        for capacity in CAPACITIES:
            self.fields[capacity.key] = forms.TypedChoiceField(
                label=capacity.label,
                choices=[(score, capacity.descriptor(score)) for score in SCORES],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": SCORE_ERROR, "invalid_choice": SCORE_ERROR},
            )

    def score_fields(self) -> list[forms.BoundField]:
        return [self[c.key] for c in CAPACITIES]

    def rubric_rows(self) -> list[dict[str, Any]]:
        """Each capacity's field with its descriptors, for the template's radio groups."""
        rows = []
        for capacity in CAPACITIES:
            bound = self[capacity.key]
            options = [
                {"widget": widget, "score": score, "level": LEVELS[score]}
                for widget, score in zip(bound, SCORES, strict=True)
            ]
            rows.append({"capacity": capacity, "field": bound, "options": options})
        return rows
