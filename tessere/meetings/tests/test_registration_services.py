"""Registration services: places, the waiting list, the representation limit, cancelling."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from conftest import Personas
from tessere.accounts.models import User
from tessere.core.models import AuditEntry
from tessere.core.testing import unchanged
from tessere.meetings.models import Registration
from tessere.meetings.services.registration import (
    cancel_registration,
    promote_from_waitlist,
    register_participant,
)
from tessere.registry.models import ProjectRole
from tessere.registry.tests import factories as f

from .factories import make_meeting, make_registration

CONFIRMED, WAITLISTED, CANCELLED = "confirmed", "waitlisted", "cancelled"


@pytest.fixture(autouse=True)
def _english() -> object:
    """Messages are matched in English, whatever the Italian catalogue says."""
    with translation.override("en"):
        yield


def project_member(personas: Personas, organisation_index: int = 2) -> User:
    person = f.make_user()
    orgs = f.project_organisations(personas.project)
    f.give_project_role(
        person, personas.project, ProjectRole.Role.REPRESENTATIVE, orgs[organisation_index]
    )
    return person


def test_register_gives_a_place_with_project_and_organisation(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    meeting = make_meeting(personas.programme, capacity=10)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = register_participant(
            meeting=meeting, person=personas.representative, by=personas.representative
        )
    registration = outcome.registration
    assert outcome.created and not outcome.waitlisted and outcome.warnings == []
    assert registration.status == CONFIRMED
    assert registration.project == personas.project
    role = ProjectRole.objects.get(user=personas.representative)
    assert registration.organisation == role.organisation
    assert registration.registered_by == personas.representative
    assert AuditEntry.objects.filter(
        action="meetings.registration.confirmed", object_id=str(registration.pk)
    ).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [personas.representative.email]


def test_register_when_full_puts_on_the_waiting_list(personas: Personas) -> None:
    meeting = make_meeting(personas.programme, capacity=1)
    register_participant(
        meeting=meeting, person=personas.representative, by=personas.representative
    )
    outcome = register_participant(
        meeting=meeting, person=personas.other_representative, by=personas.other_representative
    )
    assert outcome.waitlisted
    assert outcome.registration.status == WAITLISTED


def test_register_rejects_a_fourth_person_of_the_same_project(personas: Personas) -> None:
    meeting = make_meeting(personas.programme)
    for person in (personas.representative, personas.coordinator, personas.operator):
        register_participant(meeting=meeting, person=person, by=person)
    fourth = project_member(personas)
    with unchanged(Registration.objects.all()), pytest.raises(ValidationError, match="3 people"):
        register_participant(meeting=meeting, person=fourth, by=fourth)


def test_waiting_people_count_towards_the_project_limit(personas: Personas) -> None:
    meeting = make_meeting(personas.programme, capacity=1)
    register_participant(
        meeting=meeting, person=personas.other_representative, by=personas.other_representative
    )
    for person in (personas.representative, personas.coordinator, personas.operator):
        assert register_participant(meeting=meeting, person=person, by=person).waitlisted
    fourth = project_member(personas)
    with pytest.raises(ValidationError):
        register_participant(meeting=meeting, person=fourth, by=fourth)


def test_the_limit_follows_the_programme_setting(personas: Personas) -> None:
    personas.programme.representation_limit = 1
    personas.programme.save()
    meeting = make_meeting(personas.programme)
    register_participant(
        meeting=meeting, person=personas.representative, by=personas.representative
    )
    with pytest.raises(ValidationError):
        register_participant(meeting=meeting, person=personas.operator, by=personas.operator)


def test_a_cancelled_place_does_not_count_towards_the_limit(personas: Personas) -> None:
    meeting = make_meeting(personas.programme)
    for person in (personas.representative, personas.coordinator, personas.operator):
        register_participant(meeting=meeting, person=person, by=person)
    registration = Registration.objects.get(meeting=meeting, user=personas.operator)
    cancel_registration(registration=registration, by=personas.operator)
    fourth = project_member(personas)
    assert register_participant(meeting=meeting, person=fourth, by=fourth).created


def test_same_organisation_of_the_same_project_is_allowed_with_a_warning(
    personas: Personas,
) -> None:
    meeting = make_meeting(personas.programme)
    register_participant(
        meeting=meeting, person=personas.representative, by=personas.representative
    )
    # The coordinator works for the same organisation as the representative.
    outcome = register_participant(
        meeting=meeting, person=personas.coordinator, by=personas.coordinator
    )
    assert outcome.created and outcome.registration.status == CONFIRMED
    assert len(outcome.warnings) == 1
    assert "Ubuntu" in outcome.warnings[0]


def test_different_organisations_give_no_warning(personas: Personas) -> None:
    meeting = make_meeting(personas.programme)
    register_participant(
        meeting=meeting, person=personas.representative, by=personas.representative
    )
    outcome = register_participant(meeting=meeting, person=personas.operator, by=personas.operator)
    assert outcome.warnings == []


def test_registering_again_is_idempotent(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    meeting = make_meeting(personas.programme)
    first = register_participant(
        meeting=meeting, person=personas.representative, by=personas.representative
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = register_participant(
            meeting=meeting, person=personas.representative, by=personas.representative
        )
    assert not again.created
    assert again.registration.pk == first.registration.pk
    assert Registration.objects.filter(meeting=meeting).count() == 1
    assert callbacks == []  # no second email


def test_registering_after_cancelling_gives_a_new_place(personas: Personas) -> None:
    meeting = make_meeting(personas.programme)
    first = register_participant(
        meeting=meeting, person=personas.representative, by=personas.representative
    )
    cancel_registration(registration=first.registration, by=personas.representative)
    again = register_participant(
        meeting=meeting, person=personas.representative, by=personas.representative
    )
    assert again.created and again.registration.pk != first.registration.pk
    assert again.registration.status == CONFIRMED


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "cancelled"},
        {"status": "held"},
        {"closed_at": timezone.now()},
    ],
    ids=["cancelled", "held", "closed"],
)
def test_closed_registration_is_refused(personas: Personas, changes: dict[str, object]) -> None:
    meeting = make_meeting(personas.programme, **changes)  # type: ignore[arg-type]
    with unchanged(Registration.objects.all()), pytest.raises(ValidationError, match="closed"):
        register_participant(
            meeting=meeting, person=personas.representative, by=personas.representative
        )


def test_registration_is_refused_after_the_end(personas: Personas) -> None:
    now = timezone.now()
    meeting = make_meeting(
        personas.programme, start=now - dt.timedelta(hours=5), end=now - dt.timedelta(hours=1)
    )
    with pytest.raises(ValidationError):
        register_participant(
            meeting=meeting, person=personas.representative, by=personas.representative
        )


def test_people_outside_the_programme_cannot_be_registered(personas: Personas) -> None:
    meeting = make_meeting(personas.programme)
    with (
        unchanged(Registration.objects.all()),
        pytest.raises(ValidationError, match="not a member"),
    ):
        register_participant(meeting=meeting, person=personas.outsider, by=personas.programme_admin)


def test_a_project_of_another_programme_is_refused(personas: Personas) -> None:
    meeting = make_meeting(personas.programme)
    foreign = f.make_project()
    with pytest.raises(ValidationError, match="another programme"):
        register_participant(
            meeting=meeting,
            person=personas.representative,
            by=personas.representative,
            project=foreign,
        )


def test_a_project_the_person_does_not_work_in_is_refused(personas: Personas) -> None:
    meeting = make_meeting(personas.programme)
    with pytest.raises(ValidationError, match="does not work in"):
        register_participant(
            meeting=meeting,
            person=personas.representative,
            by=personas.coordinator,
            project=personas.other_project,
        )


def test_team_members_without_a_project_register_without_one(personas: Personas) -> None:
    meeting = make_meeting(personas.programme)
    outcome = register_participant(meeting=meeting, person=personas.expert, by=personas.expert)
    assert outcome.registration.project is None
    assert outcome.registration.organisation == personas.programme.lead_organisation


def test_cancel_promotes_the_first_person_waiting(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    meeting = make_meeting(personas.programme, capacity=1)
    first = register_participant(
        meeting=meeting, person=personas.representative, by=personas.representative
    )
    second = register_participant(
        meeting=meeting, person=personas.other_representative, by=personas.other_representative
    )
    third = register_participant(meeting=meeting, person=personas.expert, by=personas.expert)
    assert second.waitlisted and third.waitlisted
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = cancel_registration(registration=first.registration, by=personas.representative)
    assert [r.pk for r in promoted] == [second.registration.pk]
    statuses = dict(Registration.objects.filter(meeting=meeting).values_list("user_id", "status"))
    assert statuses == {
        personas.representative.pk: CANCELLED,
        personas.other_representative.pk: CONFIRMED,
        personas.expert.pk: WAITLISTED,
    }
    promoted_registration = Registration.objects.get(pk=second.registration.pk)
    assert promoted_registration.promoted_at is not None
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(
        [personas.representative.email, personas.other_representative.email]
    )
    assert AuditEntry.objects.filter(action="meetings.registration.promoted").count() == 1


def test_waiting_list_is_first_come_first_served(personas: Personas) -> None:
    meeting = make_meeting(personas.programme, capacity=1)
    holder = make_registration(meeting, personas.representative)
    later = make_registration(meeting, personas.expert, status=WAITLISTED)
    earlier = make_registration(meeting, personas.other_representative, status=WAITLISTED)
    Registration.objects.filter(pk=earlier.pk).update(
        created_at=later.created_at - dt.timedelta(minutes=5)
    )
    promoted = cancel_registration(registration=holder, by=personas.representative)
    assert [r.pk for r in promoted] == [earlier.pk]


def test_cancelling_a_waiting_place_promotes_nobody(personas: Personas) -> None:
    meeting = make_meeting(personas.programme, capacity=1)
    make_registration(meeting, personas.representative)
    waiting = make_registration(meeting, personas.other_representative, status=WAITLISTED)
    third = make_registration(meeting, personas.expert, status=WAITLISTED)
    assert cancel_registration(registration=waiting, by=personas.other_representative) == []
    assert Registration.objects.get(pk=third.pk).status == WAITLISTED


def test_cancelling_twice_changes_nothing(personas: Personas) -> None:
    meeting = make_meeting(personas.programme)
    registration = make_registration(meeting, personas.representative)
    cancel_registration(registration=registration, by=personas.representative)
    with unchanged(Registration.objects.all()):
        assert cancel_registration(registration=registration, by=personas.representative) == []


def test_cancel_by_the_coordinator(personas: Personas) -> None:
    meeting = make_meeting(personas.programme)
    registration = make_registration(meeting, personas.representative)
    cancel_registration(registration=registration, by=personas.coordinator)
    registration.refresh_from_db()
    assert registration.status == CANCELLED and registration.cancelled_at is not None
    entry = AuditEntry.objects.get(action="meetings.registration.cancelled")
    assert entry.actor == personas.coordinator


def test_cancel_is_refused_after_the_meeting(personas: Personas) -> None:
    now = timezone.now()
    meeting = make_meeting(
        personas.programme, start=now - dt.timedelta(hours=5), end=now - dt.timedelta(hours=1)
    )
    registration = make_registration(meeting, personas.representative)
    with unchanged(Registration.objects.all()), pytest.raises(ValidationError):
        cancel_registration(registration=registration, by=personas.representative)


def test_promote_fills_new_places(personas: Personas) -> None:
    meeting = make_meeting(personas.programme, capacity=1)
    make_registration(meeting, personas.representative)
    a = make_registration(meeting, personas.other_representative, status=WAITLISTED)
    b = make_registration(meeting, personas.expert, status=WAITLISTED)
    meeting.capacity = 3
    meeting.save()
    promoted = promote_from_waitlist(meeting=meeting, by=personas.programme_admin)
    assert {r.pk for r in promoted} == {a.pk, b.pk}
    assert Registration.objects.confirmed().filter(meeting=meeting).count() == 3


def test_without_capacity_nobody_waits(personas: Personas) -> None:
    meeting = make_meeting(personas.programme, capacity=None)
    people = [
        personas.representative,
        personas.other_representative,
        personas.expert,
        personas.monitor,
    ]
    for person in people:
        assert not register_participant(meeting=meeting, person=person, by=person).waitlisted
