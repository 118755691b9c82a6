"""Forms of the meeting pages: they parse and validate; the services in services/ write.

Times are entered as Italian wall-clock time (Europe/Rome). A local time that does not exist
(the spring-forward gap) or happens twice (the autumn fall-back hour) is refused with a
message that says why, instead of being silently shifted (PITFALLS.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tessere.accounts.models import User
from tessere.core.timefields import ROME, RomeDateTimeField, rome_aware
from tessere.registry.models import Programme, Territory, Theme

from .methods import NUMBER, TEXT, TEXTAREA
from .models import AgendaItem, Meeting, Method, Registration
from .services.materials import MAX_UPLOAD_BYTES, UploadRefused, inspect_upload

http_only = URLValidator(schemes=["http", "https"], message=_("Enter an http:// or https:// link."))


def team_people(programme: Programme) -> QuerySet[User]:
    """The people who hold a role on the programme: the ones who may facilitate its meetings."""
    return (
        User.objects.filter(programme_roles__programme=programme, is_active=True)
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


# --- A meeting -----------------------------------------------------------------------------------
class MeetingForm(forms.ModelForm):
    start = RomeDateTimeField(label=_("Start"), help_text=_("Italian time."))
    end = RomeDateTimeField(label=_("End"), help_text=_("Italian time."))
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        validators=[http_only],
        help_text=_("Shown only to registered people, from 15 minutes before the start."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (Meeting.Status.PLANNED, Meeting.Status.PLANNED.label),
            (Meeting.Status.CONFIRMED, Meeting.Status.CONFIRMED.label),
            (Meeting.Status.CANCELLED, Meeting.Status.CANCELLED.label),
        ],
        help_text=_("A meeting becomes “held” when it is closed with its minutes."),
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "format",
            "length",
            "start",
            "end",
            "venue",
            "address",
            "municipality",
            "online_url",
            "capacity",
            "themes",
            "facilitators",
            "status",
            "is_public",
            "description",
        ]
        widgets = {
            "format": forms.RadioSelect,
            "length": forms.RadioSelect,
            "themes": forms.CheckboxSelectMultiple,
            "facilitators": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        fields = self.fields
        cast(forms.ModelMultipleChoiceField, fields["facilitators"]).queryset = team_people(
            programme
        )
        fields["facilitators"].help_text = _("People with a role on the programme.")
        cast(forms.ModelMultipleChoiceField, fields["themes"]).queryset = Theme.objects.order_by(
            "name"
        )
        cast(forms.ModelChoiceField, fields["municipality"]).queryset = municipalities_for(
            programme
        )
        fields["capacity"].widget.attrs["min"] = 1
        if self.instance.pk and self.instance.is_closed:
            # Closing made it "held": the status is no longer a choice.
            cast(forms.ChoiceField, fields["status"]).choices = [
                (Meeting.Status.HELD, Meeting.Status.HELD.label)
            ]
            fields["status"].disabled = True

    def clean_capacity(self) -> int | None:
        capacity = self.cleaned_data.get("capacity")
        if capacity is not None and capacity < 1:
            raise ValidationError(_("At least one place, or empty for no limit."))
        return capacity

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The end must come after the start."))
        kind = data.get("format")
        needed: list[tuple[str, Any]] = []
        if kind in (Meeting.Format.IN_PERSON, Meeting.Format.HYBRID):
            needed += [
                ("venue", _("Where does the meeting take place?")),
                ("address", _("The address of the venue, please.")),
                ("municipality", _("The municipality of the venue, please.")),
            ]
        if kind in (Meeting.Format.ONLINE, Meeting.Format.HYBRID):
            needed.append(("online_url", _("An online meeting needs its link.")))
        for name, message in needed:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)
        return data


# --- The agenda ----------------------------------------------------------------------------------
def methods_for(programme: Programme) -> QuerySet[Method]:
    """The built-in library and the programme's own methods."""
    return Method.objects.filter(Q(is_builtin=True) | Q(programme=programme)).order_by(
        "-is_builtin", "name"
    )


class AgendaItemForm(forms.ModelForm):
    """A timed item: times are typed on the meeting's day and must fall within the meeting."""

    start_time = forms.TimeField(
        label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    class Meta:
        model = AgendaItem
        fields = ["title", "method", "question", "speakers", "description"]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        method_field = cast(forms.ModelChoiceField, self.fields["method"])
        method_field.queryset = methods_for(meeting.programme)
        method_field.empty_label = _("No particular method")
        self.order_fields(["title", "start_time", "end_time", "method"])
        if self.instance.pk:
            if self.instance.start:
                self.initial["start_time"] = self.instance.start.astimezone(ROME).time()
            if self.instance.end:
                self.initial["end_time"] = self.instance.end.astimezone(ROME).time()

    def _on_meeting_day(self, value: dt.time, name: str) -> dt.datetime | None:
        meeting_start = self.meeting.start.astimezone(ROME)
        day = meeting_start.date()
        moment = dt.datetime.combine(day, value.replace(tzinfo=None))
        if (
            moment < meeting_start.replace(tzinfo=None)
            and self.meeting.end.astimezone(ROME).date() > day
        ):
            moment += dt.timedelta(days=1)  # a meeting past midnight
        try:
            return rome_aware(moment)
        except ValidationError as exc:
            self.add_error(name, exc)
            return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start_time, end_time = data.get("start_time"), data.get("end_time")
        if start_time is None or end_time is None:
            return data
        start = self._on_meeting_day(start_time, "start_time")
        end = self._on_meeting_day(end_time, "end_time")
        if start is None or end is None:
            return data
        if end <= start:
            self.add_error("end_time", _("The end must come after the start."))
        elif start < self.meeting.start or end > self.meeting.end:
            self.add_error(
                None,
                _("The item must fall within the meeting, %(start)s–%(end)s.")
                % {
                    "start": self.meeting.start.astimezone(ROME).strftime("%H:%M"),
                    "end": self.meeting.end.astimezone(ROME).strftime("%H:%M"),
                },
            )
        data["start"], data["end"] = start, end
        return data


class MethodForm(forms.Form):
    """A custom method for one programme, with the fields its sessions record."""

    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the method is and how it runs, in a few lines."),
    )
    fields_spec = forms.CharField(
        label=_("Fields to record"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One per line: a label, or a label and its type after a colon: "
            "“Questions raised: textarea”, “Tables: number”, “Host: text”."
        ),
    )

    KINDS = {TEXTAREA: TEXTAREA, TEXT: TEXT, NUMBER: NUMBER}
    MAX_FIELDS = 30

    def __init__(self, *args: Any, programmes: QuerySet[Programme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["programme"])
        field.queryset = programmes
        if len(programmes) == 1:
            field.initial = programmes[0]
            field.widget = forms.HiddenInput()

    def clean_fields_spec(self) -> list[dict[str, str]]:
        from django.utils.text import slugify

        specs: list[dict[str, str]] = []
        names: set[str] = set()
        lines = [line.strip() for line in self.cleaned_data["fields_spec"].splitlines()]
        for number, line in enumerate(lines, 1):
            if not line:
                continue
            label, kind = line, TEXTAREA
            if ":" in line:
                head, tail = (part.strip() for part in line.rsplit(":", 1))
                if tail.lower() in self.KINDS:
                    label, kind = head, self.KINDS[tail.lower()]
                elif tail and " " not in tail:
                    raise ValidationError(
                        _(
                            "Line %(number)s: “%(kind)s” is not a type; use textarea, text or "
                            "number."
                        )
                        % {"number": number, "kind": tail}
                    )
            if not label or len(label) > 120:
                raise ValidationError(
                    _("Line %(number)s: a label of 1 to 120 characters.") % {"number": number}
                )
            base = slugify(label).replace("-", "_")[:50] or f"field_{number}"
            name, i = base, 2
            while name in names:
                name, i = f"{base}_{i}", i + 1
            names.add(name)
            specs.append({"name": name, "label": label, "kind": kind})
        if not specs:
            raise ValidationError(_("Name at least one field to record."))
        if len(specs) > self.MAX_FIELDS:
            raise ValidationError(_("At most %(max)s fields.") % {"max": self.MAX_FIELDS})
        return specs


# --- Materials, minutes, closing -----------------------------------------------------------------
class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_(
            "PDF, images (PNG, JPEG), Office or OpenDocument files, MP3 audio or MP4 video; "
            "up to %(size)s MB."
        )
        % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
    )
    url = forms.URLField(
        label=_("…or a link"),
        required=False,
        validators=[http_only],
        assume_scheme="https",
        help_text=_("A recording, a shared folder, an online board (http or https)."),
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"),
        required=False,
        queryset=AgendaItem.objects.none(),
        empty_label=_("The whole meeting"),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["file"].widget.attrs["accept"] = (
            ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.odt,.ods,.odp,.mp3,.mp4,.m4a"
        )
        cast(forms.ModelChoiceField, self.fields["agenda_item"]).queryset = meeting.agenda.all()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload, url = data.get("file"), data.get("url")
        if "file" in self.errors or "url" in self.errors:
            return data
        if bool(upload) == bool(url):
            raise ValidationError(_("Upload a file or give a link (one of the two)."))
        if upload:
            try:
                data["inspected"] = inspect_upload(upload)
            except UploadRefused as exc:
                self.add_error("file", str(exc))
        return data


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Markdown: **bold**, *italic*, lists with “- ”, headings with “## ”."),
    )


class CloseForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown. They are recorded with the meeting."),
    )
    confirm = forms.BooleanField(
        label=_("I confirm the minutes and the attendance: close the meeting."),
    )


class MeetingFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Meeting.Status.choices]
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("Any format")), *Meeting.Format.choices]
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        required=False,
        queryset=Theme.objects.order_by("name"),
        empty_label=_("All themes"),
    )


# --- Attendance ----------------------------------------------------------------------------------
class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=12,
        help_text=_("The code the facilitators show in the room or on the screen."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class WalkInForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        help_text=_(
            "A member of the programme who came without registering: registered as present."
        ),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        from tessere.registry.models import members_of

        super().__init__(*args, **kwargs)
        confirmed = Registration.objects.confirmed().filter(meeting=meeting).values("user_id")
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = (
            User.objects.filter(members_of([meeting.programme_id]), is_active=True)
            .exclude(pk__in=confirmed)
            .distinct()
            .order_by("last_name", "first_name", "pk")
        )
