"""Every write on good practices: draft, edit (versioned), submit for review, publish, return
to the authors with a comment. Each leaves an audit entry; submitting tells the programme
team, publishing and returning tell the authors (through the notifications registry)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tessere.core.audit import log_action
from tessere.notifications.services import notify
from tessere.registry.models import PROGRAMME_TEAM_ROLES, Programme, Project, Territory, Theme

from .documents import FIELD as DOCUMENTS
from .documents import documents_available
from .models import GoodPractice

if TYPE_CHECKING:
    from tessere.accounts.models import User

SUBMITTED = "practices.submitted"
PUBLISHED = "practices.published"
RETURNED = "practices.returned"

# What a practice says (the editable part), in the order of the form.
TEXT_FIELDS = (
    "title",
    "summary",
    "context",
    "problem",
    "practice",
    "resources",
    "results",
    "transferability",
    "contact",
)


@dataclass
class PracticeContent:
    """What a practice says: the texts, where, about what, by whom."""

    title: str
    summary: str
    context: str
    problem: str
    practice: str
    resources: str = ""
    results: str = ""
    transferability: str = ""
    contact: str = ""
    project: Project | None = None
    territories: Sequence[Territory] = field(default_factory=list)
    themes: Sequence[Theme] = field(default_factory=list)
    # The authors named in the form: on a new practice the person writing it is added; on an
    # edit they replace the authors (an empty list keeps them).
    authors: Sequence[User] = field(default_factory=list)
    # Linked documents of the work repository (when the documents app is installed).
    documents: Sequence[Any] = field(default_factory=list)


class StaleEdit(Exception):
    """Somebody saved the practice after the form was opened; `current` is what they saved."""

    def __init__(self, current: GoodPractice) -> None:
        super().__init__(_("Someone else saved this practice in the meantime."))
        self.current = current


# --- The rules ---------------------------------------------------------------------------------
def check_content(programme: Programme, content: PracticeContent) -> dict[str, list[str]]:
    """The rules of any save, as {field: [messages]} (empty when all is well)."""
    errors: dict[str, list[str]] = {}
    for name in ("title", "summary", "context", "problem", "practice"):
        if not getattr(content, name).strip():
            errors.setdefault(name, []).append(_("This field is required."))
    if content.project is not None and content.project.programme_id != programme.pk:
        errors.setdefault("project", []).append(_("This project belongs to another programme."))
    return errors


def missing_for_review(practice: GoodPractice) -> list[str]:
    """What a practice still lacks before the programme team can review it (labels)."""
    missing = []
    if not practice.results.strip():
        missing.append(str(_("the results")))
    if not practice.transferability.strip():
        missing.append(str(_("the conditions to transfer it")))
    if not practice.themes.exists():
        missing.append(str(_("at least one theme")))
    if not practice.territories.exists():
        missing.append(str(_("at least one territory")))
    return missing


def _check(programme: Programme, content: PracticeContent) -> None:
    errors = check_content(programme, content)
    if errors:
        raise ValidationError(errors)


# --- Writing -----------------------------------------------------------------------------------
def _write(practice: GoodPractice, content: PracticeContent, authors: set[int]) -> None:
    for name in TEXT_FIELDS:
        setattr(practice, name, getattr(content, name).strip())
    practice.project = content.project
    practice.save()
    practice.territories.set(content.territories)
    practice.themes.set(content.themes)
    if authors:
        practice.authors.set(sorted(authors))
    if documents_available():
        getattr(practice, DOCUMENTS).set(content.documents)
    # Saved once more after the many-to-many links: the search index reads themes and
    # territories when the practice is saved.
    practice.save(update_fields=["updated_at"])


def _state(practice: GoodPractice) -> dict[str, Any]:
    state: dict[str, Any] = {name: getattr(practice, name) for name in TEXT_FIELDS}
    state["project"] = practice.project_id
    state["territories"] = sorted(practice.territories.values_list("pk", flat=True))
    state["themes"] = sorted(practice.themes.values_list("pk", flat=True))
    state["authors"] = sorted(practice.authors.values_list("pk", flat=True))
    if documents_available():
        state["documents"] = sorted(getattr(practice, DOCUMENTS).values_list("pk", flat=True))
    return state


@transaction.atomic
def create_practice(*, programme: Programme, content: PracticeContent, by: User) -> GoodPractice:
    """Draft a practice: its author is the person writing it (and the co-authors named)."""
    _check(programme, content)
    practice = GoodPractice(programme=programme, created_by=by)
    _write(practice, content, {by.pk, *(person.pk for person in content.authors)})
    log_action(practice, "practices.practice.created", by=by, programme=programme.pk)
    return practice


@transaction.atomic
def update_practice(
    *, practice: GoodPractice, content: PracticeContent, version: int, by: User
) -> GoodPractice:
    """Edit a practice opened at `version`. If somebody saved it meanwhile, StaleEdit: nothing
    is written, and the caller shows the person the current text next to theirs. Saving the
    same content again changes nothing and keeps the version."""
    locked = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    if locked.version != version:
        raise StaleEdit(locked)
    _check(locked.programme, content)
    before = _state(locked)
    _write(locked, content, {person.pk for person in content.authors})
    after = _state(locked)
    if after != before:
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        changed = sorted(name for name in after if after[name] != before[name])
        log_action(
            locked,
            "practices.practice.updated",
            by=by,
            version=locked.version,
            fields=changed,
        )
    return locked


def _team_of(programme_id: int) -> QuerySet[User]:
    from tessere.accounts.models import User

    return (
        User.objects.filter(
            is_active=True,
            programme_roles__programme_id=programme_id,
            programme_roles__role__in=PROGRAMME_TEAM_ROLES,
        )
        .distinct()
        .order_by("pk")
    )


def _stamp(moment: Any) -> str:
    return moment.strftime("%Y%m%d%H%M%S%f")


@transaction.atomic
def submit_for_review(*, practice: GoodPractice, by: User) -> GoodPractice:
    """Send a draft to the programme team for review (and tell them)."""
    locked = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    if not locked.is_draft:
        raise ValidationError(_("Only a draft can be submitted for review."))
    missing = missing_for_review(locked)
    if missing:
        raise ValidationError(
            _("Before submitting it, complete: %(missing)s.") % {"missing": ", ".join(missing)}
        )
    now = timezone.now()
    locked.status = GoodPractice.Status.IN_REVIEW
    locked.submitted_at = now
    locked.save(update_fields=["status", "submitted_at", "updated_at"])
    log_action(locked, "practices.practice.submitted", by=by, version=locked.version)
    notify(
        kind=SUBMITTED,
        recipients=_team_of(locked.programme_id),
        event_key=f"practice:{locked.pk}:submitted:{_stamp(now)}",
        data={"title": locked.title},
        url=locked.get_absolute_url(),
        target=locked,
        actor=by,
    )
    return locked


@transaction.atomic
def publish(*, practice: GoodPractice, by: User) -> GoodPractice:
    """The programme team publishes a practice in review: from now on everybody who may see
    its programme reads it (and its authors are told)."""
    locked = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    if not locked.is_in_review:
        raise ValidationError(_("Only a practice in review can be published."))
    now = timezone.now()
    locked.status = GoodPractice.Status.PUBLISHED
    locked.published_at = now
    locked.reviewed_at = now
    locked.reviewed_by = by
    locked.review_comment = ""
    locked.save(
        update_fields=[
            "status",
            "published_at",
            "reviewed_at",
            "reviewed_by",
            "review_comment",
            "updated_at",
        ]
    )
    log_action(locked, "practices.practice.published", by=by, version=locked.version)
    notify(
        kind=PUBLISHED,
        recipients=locked.authors.filter(is_active=True).order_by("pk"),
        event_key=f"practice:{locked.pk}:published:{_stamp(now)}",
        data={"title": locked.title},
        url=locked.get_absolute_url(),
        target=locked,
        actor=by,
    )
    return locked


@transaction.atomic
def return_to_authors(*, practice: GoodPractice, comment: str, by: User) -> GoodPractice:
    """The programme team sends a practice in review back to its authors with a comment
    (required: the authors must know what to change). It is a draft again."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": [_("Write what the authors should change: the comment is required.")]}
        )
    locked = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    if not locked.is_in_review:
        raise ValidationError(_("Only a practice in review can be returned to its authors."))
    now = timezone.now()
    locked.status = GoodPractice.Status.DRAFT
    locked.review_comment = comment
    locked.reviewed_at = now
    locked.reviewed_by = by
    locked.save(
        update_fields=["status", "review_comment", "reviewed_at", "reviewed_by", "updated_at"]
    )
    log_action(locked, "practices.practice.returned", by=by, version=locked.version)
    notify(
        kind=RETURNED,
        recipients=locked.authors.filter(is_active=True).order_by("pk"),
        event_key=f"practice:{locked.pk}:returned:{_stamp(now)}",
        data={"title": locked.title},
        url=locked.get_absolute_url(),
        target=locked,
        actor=by,
    )
    return locked
