"""The forms of the discussions: a new topic, a reply, an edit (versioned), the space's filters.

Files are checked by content here (the message goes under the field) and again by the
services. A form that fails keeps every text typed; only the files must be chosen again
(browsers never refill a file field), and the message says so.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from tessere.community.models import Space
from tessere.core.forms import SafeModelMultipleChoiceField
from tessere.registry.models import Project, Theme

from .services._common import inspect_all

BODY_MAX = 20000
MENTION_HELP = _(
    "Markdown: **bold**, *italic*, lists, [links](https://…), > quotes. To mention a person, "
    "write @[Name Surname] or find them below."
)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (none is fine)."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        items = data if isinstance(data, (list, tuple)) else [data]
        single = super().clean
        return [single(item, initial) for item in items if item]


class _AttachmentsMixin(forms.Form):
    attachments = MultipleFileField(
        label=_("Attach files"),
        help_text=_(
            "Up to 5 files: PDF, images (PNG, JPEG), Office or OpenDocument files, MP3 audio, "
            "MP4 video; 20 MB each."
        ),
    )

    def clean_attachments(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data.get("attachments") or []
        try:
            inspect_all(files)
        except ValidationError as refused:
            raise ValidationError(
                [*refused.messages, _("Choose the files again: your text has been kept.")]
            ) from None
        return files


def _body_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8, "data-mention-target": "true"}),
        help_text=MENTION_HELP,
        error_messages={"required": _("Write the message.")},
    )


class TopicForm(_AttachmentsMixin):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the discussion a title.")},
    )
    body = _body_field(_("Message"))
    themes = SafeModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    projects = SafeModelMultipleChoiceField(
        label=_("Projects it concerns"),
        queryset=Project.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = ["title", "body", "themes", "projects", "attachments"]

    def __init__(self, *args: Any, space: Space, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.order_by("name")  # type: ignore[attr-defined]
        if space.project_id is not None:
            del self.fields["projects"]  # a project's space is about its project
        else:
            self.fields["projects"].queryset = Project.objects.filter(  # type: ignore[attr-defined]
                programme_id=space.programme_id
            ).order_by("acronym")
        if space.kind == Space.Kind.QUESTIONS:
            self.fields["title"].label = _("Your question, in one line")
            self.fields["body"].label = _("Details")


class ReplyForm(_AttachmentsMixin):
    body = _body_field(_("Your reply"))
    reply_to = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    field_order = ["body", "attachments", "reply_to"]


class PostEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    body = _body_field(_("Message"))
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, opening: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if opening:
            self.fields["title"].required = True
            self.fields["title"].error_messages["required"] = _("Give the discussion a title.")
        else:
            del self.fields["title"]


class SpaceFilterForm(forms.Form):
    """The topic list's filters; a value that is not valid is ignored (and said so)."""

    STATUS_CHOICES = [
        ("", _("All")),
        ("solved", _("Solved")),
        ("unsolved", _("Not solved yet")),
    ]

    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.none(), required=False, empty_label=_("All")
    )
    project = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.none(), required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)

    def __init__(self, *args: Any, space: Space, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.order_by("name")  # type: ignore[attr-defined]
        if space.project_id is not None:
            del self.fields["project"]
        else:
            self.fields["project"].queryset = Project.objects.filter(  # type: ignore[attr-defined]
                programme_id=space.programme_id
            ).order_by("acronym")
        if space.kind != Space.Kind.QUESTIONS:
            del self.fields["status"]
