"""registration_context(): what the meeting page's registration box and participant list show,
to whom, and at a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from conftest import Personas
from tessere.accounts.models import User
from tessere.meetings.models import Meeting
from tessere.meetings.views.registration import registration_context
from tessere.registry.models import ProjectRole
from tessere.registry.tests import factories as f

from .factories import make_meeting, make_registration

NOBODY, PARTICIPANTS, MEMBERS = "nobody", "participants", "members"


def context_for(user: User | None, meeting: Meeting) -> dict[str, Any]:
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    fresh = Meeting.objects.select_related("programme").get(pk=meeting.pk)  # no cached predicates
    return registration_context(request, fresh)


def shown(user: User | None, meeting: Meeting) -> set[int]:
    return {r.user_id for r in context_for(user, meeting)["participant_list"].shown}


def with_visibility(user: User, choice: str) -> User:
    user.participant_list_visibility = choice
    user.save()
    return user


@pytest.fixture
def meeting(personas: Personas) -> Meeting:
    return make_meeting(personas.programme, capacity=5)


def test_the_box_for_a_registered_person(personas: Personas, meeting: Meeting) -> None:
    make_registration(meeting, personas.representative)
    box = context_for(personas.representative, meeting)["registration_box"]
    assert box.is_confirmed and box.can_cancel and not box.can_register
    assert box.places_left == 4


def test_the_box_gives_the_waiting_position(personas: Personas) -> None:
    meeting = make_meeting(personas.programme, capacity=1)
    make_registration(meeting, personas.expert)
    make_registration(meeting, personas.monitor, status="waitlisted")
    make_registration(meeting, personas.representative, status="waitlisted")
    box = context_for(personas.representative, meeting)["registration_box"]
    assert box.is_waitlisted and box.waiting_position == 2
    assert box.is_full and box.waiting_count == 2


def test_the_box_for_anonymous_and_outsiders(personas: Personas, meeting: Meeting) -> None:
    for user in (None, personas.outsider):
        box = context_for(user, meeting)["registration_box"]
        assert not box.can_register and not box.can_register_others and not box.is_team


def test_the_box_for_coordinators_and_the_team(personas: Personas, meeting: Meeting) -> None:
    assert context_for(personas.coordinator, meeting)["registration_box"].can_register_others
    assert not context_for(personas.representative, meeting)["registration_box"].can_register_others
    team_box = context_for(personas.facilitator, meeting)["registration_box"]
    assert team_box.is_team and team_box.can_register_others


def test_waiting_people_are_not_participants(personas: Personas, meeting: Meeting) -> None:
    make_registration(meeting, personas.representative, status="waitlisted")
    make_registration(meeting, personas.expert, status="cancelled")
    participants = context_for(personas.programme_admin, meeting)["participant_list"]
    assert participants.total == 0


def test_nobody_means_only_the_team_and_oneself(personas: Personas, meeting: Meeting) -> None:
    hidden = with_visibility(personas.representative, NOBODY)
    make_registration(meeting, hidden)
    make_registration(meeting, personas.other_representative)
    assert hidden.pk in shown(personas.programme_admin, meeting)
    assert hidden.pk in shown(personas.facilitator, meeting)
    assert hidden.pk in shown(hidden, meeting)
    assert hidden.pk not in shown(personas.other_representative, meeting)
    assert hidden.pk not in shown(personas.coordinator, meeting)


def test_participants_means_other_registered_people(personas: Personas, meeting: Meeting) -> None:
    person = with_visibility(personas.representative, PARTICIPANTS)
    make_registration(meeting, person)
    make_registration(meeting, personas.other_representative)
    make_registration(meeting, personas.monitor, status="waitlisted")
    assert person.pk in shown(personas.other_representative, meeting)
    assert person.pk in shown(personas.monitor, meeting)  # waiting counts as taking part
    assert person.pk not in shown(personas.expert, meeting)  # a member, not registered
    assert person.pk not in shown(None, meeting)


def test_members_means_every_member_of_the_programme(personas: Personas, meeting: Meeting) -> None:
    person = with_visibility(personas.representative, MEMBERS)
    make_registration(meeting, person)
    assert person.pk in shown(personas.expert, meeting)
    assert person.pk in shown(personas.other_representative, meeting)
    assert person.pk not in shown(personas.outsider, meeting)
    assert person.pk not in shown(None, meeting)


def test_hidden_people_are_counted(personas: Personas, meeting: Meeting) -> None:
    with_visibility(personas.representative, NOBODY)
    with_visibility(personas.coordinator, NOBODY)
    with_visibility(personas.other_representative, MEMBERS)
    for person in (personas.representative, personas.coordinator, personas.other_representative):
        make_registration(meeting, person)
    context = context_for(personas.expert, meeting)
    participants = context["participant_list"]
    assert [r.user_id for r in participants.shown] == [personas.other_representative.pk]
    assert participants.hidden_count == 2 and participants.total == 3
    with translation.override("en"):
        html = render_to_string(
            "meetings/includes/participants.html",
            {"meeting": meeting, **context, "user": personas.expert},
        )
    assert "and 2 more people" in " ".join(html.split())
    assert personas.other_representative.display_name in html
    assert personas.representative.display_name not in html


def test_anonymous_sees_only_how_many(personas: Personas, meeting: Meeting) -> None:
    with_visibility(personas.representative, MEMBERS)
    make_registration(meeting, personas.representative)
    context = context_for(None, meeting)
    with translation.override("en"):
        html = render_to_string(
            "meetings/includes/participants.html",
            {"meeting": meeting, **context, "user": AnonymousUser()},
        )
    assert "1 person registered" in html
    assert personas.representative.display_name not in html


def test_the_context_costs_a_fixed_number_of_queries(personas: Personas, meeting: Meeting) -> None:
    def count(persona: User) -> int:
        user = User.objects.get(pk=persona.pk)  # no roles cached on the object
        with CaptureQueriesContext(connection) as ctx:
            context = context_for(user, meeting)
            render_to_string(
                "meetings/includes/participants.html", {"meeting": meeting, **context, "user": user}
            )
        return len(ctx.captured_queries)

    make_registration(meeting, personas.representative)
    small = {name: count(personas.get(name)) for name in ("expert", "coordinator", "facilitator")}  # type: ignore[arg-type]
    orgs = f.project_organisations(personas.other_project)
    for i in range(12):
        person = f.make_user()
        f.give_project_role(
            person, personas.other_project, ProjectRole.Role.OPERATOR, orgs[i % len(orgs)]
        )
        make_registration(meeting, person, status="confirmed" if i < 4 else "waitlisted")
        with_visibility(person, [NOBODY, PARTICIPANTS, MEMBERS][i % 3])
    large = {name: count(personas.get(name)) for name in small}  # type: ignore[arg-type]
    assert large == small
    assert max(large.values()) <= 8, large
