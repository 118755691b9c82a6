"""Writes on findings: recording one, editing it (refusing a stale edit), and the dated updates
that move it through its statuses. Keyword-only, atomic, every change in the history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from tessere.registry.models import Project

from ..models import Finding, FindingUpdate, Session
from .history import record_change, snapshot

# The fields a finding form may set; project, version and author only services set.
UPDATE_FIELDS = ("date", "status", "note")
FINDING_FIELDS = (
    "kind",
    "area",
    "title",
    "description",
    "severity",
    "status",
    "shared_with_monitoring",
    "session",
)


class StaleEdit(Exception):
    """Somebody saved the object after this person opened the form: their save is refused
    (nothing is overwritten) and they get the current version to compare with."""

    def __init__(self, current: models.Model) -> None:
        super().__init__("stale edit")
        self.current = current


def _validate(finding: Finding) -> None:
    if finding.kind == Finding.Kind.CRITICAL and not finding.severity:
        raise ValidationError({"severity": _("A critical issue needs a severity.")})
    if finding.kind != Finding.Kind.CRITICAL and finding.severity:
        raise ValidationError({"severity": _("Only critical issues have a severity.")})
    if finding.session_id is not None:
        session = finding.session
        if session is None or session.project_id != finding.project_id:
            raise ValidationError({"session": _("This session belongs to another project.")})


def _apply(finding: Finding, data: Mapping[str, Any]) -> None:
    for name in FINDING_FIELDS:
        if name in data:
            value = data[name]
            if name == "severity":
                value = value or ""
            setattr(finding, name, value)


@transaction.atomic
def create_finding(*, project: Project, data: Mapping[str, Any], by: Any) -> Finding:
    """Record a strength, a critical issue or an opportunity of the project."""
    finding = Finding(
        project=project, created_by=by if getattr(by, "is_authenticated", False) else None
    )
    _apply(finding, data)
    _validate(finding)
    finding.save()
    record_change(finding, "mentoring.finding.created", by, {}, snapshot(finding, FINDING_FIELDS))
    return finding


@transaction.atomic
def update_finding(*, finding: Finding, data: Mapping[str, Any], version: int, by: Any) -> Finding:
    """Edit a finding opened at `version`. If somebody saved it meanwhile, StaleEdit: nothing is
    written, and the caller shows the person the current text next to theirs."""
    locked = Finding.objects.select_for_update().get(pk=finding.pk)
    if locked.version != version:
        raise StaleEdit(locked)
    before = snapshot(locked, FINDING_FIELDS)
    _apply(locked, data)
    _validate(locked)
    after = snapshot(locked, FINDING_FIELDS)
    if after != before:
        locked.version += 1
        locked.save()
        record_change(locked, "mentoring.finding.updated", by, before, after)
    return locked


@transaction.atomic
def add_finding_update(
    *, finding: Finding, date: dt.date, status: str, note: str, by: Any
) -> FindingUpdate:
    """A dated step: the finding takes the new status, the note joins its timeline."""
    if status not in Finding.Status.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    locked = Finding.objects.select_for_update().get(pk=finding.pk)
    update = FindingUpdate.objects.create(
        finding=locked,
        date=date,
        status=status,
        note=note,
        author=by if getattr(by, "is_authenticated", False) else None,
    )
    before = {"status": locked.status}
    locked.status = status
    # Any step makes a form opened before it stale: the person editing sees the new status.
    locked.version += 1
    locked.save(update_fields=["status", "version", "updated_at"])
    record_change(
        update, "mentoring.finding_update.created", by, {}, snapshot(update, UPDATE_FIELDS)
    )
    record_change(locked, "mentoring.finding.updated", by, before, {"status": status})
    finding.status, finding.version = locked.status, locked.version
    return update


def session_choices(project: Project) -> models.QuerySet[Session]:
    """The sessions a finding or an action of this project may be linked to."""
    return Session.objects.filter(project=project).order_by("-start")
