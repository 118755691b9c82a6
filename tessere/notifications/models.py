"""Notifications on the site, each person's choices, and the record of digests sent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .registry import Delivery, kinds


class NotificationQuerySet(models.QuerySet["Notification"]):
    def visible_to(self, user: Any) -> NotificationQuerySet:
        """A person sees their own notifications, nobody else's (superusers included)."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One thing addressed to one person. `event_key` names the event: the same event never
    makes two notifications (nor two emails) for the same person."""

    class EmailStatus(models.TextChoices):
        NONE = "none", _("no email")
        PENDING = "pending", _("to send")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("not sent (no longer relevant or visible)")
        DIGEST = "digest", _("for the digest")
        DIGESTED = "digested", _("sent in a digest")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=80)
    event_key = models.CharField(_("event"), max_length=200)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What the summary is formatted with (strings saved when it happened: titles, names).
    data = models.JSONField(_("details"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_status = models.CharField(
        _("email"), max_length=12, choices=EmailStatus.choices, default=EmailStatus.NONE
    )
    email_attempts = models.PositiveSmallIntegerField(_("email attempts"), default=0)
    email_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True, editable=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"], name="notifications_one_per_event"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notif_recipient_read"),
            models.Index(fields=["email_status", "created_at"], name="notif_email_status"),
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def summary(self) -> str:
        kind = kinds.get(self.kind)
        return kind.format(self.data) if kind else self.kind

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationSettings(models.Model):
    """A person's digest choice (weekly by default) and when the last one went out."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("every day")
        WEEKLY = "weekly", _("every week (on Monday)")
        NEVER = "never", _("never")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    digest_frequency = models.CharField(
        _("digest email"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)


class NotificationPreference(models.Model):
    """How one person wants to hear about one kind (absent: the kind's default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=80)
    delivery = models.CharField(_("delivery"), max_length=12, choices=Delivery.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notifications_one_pref_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}: {self.delivery}"


class DigestLog(models.Model):
    """One digest period of one person: written before sending, so a second run of the
    command (or a second worker) does not send it again. The task claims it (PENDING →
    SENDING) before building and sending, like a notification's email."""

    class Status(models.TextChoices):
        PENDING = "pending", _("to send")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        EMPTY = "empty", _("nothing new: not sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("not sent")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="digest_logs",
    )
    period = models.CharField(_("period"), max_length=16)  # "D2026-11-25", "W2026-48"
    since = models.DateTimeField(_("news since"))
    # When the period opened (the command's `now`): the next digest's news start here.
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    item_count = models.PositiveIntegerField(_("items"), default=0)
    error = models.CharField(_("error"), max_length=300, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="notifications_one_digest")
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="digest_status")]

    def __str__(self) -> str:
        return f"{self.user} · {self.period}"
