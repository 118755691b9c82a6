"""Opening a topic (a discussion or, in a questions space, a question)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tessere.community.models import Space
from tessere.core.audit import log_action
from tessere.registry.models import Project, Theme

from .. import notifications
from ..mentions import mentioned_people
from ..models import Post, Topic
from ..permissions import can_open_topic
from ._common import clean_text, inspect_all, store_attachments, subscribe_writer
from .questions import notify_experts_of_question
from .reading import mark_read

if TYPE_CHECKING:
    from tessere.accounts.models import User

TITLE_MAX = 200


def _projects_of(space: Space, projects: Iterable[Project]) -> list[Project]:
    """A project's space is about its project; elsewhere, only the programme's projects."""
    if space.project_id is not None:
        return [space.project] if space.project is not None else []
    chosen = list(projects)
    if any(project.programme_id != space.programme_id for project in chosen):
        raise ValidationError(_("Choose projects of this programme."))
    return chosen


@transaction.atomic
def create_topic(
    *,
    space: Space,
    title: str,
    body: str,
    by: User,
    themes: Iterable[Theme] = (),
    projects: Iterable[Project] = (),
    meeting: Any = None,
    attachments: Sequence[UploadedFile] = (),
) -> Topic:
    if not can_open_topic(by, space):
        raise PermissionDenied
    title = clean_text(title, _("Give the discussion a title."))[:TITLE_MAX]
    body = clean_text(body, _("Write the first message."))
    chosen_projects = _projects_of(space, projects)
    if meeting is not None and meeting.programme_id != space.programme_id:
        raise ValidationError(_("Choose a meeting of this programme."))
    checked = inspect_all(attachments)
    now = timezone.now()
    topic = Topic.objects.create(
        space=space,
        title=title,
        author=by,
        meeting=meeting,
        last_posted_at=now,
        last_poster=by,
        last_post_number=1,
        reply_count=0,
    )
    topic.themes.set(list(themes))
    topic.projects.set(chosen_projects)
    post = Post.objects.create(topic=topic, number=1, author=by, body=body, created_at=now)
    store_attachments(post, attachments, checked, by)
    subscribe_writer(topic, by)
    mark_read(topic=topic, user=by, number=1, known=-1)
    log_action(topic, "forum.topic.created", by=by, space=space.pk, attachments=len(checked))
    notifications.notify_new_topic(topic, post, by=by)
    notifications.notify_mentions(post, mentioned_people(body, space), by=by)
    # A question: the experts of its themes are told (nothing happens in other spaces).
    notify_experts_of_question(topic)
    return topic
