"""Forms of the expert consultation and of moderation: flag a post, hide with a reason, move a
topic, resolve flags, assign experts to themes, promote and edit FAQ entries, filter the FAQ.
The rules are the services' own: the views put their messages under the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tessere.community.models import Space
from tessere.core.forms import SafeModelMultipleChoiceField
from tessere.registry.models import Theme

from .models import Flag

REASON_HELP = _("The author reads it; be specific and respectful.")


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why should the moderators look at it?"),
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note for the moderators"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. Only the moderators read it."),
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for hiding"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=REASON_HELP,
    )


class ResolveFlagForm(forms.Form):
    UPHOLD, DISMISS = "uphold", "dismiss"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(UPHOLD, _("Hide the post")), (DISMISS, _("Dismiss the flags"))],
    )
    reason = forms.CharField(
        label=_("Reason for hiding"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == self.UPHOLD and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why: the author will read it."))
        return data


class SpaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_visibility_display()})"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class MoveForm(forms.Form):
    to_space = SpaceChoiceField(
        label=_("Move to the space"), queryset=Space.objects.none(), empty_label=None
    )
    confirm_wider = forms.BooleanField(
        label=_("I know that more people will read this topic in the new space"),
        required=False,
    )

    def __init__(self, *args: Any, spaces: QuerySet[Space], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_space"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = spaces


class ExpertThemeForm(forms.Form):
    expert = PersonChoiceField(label=_("Expert"), queryset=Theme.objects.none())
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.order_by("name"))

    def __init__(self, *args: Any, experts: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["expert"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = experts


class FaqForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=300)
    answer = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown. Rephrase it for readers who did not follow the discussion."),
    )
    themes = SafeModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_published = forms.BooleanField(
        label=_("Published (the members can read it)"), required=False, initial=True
    )


class FaqFilterForm(forms.Form):
    tema = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
    )

    def __init__(self, *args: Any, themes: QuerySet[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["tema"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = themes
