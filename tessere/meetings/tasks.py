"""Background work of the meetings app (django-tasks). Each task re-reads the state when it
runs: an email about a registration that changed since it was queued is not sent.

Emails never carry the online link: the meeting page gives it to registered people from 15
minutes before the start (permissions.can_see_online_link).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from .ics import ROME, calendar_for, meeting_url
from .models import Meeting, Registration

CONFIRMED = Registration.Status.CONFIRMED
WAITLISTED = Registration.Status.WAITLISTED
CANCELLED = Registration.Status.CANCELLED

# kind -> (statuses the registration must still have, template stem)
REGISTRATION_EMAILS: dict[str, tuple[frozenset[str], str]] = {
    "confirmed": (frozenset({CONFIRMED}), "registration_confirmed"),
    "waitlisted": (frozenset({WAITLISTED}), "registration_waitlisted"),
    "promoted": (frozenset({CONFIRMED}), "registration_promoted"),
    "cancelled": (frozenset({CANCELLED}), "registration_cancelled"),
    "updated": (frozenset({CONFIRMED, WAITLISTED}), "meeting_updated"),
}
# News of a place is stale once the meeting is over or called off.
NEEDS_LIVE_MEETING = frozenset({"confirmed", "waitlisted", "promoted", "updated"})


def _send(
    *,
    to: str,
    language: str,
    stem: str,
    context: dict[str, Any],
    ics: bytes | None,
    method: str = "REQUEST",
) -> None:
    with translation.override(language or settings.LANGUAGE_CODE), timezone.override(ROME):
        subject = render_to_string(f"meetings/email/{stem}_subject.txt", context).strip()
        text = render_to_string(f"meetings/email/{stem}.txt", context)
        html = render_to_string(f"meetings/email/{stem}.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=[to])
    message.attach_alternative(html, "text/html")
    if ics is not None:
        message.attach("incontro.ics", ics, f"text/calendar; method={method}; charset=utf-8")
    message.send()


def _is_stale(registration: Registration, kind: str) -> bool:
    required_statuses, _stem = REGISTRATION_EMAILS[kind]
    if registration.status not in required_statuses:
        return True  # things changed since the email was queued
    if kind == "promoted" and registration.promoted_at is None:
        return True
    if kind == "confirmed" and registration.promoted_at is not None:
        return True  # they were promoted meanwhile: the promotion email says it
    meeting = registration.meeting
    if kind in NEEDS_LIVE_MEETING:
        if meeting.end <= timezone.now():
            return True
        # A cancelled meeting still sends "updated" (with METHOD:CANCEL), nothing else.
        if meeting.status == Meeting.Status.CANCELLED and kind != "updated":
            return True
    return False


@task()
def send_registration_email(registration_id: int, kind: str) -> bool:
    """One email about one registration: kind is a key of REGISTRATION_EMAILS."""
    if kind not in REGISTRATION_EMAILS:
        return False
    registration = (
        Registration.objects.select_related(
            "meeting__programme",
            "meeting__municipality",
            "user",
            "project",
            "organisation",
            "registered_by",
        )
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or _is_stale(registration, kind):
        return False
    person = registration.user
    if not person.is_active or not person.email:
        return False
    meeting = registration.meeting
    _required, stem = REGISTRATION_EMAILS[kind]

    # The calendar entry: added or moved for a place, removed for a cancelled place or meeting.
    ics, method = None, "REQUEST"
    if kind == "cancelled" or meeting.status == Meeting.Status.CANCELLED:
        method = "CANCEL"
    if registration.status == CONFIRMED or kind == "cancelled":
        ics = calendar_for([meeting], name=meeting.programme.title, method=method, attendee=person)

    by_other = registration.registered_by_id not in (None, person.pk)
    context = {
        "registration": registration,
        "meeting": meeting,
        "person": person,
        "kind": kind,
        "url": meeting_url(meeting),
        "feed_url": settings.SITE_URL + reverse("meetings:feed_settings"),
        "registered_by": registration.registered_by if by_other else None,
        "is_online": meeting.format != Meeting.Format.IN_PERSON and bool(meeting.online_url),
        "meeting_cancelled": meeting.status == Meeting.Status.CANCELLED,
        "has_ics": ics is not None,
    }
    if registration.status == WAITLISTED:
        context["position"] = (
            Registration.objects.waiting()
            .filter(meeting=meeting, created_at__lte=registration.created_at)
            .exclude(created_at=registration.created_at, pk__gt=registration.pk)
            .count()
        )
    _send(
        to=person.email,
        language=person.language,
        stem=stem,
        context=context,
        ics=ics,
        method=method,
    )
    return True


@task()
def send_meeting_update_emails(meeting_id: int, sequence: int) -> int:
    """Tell every registered person (and those waiting) that the time changed; the people with
    a place get the updated calendar entry (same UID, higher SEQUENCE)."""
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None or meeting.ical_sequence != sequence:
        return 0  # a later change has queued its own emails
    sent = 0
    registrations = (
        Registration.objects.active()
        .filter(meeting=meeting)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for registration_id in registrations:
        if send_registration_email.call(registration_id, "updated"):
            sent += 1
    return sent


@task()
def remind_to_close(meeting_id: int) -> bool:
    from .services.meetings import send_close_reminder  # type: ignore[import-not-found,unused-ignore]

    meeting = Meeting.objects.filter(pk=meeting_id).first()
    return bool(meeting and send_close_reminder(meeting=meeting))
