"""Every write of the work repository: depositing a document (a file or a link), a new
version of its file, changing what is said about it, counting a download.

Files go through core/uploads.py's prepare_upload(): typed by their content, refused when
too large (settings.DOCUMENTS_MAX_UPLOAD_MB, 20 by default), SVG and the like refused, zip
bombs refused, images decoded (decompression bombs refused) and re-saved without their
metadata (the GPS position of a photo). The text of PDFs and Office/OpenDocument files is
extracted here, at upload (extract.py, bounded in pages, characters and bytes read), so the
search index, updated when the version is saved, finds the document by its content at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from tessere.core.audit import log_action
from tessere.core.uploads import (
    AUDIO_TYPES,
    IMAGE_TYPES,
    MAX_UPLOAD_BYTES,
    VIDEO_TYPES,
    Prepared,
    prepare_upload,
)
from tessere.meetings.models import Meeting
from tessere.registry.models import Project, Theme, members_of

from .extract import extract_text
from .models import Document, DocumentVersion, Licence
from .permissions import can_add_version, can_deposit_in_space, can_edit_document

if TYPE_CHECKING:
    from tessere.accounts.models import User
    from tessere.community.models import Space


def max_upload_bytes() -> int:
    megabytes = getattr(settings, "DOCUMENTS_MAX_UPLOAD_MB", None)
    return MAX_UPLOAD_BYTES if megabytes is None else int(megabytes * 1024 * 1024)


@dataclass(frozen=True)
class DocumentContent:
    """What is said about a document (everything but its file)."""

    title: str
    kind: str
    description: str = ""
    licence: str = Licence.CC_BY
    date: dt.date | None = None
    link_url: str = ""
    authors_text: str = ""
    themes: Sequence[Theme] = ()
    projects: Sequence[Project] = ()
    meeting: Meeting | None = None
    authors: Sequence[Any] = field(default_factory=tuple)


# --- Checks -------------------------------------------------------------------------------------
_http = URLValidator(schemes=["http", "https"])
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def check_link(value: str) -> str:
    """A web address: http:// or https:// only, written in full. javascript:, data:, ftp:
    and protocol-relative ("//host") links are refused with a message saying so."""
    value = (value or "").strip()
    if not value:
        return ""
    # Browsers drop tabs, newlines and control characters inside a URL ("java\tscript:").
    compact = re.sub(r"[\x00-\x20\x7f]", "", value)
    if compact != value:
        raise ValidationError(_("A link cannot contain spaces or control characters."))
    if compact.startswith(("//", "\\\\", "/\\", "\\/")):
        raise ValidationError(_("Write the full address, starting with https:// or http://."))
    match = _SCHEME.match(compact)
    scheme = match.group(1).lower() if match else ""
    if scheme and scheme not in {"http", "https"}:
        raise ValidationError(
            _(
                "Only web links are accepted (starting with https:// or http://), "
                "not “%(scheme)s:” links."
            )
            % {"scheme": scheme}
        )
    if not scheme:
        raise ValidationError(_("Write the full address, starting with https:// or http://."))
    try:
        _http(compact)
    except ValidationError:
        raise ValidationError(_("This is not a valid web address.")) from None
    return compact


FILE_KINDS: dict[str, frozenset[str]] = {
    Document.Kind.IMAGE: IMAGE_TYPES,
    Document.Kind.AUDIO: AUDIO_TYPES,
    Document.Kind.VIDEO: VIDEO_TYPES,
}


def check_kind(kind: str, content_type: str) -> None:
    """An image must be an image, audio audio, video video; documents and presentations may be
    PDFs, Office or OpenDocument files or images (a scanned page)."""
    expected = FILE_KINDS.get(kind)
    if expected is not None and content_type not in expected:
        raise ValidationError(
            {
                "file": _(
                    "The file does not match the kind chosen (%(kind)s): choose the right kind "
                    "or another file."
                )
                % {"kind": Document.Kind(kind).label}
            }
        )
    if kind in (Document.Kind.DOCUMENT, Document.Kind.PRESENTATION) and (
        content_type in AUDIO_TYPES or content_type in VIDEO_TYPES
    ):
        raise ValidationError(
            {"file": _("This is an audio or video file: choose “audio” or “video” as the kind.")}
        )


def check_content(content: DocumentContent, *, space: Space) -> DocumentContent:
    """The rules on what is said about a document; returns it with the link normalised."""
    errors: dict[str, list[str]] = {}
    if not content.title.strip():
        errors.setdefault("title", []).append(_("Give the document a title."))
    if content.kind not in Document.Kind.values:
        errors.setdefault("kind", []).append(_("Choose the kind."))
    if content.licence not in Licence.values:
        errors.setdefault("licence", []).append(_("Choose a licence."))
    link = content.link_url
    try:
        link = check_link(content.link_url)
    except ValidationError as exc:
        errors.setdefault("link_url", []).extend(exc.messages)
    if content.kind == Document.Kind.LINK and not link and "link_url" not in errors:
        errors.setdefault("link_url", []).append(_("A link needs its address."))
    if any(p.programme_id != space.programme_id for p in content.projects):
        errors.setdefault("projects", []).append(_("Choose projects of the space's programme."))
    if content.meeting is not None and content.meeting.programme_id != space.programme_id:
        errors.setdefault("meeting", []).append(_("Choose a meeting of the space's programme."))
    authors = [a.pk for a in content.authors]
    if authors:
        members = set(
            type(content.authors[0])
            .objects.filter(members_of([space.programme_id]), pk__in=authors)
            .values_list("pk", flat=True)
        )
        if set(authors) - members:
            errors.setdefault("authors", []).append(
                _("Authors with an account must be members of the programme.")
            )
    if errors:
        raise ValidationError(errors)
    projects = list(content.projects)
    if space.project is not None and all(p.pk != space.project_id for p in projects):
        projects.append(space.project)  # a project's space: its documents are the project's
    return DocumentContent(
        title=content.title.strip(),
        kind=content.kind,
        description=content.description,
        licence=content.licence,
        date=content.date,
        link_url=link,
        authors_text=content.authors_text.strip(),
        themes=list(content.themes),
        projects=projects,
        meeting=content.meeting,
        authors=list(content.authors),
    )


def prepare(upload: UploadedFile, kind: str) -> Prepared:
    """The file checked in depth (UploadRefused, a ValidationError, says why not)."""
    try:
        prepared = prepare_upload(upload, max_bytes=max_upload_bytes())
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    check_kind(kind, prepared.content_type)
    return prepared


def _write_relations(document: Document, content: DocumentContent) -> None:
    document.themes.set(content.themes)
    document.projects.set(content.projects)
    document.authors.set(content.authors)


# --- Services -----------------------------------------------------------------------------------
@transaction.atomic
def create_document(
    *,
    space: Space,
    content: DocumentContent,
    by: User,
    upload: UploadedFile | None = None,
    note: str = "",
) -> Document:
    """Deposits a document: a file (its first version) or a link."""
    if not can_deposit_in_space(by, space):
        raise PermissionDenied
    content = check_content(content, space=space)
    if upload is not None and content.kind == Document.Kind.LINK:
        raise ValidationError({"file": _("A link has no file: choose another kind.")})
    if upload is None and not content.link_url:
        raise ValidationError({"file": _("Upload a file or give a link.")})
    if upload is not None and content.link_url:
        raise ValidationError({"link_url": _("Upload a file or give a link, not both.")})
    prepared = prepare(upload, content.kind) if upload is not None else None
    document = Document.objects.create(
        space=space,
        title=content.title,
        description=content.description,
        kind=content.kind,
        licence=content.licence,
        date=content.date,
        link_url=content.link_url,
        authors_text=content.authors_text,
        meeting=content.meeting,
        created_by=by,
    )
    _write_relations(document, content)
    log_action(document, "documents.document.created", by=by, space=space.pk, kind=content.kind)
    if prepared is not None:
        _store_version(document=document, prepared=prepared, note=note, by=by)
    return document


@transaction.atomic
def update_document(*, document: Document, content: DocumentContent, by: User) -> Document:
    """Changes what is said about a document (not its file, not its space)."""
    if not can_edit_document(by, document):
        raise PermissionDenied
    content = check_content(content, space=document.space)
    if content.kind == Document.Kind.LINK and document.current_version_id is not None:
        raise ValidationError({"kind": _("A document with a file cannot become a link.")})
    if document.current_version is not None:
        check_kind(content.kind, document.current_version.content_type)
        if content.link_url:
            raise ValidationError(
                {"link_url": _("This document has a file: it cannot also be a link.")}
            )
    elif not content.link_url:
        raise ValidationError({"link_url": _("A document without a file needs its link.")})
    for name in ("title", "description", "kind", "licence", "date", "link_url", "authors_text"):
        setattr(document, name, getattr(content, name))
    document.meeting = content.meeting
    document.save()
    _write_relations(document, content)
    log_action(document, "documents.document.updated", by=by)
    return document


@transaction.atomic
def add_version(
    *, document: Document, upload: UploadedFile, by: User, note: str = ""
) -> DocumentVersion:
    """A new file for a document: a new version, the previous ones kept."""
    if not can_add_version(by, document):
        raise PermissionDenied
    prepared = prepare(upload, document.kind)
    # The row lock numbers concurrent uploads one after the other.
    Document.objects.select_for_update().filter(pk=document.pk).first()
    return _store_version(document=document, prepared=prepared, note=note, by=by)


def _store_version(
    *, document: Document, prepared: Prepared, note: str, by: User
) -> DocumentVersion:
    """Writes the file and its row; the caller holds the document's row (or just made it)."""
    last = document.versions.aggregate(last=Max("number"))["last"] or 0
    version = DocumentVersion(
        document=document,
        number=last + 1,
        filename=prepared.filename,
        content_type=prepared.content_type,
        size=prepared.size,
        sha256=prepared.sha256,
        text=extract_text(prepared.data, prepared.content_type),
        note=note.strip()[:300],
        uploaded_by=by,
    )
    version.file.save(prepared.filename, ContentFile(prepared.data), save=False)
    version.save()
    document.current_version = version
    # A file replaces a link the document may have had (a video first linked, then uploaded).
    document.link_url = ""
    document.save(update_fields=["current_version", "link_url", "updated_at"])
    log_action(
        document,
        "documents.version.added",
        by=by,
        number=version.number,
        content_type=version.content_type,
        size=version.size,
        sha256=version.sha256,
    )
    return version


def record_download(*, document: Document) -> None:
    """One more download (a single UPDATE: concurrent downloads are all counted). Not an
    audit entry: downloads are not actions on the document."""
    Document.objects.filter(pk=document.pk).update(download_count=F("download_count") + 1)
