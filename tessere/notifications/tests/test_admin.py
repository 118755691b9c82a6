"""The admin shows notifications and digests to superusers (read only for notifications)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Personas
from tessere.notifications.models import DigestLog

from .conftest import Visibility
from .helpers import ping

pytestmark = pytest.mark.django_db


def test_every_notifications_model_opens_in_the_admin(
    visibility: Visibility, personas: Personas, client: Client
) -> None:
    notification = ping(personas.representative)[0]
    client.force_login(personas.superuser)
    for model in ("notification", "notificationpreference", "notificationsettings", "digestlog"):
        assert client.get(reverse(f"admin:notifications_{model}_changelist")).status_code == 200
    page = client.get(reverse("admin:notifications_notification_change", args=[notification.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content  # read only
    filtered = client.get(
        reverse("admin:notifications_notification_changelist") + "?email_status__exact=pending"
    )
    assert filtered.status_code == 200
    assert DigestLog.objects.count() == 0
    assert client.get(reverse("admin:notifications_notification_add")).status_code == 403
