"""More places after the fact: the people waiting get them at once, in order, with an email."""

from __future__ import annotations

import pytest
from django.core import mail

from conftest import Personas
from tessere.meetings.models import Registration
from tessere.meetings.services.meetings import update_meeting

from .factories import make_meeting, make_registration


@pytest.mark.django_db
def test_raising_the_capacity_promotes_the_waiting_list_in_order(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    meeting = make_meeting(personas.programme, capacity=1)
    make_registration(meeting, personas.representative)
    first = make_registration(meeting, personas.coordinator, status="waitlisted")
    second = make_registration(meeting, personas.other_representative, status="waitlisted")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        update_meeting(meeting=meeting, data={"capacity": 2}, by=personas.facilitator)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Registration.Status.CONFIRMED
    assert first.promoted_at is not None
    assert second.status == Registration.Status.WAITLISTED
    assert [m.to for m in mail.outbox] == [[personas.coordinator.email]]


@pytest.mark.django_db
def test_lowering_the_capacity_moves_nobody(personas: Personas) -> None:
    meeting = make_meeting(personas.programme, capacity=3)
    make_registration(meeting, personas.representative)
    waiting = make_registration(meeting, personas.coordinator, status="waitlisted")

    update_meeting(meeting=meeting, data={"capacity": 2}, by=personas.facilitator)

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITLISTED
