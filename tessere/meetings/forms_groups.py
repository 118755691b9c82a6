"""Forms of the breakout-group pages: a new round, moving a person to another group."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AgendaItem, BreakoutGroup, BreakoutRound, Meeting, Registration
from .services.groups import MAX_GROUPS


class BreakoutRoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, initial=_("Breakout groups"))
    group_count = forms.IntegerField(
        label=_("Number of groups"), min_value=1, max_value=MAX_GROUPS, initial=4
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"),
        required=False,
        queryset=AgendaItem.objects.none(),
        empty_label=_("The whole meeting"),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["agenda_item"]).queryset = meeting.agenda.all()


class MoveMemberForm(forms.Form):
    """Who goes where: a registration of the meeting and a group of the round."""

    registration = forms.ModelChoiceField(
        queryset=Registration.objects.none(), widget=forms.HiddenInput
    )
    group = forms.ModelChoiceField(
        label=_("Move to"), queryset=BreakoutGroup.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, breakout: BreakoutRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["registration"]
        ).queryset = Registration.objects.filter(meeting_id=breakout.meeting_id)
        cast(forms.ModelChoiceField, self.fields["group"]).queryset = breakout.groups.all()
