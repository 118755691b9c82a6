"""Materials of a meeting: uploaded files and links.

A file is accepted by what its first bytes say it is, never by its name or the type the browser
declared: a PNG called "slides.pdf" is stored and served as a PNG, an HTML page, an SVG or an
executable is refused whatever it is called. Files are served only through the download view
(permission checked), never from a public media URL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from tessere.core.audit import log_action
from tessere.core.uploads import (  # noqa: F401  (re-exported for the meetings' forms)
    EXTENSIONS,
    IMAGE_TYPES,
    MAX_UPLOAD_BYTES,
    Inspected,
    UploadRefused,
    clean_filename,
    inspect_upload,
    sniff,
)

from ..models import AgendaItem, Material, Meeting

if TYPE_CHECKING:
    from tessere.accounts.models import User


def _check_item(meeting: Meeting, agenda_item: AgendaItem | None) -> None:
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(_("This agenda item belongs to another meeting."))


@transaction.atomic
def add_file_material(
    *,
    meeting: Meeting,
    title: str,
    upload: UploadedFile,
    by: User,
    agenda_item: AgendaItem | None = None,
) -> Material:
    _check_item(meeting, agenda_item)
    inspected = inspect_upload(upload)
    upload.name = inspected.filename
    material = Material.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        title=title,
        kind=Material.Kind.FILE,
        file=upload,
        content_type=inspected.content_type,
        size=inspected.size,
        uploaded_by=by,
    )
    log_action(
        material,
        "meetings.material.uploaded",
        by=by,
        meeting=meeting.pk,
        content_type=inspected.content_type,
        size=inspected.size,
    )
    return material


_http_only = URLValidator(schemes=["http", "https"])


@transaction.atomic
def add_link_material(
    *,
    meeting: Meeting,
    title: str,
    url: str,
    by: User,
    agenda_item: AgendaItem | None = None,
) -> Material:
    _check_item(meeting, agenda_item)
    try:
        _http_only(url)
    except ValidationError:
        raise ValidationError(_("Enter an http:// or https:// link.")) from None
    material = Material.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        title=title,
        kind=Material.Kind.LINK,
        url=url,
        uploaded_by=by,
    )
    log_action(material, "meetings.material.linked", by=by, meeting=meeting.pk)
    return material


def download_name(material: Material) -> str:
    """The name a downloaded file gets: its title, with the extension of its real type."""
    from django.utils.text import slugify

    allowed = EXTENSIONS.get(material.content_type, ("bin",))
    return f"{slugify(material.title)[:80] or 'materiale'}.{allowed[0]}"
