"""The FAQ of the knowledge base: entries written by the programme team, often promoted from
an accepted answer (the entry keeps a back-link to the question and the answer)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tessere.core.audit import log_action
from tessere.registry.models import Theme

from ..models import FaqEntry, Post, Topic
from ..permissions_consult import can_manage_faq

QUESTION_MAX = 300


def _clean(question: str, answer: str) -> tuple[str, str]:
    question, answer = (question or "").strip(), (answer or "").strip()
    errors = {}
    if not question:
        errors["question"] = _("Write the question.")
    elif len(question) > QUESTION_MAX:
        errors["question"] = _("At most %(max)d characters, please.") % {"max": QUESTION_MAX}
    if not answer:
        errors["answer"] = _("Write the answer.")
    if errors:
        raise ValidationError(errors)
    return question, answer


@transaction.atomic
def promote_to_faq(
    *,
    topic: Topic,
    post: Post,
    by: Any,
    question: str | None = None,
    answer: str | None = None,
    themes: Iterable[Theme] | None = None,
    is_published: bool = True,
) -> FaqEntry:
    """A FAQ entry from a question's answer (by default the question's title, the answer's
    text and the question's themes), linked back to both. One entry per answer."""
    programme = topic.space.programme
    if not can_manage_faq(by, programme):
        raise PermissionDenied
    if not topic.is_question:
        raise ValidationError(_("Only an answer to an expert question can become a FAQ entry."))
    if post.topic_id != topic.pk or post.number <= 1 or post.is_hidden:
        raise ValidationError(_("Choose a visible answer of this question."))
    if FaqEntry.objects.filter(source_post=post).exists():
        raise ValidationError(_("This answer is already in the FAQ."))
    question, answer = _clean(
        topic.title if question is None else question, post.body if answer is None else answer
    )
    entry = FaqEntry.objects.create(
        programme=programme,
        question=question,
        answer=answer,
        source_topic=topic,
        source_post=post,
        is_published=is_published,
        created_by=by,
    )
    entry.themes.set(topic.themes.all() if themes is None else list(themes))
    entry.save(update_fields=["updated_at"])  # once more, so the search index sees the themes
    log_action(entry, "forum.faq.promoted", by=by, topic=topic.pk, post=post.pk)
    return entry


@transaction.atomic
def update_faq_entry(
    *,
    entry: FaqEntry,
    question: str,
    answer: str,
    themes: Iterable[Theme],
    is_published: bool,
    by: Any,
) -> FaqEntry:
    if not can_manage_faq(by, entry.programme):
        raise PermissionDenied
    question, answer = _clean(question, answer)
    entry = FaqEntry.objects.select_for_update().get(pk=entry.pk)
    was_published = entry.is_published
    entry.question, entry.answer, entry.is_published = question, answer, is_published
    entry.themes.set(list(themes))
    entry.save()
    log_action(entry, "forum.faq.edited", by=by)
    if was_published and not is_published:
        log_action(entry, "forum.faq.unpublished", by=by)
    return entry


@transaction.atomic
def unpublish_faq_entry(*, entry: FaqEntry, by: Any) -> FaqEntry:
    """Back to a draft only the team sees (the entry and its back-links are kept)."""
    if not can_manage_faq(by, entry.programme):
        raise PermissionDenied
    if entry.is_published:
        entry.is_published = False
        entry.save(update_fields=["is_published", "updated_at"])
        log_action(entry, "forum.faq.unpublished", by=by)
    return entry
