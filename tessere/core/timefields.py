"""Italian wall-clock time in forms (Europe/Rome).

A local time that does not exist (the spring-forward gap, 29/03/2026 02:30) or happens twice
(the autumn fall-back hour, 25/10/2026 02:30) is refused with a message that says why, instead
of being silently shifted (PITFALLS.md). Used by every form that takes a date and time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

ROME = ZoneInfo("Europe/Rome")


def rome_aware(naive: dt.datetime) -> dt.datetime:
    """The Europe/Rome moment of a wall-clock time; refuses a time that does not exist or is
    ambiguous on the nights the clocks change."""
    earlier = naive.replace(tzinfo=ROME, fold=0)
    later = naive.replace(tzinfo=ROME, fold=1)
    if earlier.utcoffset() == later.utcoffset():
        return earlier
    shown = naive.strftime("%d/%m/%Y %H:%M")
    if earlier.astimezone(dt.UTC).astimezone(ROME).replace(tzinfo=None) != naive:
        raise ValidationError(
            _(
                "%(time)s does not exist in Italy: that night the clocks jump forward from 02:00 "
                "to 03:00 (daylight saving time). Choose another time."
            ),
            code="nonexistent",
            params={"time": shown},
        )
    raise ValidationError(
        _(
            "%(time)s happens twice in Italy: that night the clocks go back from 03:00 to "
            "02:00. Choose a time before 02:00 or from 03:00."
        ),
        code="ambiguous",
        params={"time": shown},
    )


class RomeDateTimeField(forms.DateTimeField):
    """A date and time typed as Italian wall-clock time (a datetime-local input)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value: Any) -> dt.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            parsed: dt.datetime | None = value
        else:
            text = str(value).strip()
            try:
                parsed = parse_datetime(text)
            except ValueError:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
            if parsed is None:
                parsed = forms.fields.BaseTemporalField.to_python(self, text)
        assert parsed is not None
        if parsed.tzinfo is not None:
            return parsed.astimezone(ROME)
        return rome_aware(parsed)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.astimezone(ROME).replace(tzinfo=None)
        return value
