"""The preferences form: one radio group per notification kind, and the digest frequency."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from .models import NotificationSettings
from .registry import Delivery, NotificationKind, kinds

KIND_PREFIX = "kind__"


def field_name(key: str) -> str:
    """ "meetings.registration" → "kind__meetings__registration" (ids and names stay plain)."""
    return KIND_PREFIX + key.replace(".", "__")


class RadioGroup(forms.RadioSelect):
    """Radios styled by Bootstrap Italia; the template draws the fieldset and the legend."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"class": "form-check-input", **(attrs or {})})


class PreferencesForm(forms.Form):
    digest_frequency = forms.ChoiceField(
        label=_("Digest email"),
        help_text=_(
            "One email that gathers what is new for you: the notifications you send to the "
            "digest, new topics, documents, opportunities near you, upcoming meetings."
        ),
        choices=NotificationSettings.Frequency.choices,
        widget=RadioGroup,
    )

    def __init__(self, *args: Any, current: dict[str, str], frequency: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kinds: list[NotificationKind] = kinds.all()
        for kind in self.kinds:
            self.fields[field_name(kind.key)] = forms.ChoiceField(
                label=str(kind.label),
                help_text=str(kind.description),
                choices=Delivery.choices,
                initial=current.get(kind.key, kind.default),
                widget=RadioGroup,
                error_messages={"required": _("Choose how to hear about this.")},
            )
        self.fields["digest_frequency"].initial = frequency

    def groups(self) -> list[tuple[str, list[BoundField]]]:
        """The kinds' fields under their group's heading, groups in the order of their first
        kind (kinds are already sorted by order, then key)."""
        grouped: dict[str, list[BoundField]] = {}
        for kind in self.kinds:
            grouped.setdefault(str(kind.group), []).append(self[field_name(kind.key)])
        return list(grouped.items())

    def deliveries(self) -> dict[str, str]:
        return {kind.key: self.cleaned_data[field_name(kind.key)] for kind in self.kinds}
