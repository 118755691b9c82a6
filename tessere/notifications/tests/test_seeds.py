"""The demo bell: notifications written from the demo data, never emailed, once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from conftest import Personas
from tessere.meetings.tests import factories as mf
from tessere.mentoring.tests import factories as mtf
from tessere.notifications import seeds
from tessere.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_demo_notifications_follow_the_demo_data_and_a_second_run_adds_nothing(
    personas: Personas,
) -> None:
    p = personas
    now = timezone.now()
    meeting = mf.make_meeting(
        p.programme, start=now + dt.timedelta(days=5), end=now + dt.timedelta(days=5, hours=3)
    )
    mf.make_registration(meeting, p.representative)
    mtf.make_action(p.project, p.operator, description="Preparare il calendario")
    Notification.objects.all().delete()
    mail.outbox.clear()

    first = seeds.seed(now=now)
    second = seeds.seed(now=now)

    place = Notification.objects.get(recipient=p.representative)
    assert place.kind == "meetings.registration_confirmed"
    assert place.url == meeting.get_absolute_url()
    assert Notification.objects.filter(
        recipient=p.operator, kind="mentoring.action_assigned"
    ).exists()
    assert first["created"]["notification"] == Notification.objects.count()
    assert second["created"] == {}
    assert set(Notification.objects.values_list("email_status", flat=True)) == {"none"}
    assert mail.outbox == []
