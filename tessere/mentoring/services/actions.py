"""Writes on actions: creating and editing them (refusing a stale edit), the dated follow-up
notes (marking done), and the owner's reminders, 3 days before the due date and once overdue.
Keyword-only, atomic, every change in the history. The owner hears of a new action and of its
due date through the notifications app (mentoring/notifications.py; emails after commit)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tessere.accounts.models import User
from tessere.registry.models import PROGRAMME_TEAM_ROLES, Project

from ..models import Action, ActionUpdate
from ..notifications import notify_action_assigned, notify_action_reminder
from .findings import UPDATE_FIELDS, StaleEdit
from .history import record_change, snapshot

ACTION_FIELDS = ("description", "owner", "due_date", "status", "finding", "session")
OPEN_STATUSES = (Action.Status.OPEN, Action.Status.IN_PROGRESS)
DUE_SOON = dt.timedelta(days=3)
# An action overdue for longer than this when the reminders first look at it is history, not a
# reminder (old demo data, a scheduler that was off for weeks).
OVERDUE_LOOKBACK = dt.timedelta(days=30)
DUE, OVERDUE = "due", "overdue"

__all__ = [
    "StaleEdit",
    "add_action_update",
    "create_action",
    "owner_choices",
    "send_action_reminders",
    "update_action",
]


def owner_choices(project: Project) -> QuerySet[User]:
    """Who may own an action: a person with a role in the project, or the programme team."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(project_roles__project=project)
            | Q(
                programme_roles__programme_id=project.programme_id,
                programme_roles__role__in=PROGRAMME_TEAM_ROLES,
            )
        )
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def _validate(action: Action) -> None:
    errors: dict[str, str] = {}
    if not owner_choices(action.project).filter(pk=action.owner_id).exists():
        errors["owner"] = _("The owner must be a person of the project or of the programme team.")
    if (
        action.finding_id is not None
        and action.finding is not None
        and action.finding.project_id != action.project_id
    ):
        errors["finding"] = _("This finding belongs to another project.")
    if (
        action.session_id is not None
        and action.session is not None
        and action.session.project_id != action.project_id
    ):
        errors["session"] = _("This session belongs to another project.")
    if errors:
        raise ValidationError(errors)


def _apply(action: Action, data: Mapping[str, Any]) -> None:
    for name in ACTION_FIELDS:
        if name in data:
            setattr(action, name, data[name])
    _sync_done_at(action)


def _sync_done_at(action: Action) -> None:
    if action.status == Action.Status.DONE:
        action.done_at = action.done_at or timezone.now()
    else:
        action.done_at = None


def _reset_reminders(action: Action) -> None:
    """A new due date (or a new action) deserves its own reminders."""
    action.due_reminder_sent_at = None
    action.overdue_reminder_sent_at = None


@transaction.atomic
def create_action(*, project: Project, data: Mapping[str, Any], by: Any) -> Action:
    """Something to do, by someone, by a date; linked to a finding or a session of the project."""
    action = Action(
        project=project, created_by=by if getattr(by, "is_authenticated", False) else None
    )
    _apply(action, data)
    _reset_reminders(action)
    _validate(action)
    action.save()
    record_change(action, "mentoring.action.created", by, {}, snapshot(action, ACTION_FIELDS))
    if action.is_open:
        notify_action_assigned(action, by=by)
    return action


@transaction.atomic
def update_action(*, action: Action, data: Mapping[str, Any], version: int, by: Any) -> Action:
    """Edit an action opened at `version`; StaleEdit if somebody saved it meanwhile. A new due
    date resets the reminders; a new owner is told."""
    locked = Action.objects.select_for_update().select_related("project").get(pk=action.pk)
    if locked.version != version:
        raise StaleEdit(locked)
    before = snapshot(locked, ACTION_FIELDS)
    old_due, old_owner = locked.due_date, locked.owner_id
    _apply(locked, data)
    _validate(locked)
    after = snapshot(locked, ACTION_FIELDS)
    if after != before:
        if locked.due_date != old_due:
            _reset_reminders(locked)
        locked.version += 1
        locked.save()
        record_change(locked, "mentoring.action.updated", by, before, after)
        if locked.owner_id != old_owner and locked.is_open:
            notify_action_assigned(locked, by=by)
    return locked


@transaction.atomic
def add_action_update(
    *, action: Action, date: dt.date, status: str, note: str, by: Any
) -> ActionUpdate:
    """A dated follow-up note; the action takes the status given (done sets done_at)."""
    if status not in Action.Status.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    locked = Action.objects.select_for_update().get(pk=action.pk)
    update = ActionUpdate.objects.create(
        action=locked,
        date=date,
        status=status,
        note=note,
        author=by if getattr(by, "is_authenticated", False) else None,
    )
    before = {"status": locked.status}
    locked.status = status
    _sync_done_at(locked)
    locked.version += 1  # a form opened before this note is now stale
    locked.save(update_fields=["status", "done_at", "version", "updated_at"])
    record_change(
        update, "mentoring.action_update.created", by, {}, snapshot(update, UPDATE_FIELDS)
    )
    verb = "done" if status == Action.Status.DONE and before["status"] != status else "updated"
    record_change(locked, f"mentoring.action.{verb}", by, before, {"status": status})
    action.status, action.done_at, action.version = locked.status, locked.done_at, locked.version
    return update


# --- Reminders -----------------------------------------------------------------------------------
def due_soon(today: dt.date) -> QuerySet[Action]:
    """Open actions due within 3 days (today included) whose owner was not reminded yet."""
    return Action.objects.filter(
        status__in=OPEN_STATUSES,
        due_reminder_sent_at__isnull=True,
        due_date__gte=today,
        due_date__lte=today + DUE_SOON,
    )


def overdue(today: dt.date) -> QuerySet[Action]:
    """Open actions past their due date whose owner was not told yet."""
    return Action.objects.overdue(today).filter(
        overdue_reminder_sent_at__isnull=True, due_date__gte=today - OVERDUE_LOOKBACK
    )


def _queue_reminder(action_id: int, kind: str, today: dt.date, now: dt.datetime) -> bool:
    """Mark one reminder sent and notify the owner (the email goes after commit). The row is
    locked and the conditions read again, so two runs at once send one reminder; the
    notification's event (action, reminder, due date) makes sure of it."""
    flag = "due_reminder_sent_at" if kind == DUE else "overdue_reminder_sent_at"
    candidates = due_soon(today) if kind == DUE else overdue(today)
    with transaction.atomic():
        locked = candidates.select_for_update().filter(pk=action_id).first()
        if locked is None:
            return False
        setattr(locked, flag, now)
        locked.save(update_fields=[flag])
        record_change(locked, f"mentoring.action.{kind}_reminder_sent", None, {}, {flag: now})
        notify_action_reminder(locked, kind)
    return True


def send_action_reminders(*, today: dt.date, now: dt.datetime | None = None) -> int:
    """Queue every reminder due on `today`: 3 days before the due date, and once overdue; each
    once per action and due date. Idempotent: a second run the same day queues nothing.
    Returns how many reminders were queued."""
    now = now or timezone.now()
    sent = 0
    for kind, queryset in ((OVERDUE, overdue(today)), (DUE, due_soon(today))):
        for action_id in list(queryset.order_by("due_date", "pk").values_list("pk", flat=True)):
            if _queue_reminder(action_id, kind, today, now):
                sent += 1
    return sent
