"""Background work of the mentoring app (django-tasks). Each task reads the state again when
it runs: a reminder about an action that was done, dropped, moved or given to somebody else
since it was queued is not sent.

Reminder emails carry only the action (what, by when, which project, the link): never the
text of a finding, of a session or of the follow-up notes.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from .models import Action

ROME = "Europe/Rome"
STEMS = {"due": "action_due_reminder", "overdue": "action_overdue_reminder"}


@task()
def send_action_reminder(action_id: int, kind: str, owner_id: int, due_date: str) -> bool:
    """Email the owner that the action is due in a few days (kind "due") or overdue."""
    stem = STEMS.get(kind)
    action = Action.objects.select_related("project", "owner").filter(pk=action_id).first()
    if stem is None or action is None:
        return False
    if (
        not action.is_open
        or action.owner_id != owner_id
        or action.due_date != dt.date.fromisoformat(due_date)
    ):
        return False  # done, dropped, reassigned or moved since it was queued
    person = action.owner
    if not person.is_active or not person.email:
        return False
    context = {
        "person": person,
        "description": action.description,
        "due_date": action.due_date,
        "acronym": action.project.acronym,
        "url": settings.SITE_URL + action.get_absolute_url(),
    }
    with translation.override(person.language or settings.LANGUAGE_CODE), timezone.override(ROME):
        subject = render_to_string(f"mentoring/email/{stem}_subject.txt", context)
        text = render_to_string(f"mentoring/email/{stem}.txt", context)
        html = render_to_string(f"mentoring/email/{stem}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=[person.email]
    )
    message.attach_alternative(html, "text/html")
    message.send()
    return True
