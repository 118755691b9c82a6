"""The history of a project's mentoring file: who changed what, when.

Every service that creates or changes a session, a finding, an action (or adds an update to
one) calls `record_change(obj, "mentoring.<thing>.<verb>", by, before, after)` with a snapshot
of the fields before and after (`{}` before a creation). Only the fields that differ are kept,
as `changes = {field: [old, new]}`, with the project's id so the file's history is one query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tessere.core.audit import log_action
from tessere.core.models import AuditEntry
from tessere.registry.models import Project

from ..models import Action, ActionUpdate, CapacityAssessment, Finding, FindingUpdate, Session

PREFIX = "mentoring."
# The <thing> of "mentoring.<thing>.<verb>" and the model whose field labels name its changes.
THINGS: dict[str, type[models.Model]] = {
    "session": Session,
    "finding": Finding,
    "finding_update": FindingUpdate,
    "action": Action,
    "action_update": ActionUpdate,
    "assessment": CapacityAssessment,
}
VERBS = {
    "created": _("created"),
    "updated": _("changed"),
    "deleted": _("deleted"),
    "done": _("marked done"),
}


def jsonable(value: Any) -> Any:
    """A value as it can be kept in the log's JSON: dates as ISO text, objects as their name."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return [jsonable(v) for v in value]
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of an object as JSON-ready values (foreign keys by their name)."""
    return {name: jsonable(getattr(obj, name)) for name in fields}


def _project_id(obj: models.Model) -> int | None:
    for path in ("project_id", "finding.project_id", "action.project_id", "session.project_id"):
        target: Any = obj
        for part in path.split("."):
            target = getattr(target, part, None)
            if target is None:
                break
        if isinstance(target, int):
            return target
    return None


def record_change(
    obj: models.Model,
    action: str,
    by: Any,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    *,
    project: Project | None = None,
) -> AuditEntry | None:
    """Log what changed on `obj`. Returns None (logs nothing) for an update that changed
    nothing; a creation (`before` empty) is always logged."""
    old, new = jsonable(dict(before)), jsonable(dict(after))
    changes = {
        key: [old.get(key), new.get(key)]
        for key in [*new, *(k for k in old if k not in new)]
        if old.get(key) != new.get(key)
    }
    if before and not changes:
        return None
    project_id = project.pk if project is not None else _project_id(obj)
    return log_action(obj, action, by=by, project=project_id, changes=changes)


# --- Reading -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Change:
    label: str
    old: Any
    new: Any


def project_history(project: Project) -> QuerySet[AuditEntry]:
    """The file's entries, newest first, with their authors (one query per page)."""
    return (
        AuditEntry.objects.filter(action__startswith=PREFIX, data__project=project.pk)
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )


def _show(value: Any) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def describe(entry: AuditEntry) -> tuple[str, str, list[Change]]:
    """(what kind of thing, what happened, the changed fields with their labels)."""
    parts = entry.action.split(".")
    thing = parts[1] if len(parts) > 1 else ""
    verb = parts[2] if len(parts) > 2 else ""
    model = THINGS.get(thing)
    kind = str(model._meta.verbose_name) if model else thing
    changes = []
    raw = entry.data.get("changes") if isinstance(entry.data, dict) else None
    for name, pair in (raw or {}).items():
        label = name
        if model is not None:
            try:
                label = str(getattr(model._meta.get_field(name), "verbose_name", name))
            except Exception:  # a derived value (e.g. "resources"), not a model field
                label = str(FIELD_LABELS.get(name, name))
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        changes.append(Change(label=label, old=_show(old), new=_show(new)))
    return kind, str(VERBS.get(verb, verb)), changes


FIELD_LABELS = {
    "participants": _("participants"),
    "resources": _("shared opportunities and documents"),
}
