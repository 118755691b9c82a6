"""Writing notifications and choices. Apps call `notify()`; nothing else creates a Notification.

    notify(
        kind="meetings.registration",
        recipients=[person],
        event_key=f"registration:{registration.pk}:confirmed:{stamp}",
        data={"meeting": meeting.title},
        url=meeting.get_absolute_url(),
        target=registration,
        actor=request_user,
    )

- One notification per (recipient, event_key): calling twice for the same event does nothing
  the second time, so a retried service or task never notifies (or emails) twice.
- The actor is not notified of their own doing.
- The recipient's preference for the kind decides: NEVER → nothing; IN_APP → the bell only;
  DIGEST → the bell and the next digest; IMMEDIATE → the bell and an email queued after the
  transaction commits (tasks.send_notification_email re-checks everything when it runs).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from tessere.core.audit import log_action

from .models import Notification, NotificationPreference, NotificationSettings
from .registry import EMAIL_DELIVERIES, Delivery, kinds

# What a delivery choice means for the email of a new notification.
CHANNEL: dict[str, str] = {
    Delivery.IMMEDIATE: Notification.EmailStatus.PENDING,
    Delivery.DIGEST: Notification.EmailStatus.DIGEST,
}
UNSUBSCRIBE_SALT = "tessere.notifications.unsubscribe"
ALL_KINDS = "*"
DIGEST = "digest"  # the unsubscribe "kind" of the digest email


# --- Preferences -------------------------------------------------------------------------------
def deliveries_for(users: Iterable[Any], kind: str) -> dict[int, str]:
    """{user_id: delivery} for one kind, defaults filled in. One query."""
    users = list(users)
    default = kinds[kind].default if kind in kinds else Delivery.IN_APP
    chosen = dict(
        NotificationPreference.objects.filter(
            user__in=[user.pk for user in users], kind=kind
        ).values_list("user_id", "delivery")
    )
    return {user.pk: chosen.get(user.pk, default) for user in users}


def delivery_for(user: Any, kind: str) -> str:
    return deliveries_for([user], kind)[user.pk]


def preferences_of(user: Any) -> dict[str, str]:
    """{kind: delivery} for every registered kind, defaults filled in. One query."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind.key: chosen.get(kind.key, kind.default) for kind in kinds.all()}


def settings_of(user: Any) -> NotificationSettings:
    found, _created = NotificationSettings.objects.get_or_create(user=user)
    return found


def digest_frequency_of(user: Any) -> str:
    """The person's digest choice (weekly when they never chose). One query, no write."""
    found = (
        NotificationSettings.objects.filter(user=user)
        .values_list("digest_frequency", flat=True)
        .first()
    )
    return found or NotificationSettings.Frequency.WEEKLY


@transaction.atomic
def set_preferences(*, user: Any, deliveries: dict[str, str], digest_frequency: str) -> None:
    """Save a person's choices (the preferences page). Unknown kinds and values are ignored.
    A choice equal to the kind's default is not stored, so the person follows the default if
    it changes later (a preference row means "I chose otherwise")."""
    for key, delivery in deliveries.items():
        kind = kinds.get(key)
        if kind is None or delivery not in Delivery.values:
            continue
        if delivery == kind.default:
            NotificationPreference.objects.filter(user=user, kind=key).delete()
            continue
        NotificationPreference.objects.update_or_create(
            user=user, kind=key, defaults={"delivery": delivery}
        )
    if digest_frequency in NotificationSettings.Frequency.values:
        NotificationSettings.objects.update_or_create(
            user=user, defaults={"digest_frequency": digest_frequency}
        )
    log_action(user, "notifications.preferences.changed", by=user)


@transaction.atomic
def stop_email(*, user: Any, kind: str = ALL_KINDS) -> list[str]:
    """Unsubscribe: no more email for `kind` (or for every kind and the digest; "digest" for
    the digest alone). Only email: what was IMMEDIATE or DIGEST becomes IN_APP; NEVER stays
    NEVER; the bell is untouched. Returns the kinds changed ("digest" for the digest)."""
    if kind == DIGEST:
        keys: list[str] = []
    elif kind == ALL_KINDS:
        keys = [k.key for k in kinds.all()]
    else:
        keys = [kind]
    current = preferences_of(user)
    changed = []
    for key in keys:
        if key in current and current[key] in EMAIL_DELIVERIES:
            NotificationPreference.objects.update_or_create(
                user=user, kind=key, defaults={"delivery": Delivery.IN_APP}
            )
            changed.append(key)
    if kind in {ALL_KINDS, DIGEST}:
        NotificationSettings.objects.update_or_create(
            user=user, defaults={"digest_frequency": NotificationSettings.Frequency.NEVER}
        )
        changed.append(DIGEST)
    # Emails already queued for these kinds are not sent (the task re-checks the preference).
    log_action(user, "notifications.unsubscribed", by=None, kind=kind)
    return changed


# --- Unsubscribe links -------------------------------------------------------------------------
def unsubscribe_token(user: Any, kind: str = ALL_KINDS) -> str:
    """A signed, non-expiring token naming the person and the kind ("digest" for the digest,
    "*" for every email). It only ever turns emails off, so it needs no expiry."""
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    user_id, kind = payload.get("u"), payload.get("k")
    if not isinstance(user_id, int) or not isinstance(kind, str):
        return None
    if kind not in kinds and kind not in {ALL_KINDS, DIGEST}:
        return None
    return user_id, kind


def unsubscribe_url(user: Any, kind: str = ALL_KINDS) -> str:
    from django.urls import reverse

    return settings.SITE_URL + reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(user, kind)]
    )


# --- Notifying ---------------------------------------------------------------------------------
def notify(
    *,
    kind: str,
    recipients: Iterable[Any],
    event_key: str,
    data: dict[str, Any] | None = None,
    url: str = "",
    target: models.Model | None = None,
    actor: Any = None,
) -> list[Notification]:
    """Create one notification per recipient for this event (see the module docstring).
    Returns the notifications created now (not those that existed already)."""
    if kind not in kinds:
        raise ValueError(f"Unknown notification kind: {kind!r} (declare it in notifications.py)")
    people = {
        person.pk: person
        for person in recipients
        if person is not None
        and getattr(person, "is_active", False)
        and (actor is None or person.pk != getattr(actor, "pk", None))
    }
    if not people:
        return []
    deliveries = deliveries_for(people.values(), kind)
    content_type = ContentType.objects.get_for_model(target) if target is not None else None
    created: list[Notification] = []
    for person_id, person in people.items():
        delivery = deliveries[person_id]
        if delivery == Delivery.NEVER:
            continue
        status: str = CHANNEL.get(delivery, Notification.EmailStatus.NONE)
        if status == Notification.EmailStatus.PENDING and not person.email:
            status = Notification.EmailStatus.NONE
        try:
            with transaction.atomic():
                notification, was_created = Notification.objects.get_or_create(
                    recipient=person,
                    event_key=event_key[:200],
                    defaults={
                        "kind": kind,
                        "actor": actor if getattr(actor, "pk", None) else None,
                        "data": data or {},
                        "url": url,
                        "content_type": content_type,
                        "object_id": target.pk if target is not None else None,
                        "email_status": status,
                    },
                )
        except IntegrityError:  # the same event, notified at the same moment elsewhere
            continue
        if was_created:
            created.append(notification)
    pending = [n.pk for n in created if n.email_status == Notification.EmailStatus.PENDING]
    if pending:
        transaction.on_commit(lambda: _enqueue_emails(pending))
    return created


def _enqueue_emails(notification_ids: list[int]) -> None:
    from .tasks import send_notification_email

    for notification_id in notification_ids:
        send_notification_email.enqueue(notification_id)


# --- Reading -----------------------------------------------------------------------------------
def mark_read(*, user: Any, notification_ids: Iterable[int] | None = None) -> int:
    """Mark some (or all) of the person's unread notifications as read. Returns how many."""
    unread = Notification.objects.visible_to(user).unread()
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def unread_count(user: Any) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.visible_to(user).unread().count()
