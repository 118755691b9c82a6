"""Ties recorded by the programme team (a mentor or facilitator knows two organisations work
together): created, changed, and ended on a date. Declared ties change only through the
survey, observed ones only through `observed.derive_observed_ties`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tessere.core.audit import log_action
from tessere.registry.models import Organisation, Programme, Project

from ..models import DIRECTED_KINDS, Tie, TieKind, TieSource
from .responses import NOTE_MAX

if TYPE_CHECKING:
    from tessere.accounts.models import User

FIELDS = (
    "source_org_id",
    "target_org_id",
    "kind",
    "strength",
    "directed",
    "started_on",
    "ended_on",
    "note",
)


@dataclass
class TieContent:
    """What the team records about a tie."""

    source_org: Organisation
    target_org: Organisation
    kind: str
    strength: int
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    note: str = ""
    directed: bool | None = None  # None: as the kind says (referrals have a direction)
    projects: Sequence[Project] = field(default_factory=list)


def check_tie_content(programme: Programme, content: TieContent) -> None:
    errors: dict[str, list[str]] = {}
    if content.source_org.pk == content.target_org.pk:
        errors["target_org"] = [
            _("An organisation cannot have a tie with itself: choose another organisation.")
        ]
    if content.kind not in TieKind.values:
        errors["kind"] = [_("Choose what kind of tie it is.")]
    if not 1 <= content.strength <= 3:
        errors["strength"] = [_("The strength must be 1, 2 or 3.")]
    if content.started_on and content.ended_on and content.ended_on < content.started_on:
        errors["ended_on"] = [_("A tie cannot end before it starts.")]
    if any(project.programme_id != programme.pk for project in content.projects):
        errors["projects"] = [_("Choose projects of this programme.")]
    if len(content.note) > NOTE_MAX:
        errors["note"] = [_("Keep the note under %(count)s characters.") % {"count": NOTE_MAX}]
    if errors:
        raise ValidationError(errors)


def _write(tie: Tie, content: TieContent) -> None:
    tie.source_org = content.source_org
    tie.target_org = content.target_org
    tie.kind = content.kind
    tie.strength = content.strength
    tie.directed = (
        content.kind in DIRECTED_KINDS if content.directed is None else bool(content.directed)
    )
    tie.started_on = content.started_on
    tie.ended_on = content.ended_on
    tie.note = content.note.strip()
    tie.save()
    tie.projects.set(content.projects)


@transaction.atomic
def record_tie(*, programme: Programme, content: TieContent, by: User | None) -> Tie:
    """A tie the team knows of, between two organisations of the programme's network."""
    check_tie_content(programme, content)
    tie = Tie(
        programme=programme,
        source=TieSource.RECORDED,
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    _write(tie, content)
    log_action(
        tie,
        "networks.tie.recorded",
        by=by,
        programme=programme.pk,
        source_org=tie.source_org_id,
        target_org=tie.target_org_id,
        kind=tie.kind,
    )
    return tie


def _recorded(tie: Tie) -> Tie:
    locked = Tie.objects.select_for_update().select_related("programme").get(pk=tie.pk)
    if locked.source != TieSource.RECORDED:
        raise ValidationError(
            _("Only recorded ties can be changed here: declared and observed ties follow the "
              "survey answers and the programme's data.")
        )  # fmt: skip
    return locked


@transaction.atomic
def update_tie(*, tie: Tie, content: TieContent, by: User | None) -> Tie:
    tie = _recorded(tie)
    check_tie_content(tie.programme, content)
    before = {name: getattr(tie, name) for name in FIELDS}
    _write(tie, content)
    changed = sorted(name for name, value in before.items() if getattr(tie, name) != value)
    log_action(tie, "networks.tie.updated", by=by, fields=changed)
    return tie


@transaction.atomic
def end_tie(*, tie: Tie, ended_on: dt.date, by: User | None) -> Tie:
    """The tie ended on that day (it stays in the history of the waves before)."""
    tie = _recorded(tie)
    if tie.started_on and ended_on < tie.started_on:
        raise ValidationError({"ended_on": [_("A tie cannot end before it starts.")]})
    tie.ended_on = ended_on
    tie.save(update_fields=["ended_on", "updated_at"])
    log_action(tie, "networks.tie.ended", by=by, ended_on=ended_on.isoformat())
    return tie
