"""What the topic and post services share: checking and storing attachments, subscribing the
writer, recording how far they read, and the expert rule."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from tessere.community.models import Space
from tessere.core.uploads import Prepared, prepare_upload
from tessere.registry.models import ProgrammeRole

from ..models import Attachment, Post, Topic, TopicSubscription

if TYPE_CHECKING:
    from tessere.accounts.models import User

MAX_ATTACHMENTS = 5


def inspect_all(uploads: Sequence[UploadedFile]) -> list[Prepared]:
    """Every file checked before anything is written: one refused file refuses the post (the
    message says which file and why). Images are decoded and kept without their metadata
    (a photo's GPS position), as in the work repository."""
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError(
            _("At most %(count)s files per message.") % {"count": MAX_ATTACHMENTS}
        )
    inspected = []
    for upload in uploads:
        try:
            inspected.append(prepare_upload(upload))
        except ValidationError as refused:
            raise ValidationError(
                _("%(name)s: %(reason)s")
                % {"name": (upload.name or "")[:100], "reason": " ".join(refused.messages)}
            ) from None
    return inspected


def store_attachments(
    post: Post, uploads: Sequence[UploadedFile], checked: Sequence[Prepared], by: User
) -> list[Attachment]:
    stored = []
    for _upload, inspected in zip(uploads, checked, strict=True):
        stored.append(
            Attachment.objects.create(
                post=post,
                # The checked bytes (an image without its metadata), under the checked name.
                file=ContentFile(inspected.data, name=inspected.filename),
                filename=inspected.filename,
                content_type=inspected.content_type,
                size=inspected.size,
                uploaded_by=by,
            )
        )
    return stored


def subscribe_writer(topic: Topic, user: User) -> None:
    TopicSubscription.objects.get_or_create(topic=topic, user=user)


def is_expert_answer(topic: Topic, user: User) -> bool:
    """An expert of the programme answering in a questions space."""
    return (
        topic.space.kind == Space.Kind.QUESTIONS
        and ProgrammeRole.objects.filter(
            user=user, programme_id=topic.space.programme_id, role=ProgrammeRole.Role.EXPERT
        ).exists()
    )


def clean_text(value: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError(message)
    return text
