"""Forms of the lessons-learned pages: the lesson itself, the list's and the matrix's filters."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tessere.meetings.models import AgendaItem, Meeting
from tessere.registry.models import Programme, Project, Theme

from .models import Lesson
from .services import LessonContent, check_content


class AgendaItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.meeting.title} · {obj.title}"


class LessonForm(forms.ModelForm):
    agenda_item = AgendaItemChoiceField(
        label=_("Session (agenda item)"),
        required=False,
        queryset=AgendaItem.objects.none(),
        empty_label=_("None"),
    )

    class Meta:
        model = Lesson
        fields = [
            "title",
            "situation",
            "what_happened",
            "learned",
            "do_differently",
            "themes",
            "projects",
            "meeting",
            "agenda_item",
            "evidence",
        ]
        widgets = {
            "situation": forms.Textarea(attrs={"rows": 4}),
            "what_happened": forms.Textarea(attrs={"rows": 5}),
            "learned": forms.Textarea(attrs={"rows": 5}),
            "do_differently": forms.Textarea(attrs={"rows": 4}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "themes": forms.CheckboxSelectMultiple,
            "projects": forms.CheckboxSelectMultiple,
        }

    def __init__(
        self, *args: Any, programme: Programme, meetings: QuerySet[Meeting], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        fields = self.fields
        cast(forms.ModelMultipleChoiceField, fields["themes"]).queryset = Theme.objects.order_by(
            "name"
        )
        cast(forms.ModelMultipleChoiceField, fields["projects"]).queryset = Project.objects.filter(
            programme=programme
        ).order_by("acronym")
        meetings = meetings.filter(programme=programme).order_by("-start")
        cast(forms.ModelChoiceField, fields["meeting"]).queryset = meetings
        cast(forms.ModelChoiceField, fields["meeting"]).empty_label = _("None")
        cast(forms.ModelChoiceField, fields["agenda_item"]).queryset = (
            AgendaItem.objects.filter(meeting__in=meetings)
            .select_related("meeting")
            .order_by("-meeting__start", "position", "pk")
        )
        fields["projects"].help_text = _("The projects whose experience this is.")

    def content(self) -> LessonContent:
        data = self.cleaned_data
        return LessonContent(
            title=data["title"],
            situation=data["situation"],
            what_happened=data["what_happened"],
            learned=data["learned"],
            do_differently=data.get("do_differently", ""),
            evidence=data.get("evidence", ""),
            themes=list(data.get("themes") or []),
            projects=list(data.get("projects") or []),
            meeting=data.get("meeting"),
            agenda_item=data.get("agenda_item"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        content = self.content()
        try:
            check_content(self.programme, content)  # the service's own rules
        except ValidationError as exc:
            self.add_error("agenda_item" if content.agenda_item else None, exc)
        else:
            data["meeting"] = (
                content.meeting
            )  # the session's meeting, when only the session was chosen
        return data


class LessonFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    theme = forms.ModelChoiceField(
        label=_("Theme"), required=False, queryset=Theme.objects.none(), empty_label=_("All themes")
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        required=False,
        queryset=Project.objects.none(),
        empty_label=_("All projects"),
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"),
        required=False,
        queryset=Meeting.objects.none(),
        empty_label=_("All meetings"),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Lesson.Status.choices]
    )

    def __init__(
        self, *args: Any, programme: Programme, meetings: QuerySet[Meeting], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["theme"]).queryset = Theme.objects.order_by("name")
        cast(forms.ModelChoiceField, self.fields["project"]).queryset = Project.objects.filter(
            programme=programme
        ).order_by("acronym")
        cast(forms.ModelChoiceField, self.fields["meeting"]).queryset = meetings.filter(
            programme=programme
        ).order_by("start")


class MatrixFilterForm(LessonFilterForm):
    """The matrix compares projects, so it filters by theme and meeting only."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("q", "project", "status"):
            del self.fields[name]


class ReuseForm(forms.Form):
    project = forms.ModelChoiceField(
        label=_("Project that reused it"), queryset=Project.objects.none()
    )

    def __init__(self, *args: Any, projects: list[Project], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["project"]).queryset = Project.objects.filter(
            pk__in=[p.pk for p in projects]
        ).order_by("acronym")
