"""What the mentoring app tells people, through the notifications app (bell, email, digest):
an action assigned to them, and the reminders of its due date (3 days before, and once
overdue).

Confidential by construction: a notification, its email and its digest line carry only the
action itself (what, by when, which project, the link), never the text of a finding, of a
session or of the follow-up notes. Each email is built when the task runs, from the action as
it is then: one done, dropped, moved or given to somebody else meanwhile is not mailed.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tessere.notifications.email import render_email
from tessere.notifications.registry import (
    Delivery,
    DemoNotification,
    DigestItem,
    DigestSection,
    EmailContent,
    NotificationKind,
    demo_sources,
    digest_sections,
    kinds,
)
from tessere.notifications.services import notify

from .models import Action

if TYPE_CHECKING:
    from tessere.accounts.models import User
    from tessere.notifications.models import Notification

ASSIGNED = "mentoring.action_assigned"
DUE = "mentoring.action_due"
GROUP = gettext_lazy("Mentoring")
ORDER = 50
OPEN_STATUSES = (Action.Status.OPEN, Action.Status.IN_PROGRESS)
# The two reminders of a due date and their email templates.
REMINDER_STEMS = {"due": "action_due_reminder", "overdue": "action_overdue_reminder"}
MY_ACTIONS_DAYS = 14
MY_ACTIONS_MAX = 10


def _date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")  # the same in Italian and English


# --- Notifying (called by the services, inside their transaction) --------------------------------
def notify_action_assigned(action: Action, *, by: Any) -> None:
    """Tell the (new) owner that the action is theirs. People who assign an action to
    themselves are not told (they are the actor)."""
    notify(
        kind=ASSIGNED,
        recipients=[action.owner],
        # The version changes with every save: giving the action back to someone is news again.
        event_key=f"mentoring.action_assigned:{action.pk}:{action.owner_id}:{action.version}",
        data={"acronym": action.project.acronym, "date": _date(action.due_date)},
        url=action.get_absolute_url(),
        target=action,
        actor=by if getattr(by, "is_authenticated", False) else None,
    )


def notify_action_reminder(action: Action, reminder: str) -> None:
    """Remind the owner of the due date ("due": in 3 days; "overdue"). One event per action,
    reminder and due date: a second run of the reminders never sends it twice, a new due date
    is a new reminder."""
    notify(
        kind=DUE,
        recipients=[action.owner],
        event_key=f"mentoring.action_due:{action.pk}:{reminder}:{action.due_date.isoformat()}",
        data={
            "acronym": action.project.acronym,
            "date": _date(action.due_date),
            "reminder": reminder,
            "due_date": action.due_date.isoformat(),
        },
        url=action.get_absolute_url(),
        target=action,
    )


# --- Re-checked when the email goes out ----------------------------------------------------------
def _owned_open_action(person: User, notification: Notification) -> Action | None:
    """The action, if it is still open, still the person's and still visible to them."""
    if notification.object_id is None:
        return None
    return (
        Action.objects.visible_to(person)
        .select_related("project")
        .filter(pk=notification.object_id, owner=person, status__in=OPEN_STATUSES)
        .first()
    )


def still_owner(person: User, notification: Notification) -> bool:
    return _owned_open_action(person, notification) is not None


def _context(action: Action) -> dict[str, Any]:
    # Only the action: never its finding's or session's text, nor the follow-up notes.
    return {
        "description": action.description,
        "due_date": action.due_date,
        "acronym": action.project.acronym,
        "url": settings.SITE_URL + action.get_absolute_url(),
    }


def build_assigned_email(notification: Notification) -> EmailContent | None:
    person = notification.recipient
    action = _owned_open_action(person, notification)
    if action is None:
        return None
    context = _context(action)
    context["assigned_by"] = notification.actor
    return render_email(
        person=person, kind=ASSIGNED, stem="mentoring/email/action_assigned", context=context
    )


def build_reminder_email(notification: Notification) -> EmailContent | None:
    person = notification.recipient
    action = _owned_open_action(person, notification)
    stem = REMINDER_STEMS.get(str(notification.data.get("reminder")))
    if action is None or stem is None:
        return None
    if action.due_date.isoformat() != notification.data.get("due_date"):
        return None  # moved since: the new date has its own reminders
    return render_email(
        person=person, kind=DUE, stem=f"mentoring/email/{stem}", context=_context(action)
    )


# --- The digest: my open actions -----------------------------------------------------------------
def my_actions_section(user: User, since: dt.datetime, now: dt.datetime) -> DigestSection | None:
    """The person's own open actions due within two weeks, or overdue."""
    today = timezone.localdate(now)
    actions = list(
        Action.objects.visible_to(user)
        .filter(
            owner=user,
            status__in=OPEN_STATUSES,
            due_date__lte=today + dt.timedelta(days=MY_ACTIONS_DAYS),
        )
        .select_related("project")
        .order_by("due_date", "pk")[:MY_ACTIONS_MAX]
    )
    if not actions:
        return None
    items = []
    for action in actions:
        if action.due_date < today:
            when = _("overdue since %(date)s") % {"date": _date(action.due_date)}
        else:
            when = _("due on %(date)s") % {"date": _date(action.due_date)}
        items.append(
            DigestItem(
                title=Truncator(action.description).chars(100),
                url=action.get_absolute_url(),
                meta=f"{action.project.acronym} · {when}",
            )
        )
    return DigestSection(
        key="mentoring.my_actions",
        title=_("My mentoring actions"),
        items=items,
        more_url=reverse("registry:me"),
    )


# --- The kinds -----------------------------------------------------------------------------------
def _register() -> None:
    kinds.register(
        NotificationKind(
            key=ASSIGNED,
            label=gettext_lazy("An action assigned to me"),
            description=gettext_lazy("Someone gave you an action to do in a project's mentoring."),
            summary=gettext_lazy("%(acronym)s: an action has been assigned to you"),
            default=Delivery.IMMEDIATE,
            still_visible=still_owner,
            build_email=build_assigned_email,
            group=GROUP,
            order=ORDER * 10,
        )
    )
    kinds.register(
        NotificationKind(
            key=DUE,
            label=gettext_lazy("Due dates of my actions"),
            description=gettext_lazy(
                "A reminder 3 days before an action of yours is due, and once if it is overdue."
            ),
            summary=gettext_lazy("%(acronym)s: reminder of an action due on %(date)s"),
            default=Delivery.IMMEDIATE,
            still_visible=still_owner,
            build_email=build_reminder_email,
            group=GROUP,
            order=ORDER * 10 + 1,
        )
    )
    digest_sections.register("mentoring.my_actions", my_actions_section, order=ORDER)


_register()


# --- Demo data (notifications/seeds.py) ----------------------------------------------------------
def demo_notifications(now: dt.datetime) -> list[DemoNotification]:
    """Every open action of the demo files, as assigned to its owner when it was created, with
    the event key the services use."""
    actions = (
        Action.objects.filter(status__in=OPEN_STATUSES).select_related("project").order_by("pk")
    )
    return [
        DemoNotification(
            recipient_id=action.owner_id,
            kind=ASSIGNED,
            event_key=f"mentoring.action_assigned:{action.pk}:{action.owner_id}:{action.version}",
            data={"acronym": action.project.acronym, "date": _date(action.due_date)},
            url=action.get_absolute_url(),
            created_at=min(action.created_at, now),
            target=action,
        )
        for action in actions
    ]


demo_sources["mentoring.actions"] = demo_notifications
