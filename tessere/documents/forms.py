"""Forms of the work repository: depositing or editing a document, a new version, the list's
filters. The rules are the service's (services.check_content, prepare): the views put their
messages under the fields and keep what was typed (a file has to be chosen again: browsers
never refill a file input)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tessere.accounts.models import User
from tessere.community.models import Space
from tessere.core.forms import SafeModelMultipleChoiceField
from tessere.meetings.models import Meeting
from tessere.registry.models import Project, Theme, members_of

from .models import Document, Licence
from .services import DocumentContent, max_upload_bytes

DATE_INPUT = {"type": "date"}
ACCEPT = (
    ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg,.gif,.webp,"
    ".mp3,.m4a,.ogg,.opus,.wav,.mp4,.webm"
)


class SpaceChoiceField(forms.ModelChoiceField[Space]):
    def label_from_instance(self, obj: Space) -> str:
        return f"{obj.name} · {obj.get_visibility_display()}"


class PersonChoiceField(SafeModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.email


def file_help() -> str:
    return str(
        _(
            "PDF, Office or OpenDocument files, images (PNG, JPEG, GIF, WebP), audio (MP3, "
            "M4A, OGG, WAV) or video (MP4, WebM), at most %(size)s MB. Photos are published "
            "without their location data."
        )
        % {"size": max_upload_bytes() // (1024 * 1024)}
    )


class DocumentForm(forms.Form):
    space = SpaceChoiceField(
        label=_("Space"),
        queryset=Space.objects.none(),
        empty_label=_("Choose the space"),
        help_text=_("Who can read the space can read the document."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Choose the kind")), *Document.Kind.choices]
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What it is and how it was made. Markdown: **bold**, *italics*, lists, links."),
    )
    file = forms.FileField(label=_("File"), required=False)
    link_url = forms.CharField(
        label=_("Link"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"inputmode": "url", "placeholder": "https://"}),
        help_text=_(
            "Instead of a file: the address of a page, a video or a folder elsewhere, "
            "starting with https://."
        ),
    )
    note = forms.CharField(
        label=_("Note on this file"),
        max_length=300,
        required=False,
        help_text=_("Optional, e.g. “Final version approved by the partnership”."),
    )
    date = forms.DateField(
        label=_("Date of the work"),
        required=False,
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
    )
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=Licence.choices,
        initial=Licence.CC_BY,
        help_text=_(
            "Creative Commons licences let others reuse the work, on the conditions chosen."
        ),
    )
    themes = SafeModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    projects = SafeModelMultipleChoiceField(
        label=_("Projects"),
        queryset=Project.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("No meeting"),
        help_text=_("The meeting of the community of practice it comes from, if any."),
    )
    authors = PersonChoiceField(
        label=_("Authors on Tessere"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("To choose several, hold Ctrl (⌘ on a Mac) while clicking."),
    )
    authors_text = forms.CharField(
        label=_("Other authors"),
        max_length=300,
        required=False,
        help_text=_("Authors without an account here, e.g. “Università di Torino, M. Rossi”."),
    )

    def __init__(
        self,
        *args: Any,
        user: Any,
        spaces: Iterable[Space] = (),
        document: Document | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.document = document
        if document is not None:
            del self.fields["space"], self.fields["file"], self.fields["note"]
            programme_ids = [document.space.programme_id]
            if document.current_version_id is not None:
                del self.fields["link_url"]
        else:
            space_list = list(spaces)
            self.fields["space"].queryset = Space.objects.filter(  # type: ignore[attr-defined]
                pk__in=[s.pk for s in space_list]
            ).select_related("programme")
            programme_ids = sorted({s.programme_id for s in space_list})
            self.fields["file"].help_text = file_help()
            self.fields["file"].widget.attrs["accept"] = ACCEPT
        self.fields["projects"].queryset = Project.objects.filter(  # type: ignore[attr-defined]
            programme_id__in=programme_ids
        ).order_by("acronym")
        self.fields["meeting"].queryset = (  # type: ignore[attr-defined]
            Meeting.objects.visible_to(user)
            .filter(programme_id__in=programme_ids)
            .order_by("-start")
        )
        self.fields["authors"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(members_of(programme_ids))
            .distinct()
            .order_by("last_name", "first_name", "pk")
        )

    @property
    def content(self) -> DocumentContent:
        data = self.cleaned_data
        return DocumentContent(
            title=data["title"],
            kind=data["kind"],
            description=data.get("description", ""),
            licence=data["licence"],
            date=data.get("date"),
            link_url=data.get("link_url", "") or (self.document.link_url if self.document else ""),
            authors_text=data.get("authors_text", ""),
            themes=list(data.get("themes") or []),
            projects=list(data.get("projects") or []),
            meeting=data.get("meeting"),
            authors=list(data.get("authors") or []),
        )


def initial_of(document: Document) -> dict[str, Any]:
    return {
        "kind": document.kind,
        "title": document.title,
        "description": document.description,
        "link_url": document.link_url,
        "date": document.date,
        "licence": document.licence,
        "themes": list(document.themes.all()),
        "projects": list(document.projects.all()),
        "meeting": document.meeting_id,
        "authors": list(document.authors.all()),
        "authors_text": document.authors_text,
    }


class VersionForm(forms.Form):
    file = forms.FileField(label=_("File"))
    note = forms.CharField(
        label=_("What changed"),
        max_length=300,
        required=False,
        help_text=_("E.g. “Corrected figures on page 4”."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = file_help()
        self.fields["file"].widget.attrs["accept"] = ACCEPT


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label=_("Words in the title"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Document.Kind.choices]
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label=_("Any theme"),
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("Any project"),
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("Any meeting"),
    )
    space = forms.ChoiceField(label=_("Space"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    licence = forms.ChoiceField(
        label=_("Licence"), required=False, choices=[("", _("Any licence")), *Licence.choices]
    )

    def __init__(
        self,
        *args: Any,
        user: Any,
        spaces: Iterable[Space],
        years: Iterable[int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        space_list = list(spaces)
        programme_ids = sorted({s.programme_id for s in space_list})
        self.fields["project"].queryset = Project.objects.filter(  # type: ignore[attr-defined]
            programme_id__in=programme_ids
        ).order_by("acronym")
        self.fields["meeting"].queryset = (  # type: ignore[attr-defined]
            Meeting.objects.visible_to(user)
            .filter(programme_id__in=programme_ids, documents__isnull=False)
            .distinct()
            .order_by("-start")
        )
        slugs: dict[str, str] = {}
        for space in space_list:
            slugs.setdefault(space.slug, space.name)
        self.fields["space"].choices = [("", _("Any space")), *slugs.items()]  # type: ignore[attr-defined]
        self.fields["year"].choices = [  # type: ignore[attr-defined]
            ("", _("Any year")),
            *((str(y), str(y)) for y in years),
        ]
