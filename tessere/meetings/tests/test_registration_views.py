"""Registration pages, as every persona: register, cancel, the team's list, the online link.
A denied action answers as expected and changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PERSONA_NAMES, Personas
from tessere.accounts.models import User
from tessere.core.testing import (
    HTMX,
    assert_max_queries_stable,
    in_english,
    is_login_redirect,
    page_text,
    unchanged,
)
from tessere.meetings.models import Meeting, Registration
from tessere.registry.models import ProjectRole
from tessere.registry.tests import factories as f

from .factories import make_meeting, make_registration

LoginAs = Callable[[User | None], Client]
MEMBERS = [n for n in PERSONA_NAMES if n not in {"anonymous", "outsider"}]
TEAM = ["programme_admin", "facilitator", "superuser"]
NOT_TEAM = [n for n in MEMBERS if n not in TEAM]


def url(name: str, meeting: Meeting) -> str:
    return reverse(f"meetings:{name}", args=[meeting.slug])


def as_english(login_as: LoginAs, user: User | None) -> Client:
    return in_english(login_as(user))


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def meeting(personas: Personas) -> Meeting:
    return make_meeting(personas.programme, capacity=10)


# --- register: GET ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_register_page_as_every_persona(
    login_as: LoginAs, personas: Personas, meeting: Meeting, name: str
) -> None:
    response = login_as(personas.get(name)).get(url("register", meeting))
    if name == "anonymous":
        assert is_login_redirect(response)
    elif name == "outsider":
        assert response.status_code == 403
    else:
        assert response.status_code == 200


def test_register_page_of_a_private_meeting_is_404_for_outsiders(
    login_as: LoginAs, personas: Personas
) -> None:
    private = make_meeting(personas.programme, is_public=False)
    assert login_as(personas.outsider).get(url("register", private)).status_code == 404
    assert login_as(personas.representative).get(url("register", private)).status_code == 200


def test_register_page_shows_the_form_only_to_coordinators_and_the_team(
    login_as: LoginAs, personas: Personas, meeting: Meeting
) -> None:
    for name, has_form in [
        ("representative", False),
        ("expert", False),
        ("coordinator", True),
        ("facilitator", True),
        ("programme_admin", True),
    ]:
        response = login_as(personas.get(name)).get(url("register", meeting))
        assert (response.context["form"] is not None) is has_form, name


def test_coordinator_may_choose_only_their_projects_representatives(
    login_as: LoginAs, personas: Personas, meeting: Meeting
) -> None:
    form = login_as(personas.coordinator).get(url("register", meeting)).context["form"]
    assert set(form.candidates) == {personas.representative.pk}


def test_team_may_choose_any_member(
    login_as: LoginAs, personas: Personas, meeting: Meeting
) -> None:
    form = login_as(personas.facilitator).get(url("register", meeting)).context["form"]
    assert personas.other_representative.pk in form.candidates
    assert personas.expert.pk in form.candidates
    assert personas.outsider.pk not in form.candidates


# --- register: POST oneself ----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["anonymous", "outsider"])
def test_register_denied_changes_nothing(
    login_as: LoginAs, personas: Personas, meeting: Meeting, name: str
) -> None:
    with unchanged(Registration.objects.all()):
        response = login_as(personas.get(name)).post(url("register", meeting))
    if name == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("name", MEMBERS)
def test_every_member_registers_themself(
    login_as: LoginAs, personas: Personas, meeting: Meeting, name: str
) -> None:
    person = personas.get(name)
    response = login_as(person).post(url("register", meeting))
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    registration = Registration.objects.get(meeting=meeting)
    assert registration.user == person and registration.status == "confirmed"


def test_register_says_so(login_as: LoginAs, personas: Personas, meeting: Meeting) -> None:
    response = as_english(login_as, personas.representative).post(url("register", meeting))
    assert any("You are registered" in m for m in messages_of(response))


def test_full_meeting_says_waiting_list(login_as: LoginAs, personas: Personas) -> None:
    meeting = make_meeting(personas.programme, capacity=1)
    make_registration(meeting, personas.expert)
    response = as_english(login_as, personas.representative).post(url("register", meeting))
    assert response.status_code == 302
    assert any("waiting list" in m for m in messages_of(response))
    assert Registration.objects.get(user=personas.representative).status == "waitlisted"


def test_same_organisation_warning_is_shown(
    login_as: LoginAs, personas: Personas, meeting: Meeting
) -> None:
    make_registration(meeting, personas.representative)
    response = as_english(login_as, personas.coordinator).post(url("register", meeting))
    assert any("Another person from" in m for m in messages_of(response))
    assert Registration.objects.filter(meeting=meeting).count() == 2


def test_project_limit_is_an_error_message_not_a_500(
    login_as: LoginAs, personas: Personas, meeting: Meeting
) -> None:
    for person in (personas.representative, personas.coordinator, personas.operator):
        make_registration(meeting, person)
    fourth = f.make_user()
    f.give_project_role(fourth, personas.project, ProjectRole.Role.REPRESENTATIVE)
    with unchanged(Registration.objects.all()):
        response = as_english(login_as, fourth).post(url("register", meeting))
    assert response.status_code == 302
    assert any("already has 3 people" in m for m in messages_of(response))


@pytest.mark.parametrize("status", ["cancelled", "held"])
def test_closed_registration_is_an_error_message(
    login_as: LoginAs, personas: Personas, status: str
) -> None:
    meeting = make_meeting(personas.programme, status=status)
    with unchanged(Registration.objects.all()):
        response = as_english(login_as, personas.representative).post(url("register", meeting))
    assert response.status_code == 302
    assert any("closed" in m for m in messages_of(response))


def test_register_twice_keeps_one_place(
    login_as: LoginAs, personas: Personas, meeting: Meeting
) -> None:
    client = as_english(login_as, personas.representative)
    client.post(url("register", meeting))
    response = client.post(url("register", meeting))
    assert any("already registered" in m for m in messages_of(response))
    assert Registration.objects.filter(meeting=meeting).count() == 1


def test_register_with_htmx_swaps_the_box(
    login_as: LoginAs, personas: Personas, meeting: Meeting
) -> None:
    client = as_english(login_as, personas.representative)
    response = client.post(url("register", meeting), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="registration-box"' in html
    assert "You are registered" in html
    assert 'id="participants"' in html and 'hx-swap-oob="true"' in html
    assert "<html" not in html  # a fragment, not the page
    # Its forms work without JavaScript too: a real action and method.
    assert f'action="{url("cancel", meeting)}"' in html and 'method="post"' in html


def test_next_must_be_a_local_url(login_as: LoginAs, personas: Personas, meeting: Meeting) -> None:
    response = login_as(personas.representative).post(
        url("register", meeting), {"next": "https://evil.example/"}
    )
    assert response["Location"] == meeting.get_absolute_url()


# --- register: POST someone else -----------------------------------------------------------------
def test_coordinator_registers_a_representative_of_their_project(
    login_as: LoginAs, personas: Personas, meeting: Meeting, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = login_as(personas.coordinator).post(
            url("register", meeting), {"person": personas.representative.pk}
        )
    assert response.status_code == 302
    registration = Registration.objects.get(meeting=meeting)
    assert registration.user == personas.representative
    assert registration.project == personas.project
    assert registration.registered_by == personas.coordinator
    assert [m.to for m in mail.outbox] == [[personas.representative.email]]


def test_coordinator_cannot_register_another_projects_representative(
    login_as: LoginAs, personas: Personas, meeting: Meeting
) -> None:
    with unchanged(Registration.objects.all()):
        response = login_as(personas.coordinator).post(
            url("register", meeting), {"person": personas.other_representative.pk}
        )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "name", ["representative", "operator", "expert", "monitor", "other_representative"]
)
def test_others_cannot_register_someone_else(
    login_as: LoginAs, personas: Personas, meeting: Meeting, name: str
) -> None:
    with unchanged(Registration.objects.all()):
        response = login_as(personas.get(name)).post(
            url("register", meeting), {"person": personas.operator.pk}
        )
    assert response.status_code == 403


@pytest.mark.parametrize("name", TEAM)
def test_team_registers_any_member(
    login_as: LoginAs, personas: Personas, meeting: Meeting, name: str
) -> None:
    response = login_as(personas.get(name)).post(
        url("register", meeting),
        {"person": personas.other_representative.pk, "next": url("registration_list", meeting)},
    )
    assert response.status_code == 302
    assert response["Location"] == url("registration_list", meeting)
    registration = Registration.objects.get(meeting=meeting)
    assert registration.user == personas.other_representative
    assert registration.project == personas.other_project


def test_meeting_facilitator_registers_people(login_as: LoginAs, personas: Personas) -> None:
    meeting = make_meeting(personas.programme, facilitators=[personas.mentor])
    response = login_as(personas.mentor).post(
        url("register", meeting), {"person": personas.expert.pk}
    )
    assert response.status_code == 302
    assert Registration.objects.filter(meeting=meeting, user=personas.expert).exists()


# --- cancel -------------------------------------------------------------------------------------
def test_cancel_own_place_in_one_click(
    login_as: LoginAs, personas: Personas, meeting: Meeting
) -> None:
    registration = make_registration(meeting, personas.representative)
    response = as_english(login_as, personas.representative).post(url("cancel", meeting))
    assert response.status_code == 302
    assert any("cancelled" in m for m in messages_of(response))
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_cancel_with_htmx_swaps_the_box_back_to_register(
    login_as: LoginAs, personas: Personas, meeting: Meeting
) -> None:
    make_registration(meeting, personas.representative)
    response = as_english(login_as, personas.representative).post(
        url("cancel", meeting), headers=HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your registration has been cancelled" in html
    assert f'action="{url("register", meeting)}"' in html


def test_cancel_promotes_the_waiting_list_with_an_email(
    login_as: LoginAs, personas: Personas, django_capture_on_commit_callbacks
) -> None:
    meeting = make_meeting(personas.programme, capacity=1)
    make_registration(meeting, personas.representative)
    waiting = make_registration(meeting, personas.other_representative, status="waitlisted")
    with django_capture_on_commit_callbacks(execute=True):
        login_as(personas.representative).post(url("cancel", meeting))
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert personas.other_representative.email in [m.to[0] for m in mail.outbox]


def test_cancel_without_a_place_says_so(
    login_as: LoginAs, personas: Personas, meeting: Meeting
) -> None:
    with unchanged(Registration.objects.all()):
        response = as_english(login_as, personas.representative).post(url("cancel", meeting))
    assert response.status_code == 302
    assert any("not registered" in m for m in messages_of(response))


@pytest.mark.parametrize(
    "name,allowed",
    [
        ("coordinator", True),
        ("programme_admin", True),
        ("facilitator", True),
        ("superuser", True),
        ("operator", False),
        ("other_representative", False),
        ("expert", False),
        ("monitor", False),
        ("mentor", False),
        ("outsider", False),
    ],
)
def test_cancel_someone_elses_place(
    login_as: LoginAs, personas: Personas, meeting: Meeting, name: str, allowed: bool
) -> None:
    registration = make_registration(meeting, personas.representative)
    data = {"registration": registration.pk}
    if allowed:
        response = login_as(personas.get(name)).post(url("cancel", meeting), data)
        assert response.status_code == 302
        registration.refresh_from_db()
        assert registration.status == "cancelled"
    else:
        with unchanged(Registration.objects.all()):
            response = login_as(personas.get(name)).post(url("cancel", meeting), data)
        assert response.status_code == 403


def test_cancel_anonymous_goes_to_login(
    login_as: LoginAs, personas: Personas, meeting: Meeting
) -> None:
    registration = make_registration(meeting, personas.representative)
    with unchanged(Registration.objects.all()):
        response = login_as(None).post(url("cancel", meeting), {"registration": registration.pk})
    assert is_login_redirect(response)


def test_cancel_answers_get_with_405(
    login_as: LoginAs, personas: Personas, meeting: Meeting
) -> None:
    assert login_as(personas.representative).get(url("cancel", meeting)).status_code == 405


def test_cancel_a_registration_of_another_meeting_is_refused(
    login_as: LoginAs, personas: Personas, meeting: Meeting
) -> None:
    other = make_meeting(personas.programme)
    registration = make_registration(other, personas.representative)
    with unchanged(Registration.objects.all()):
        response = login_as(personas.programme_admin).post(
            url("cancel", meeting), {"registration": registration.pk}
        )
    assert response.status_code == 302  # "already cancelled" for this meeting: nothing found
    with unchanged(Registration.objects.all()):
        response = login_as(personas.programme_admin).post(
            url("cancel", meeting), {"registration": "x"}
        )
    assert response.status_code == 403


def test_cancel_after_the_meeting_is_an_error_message(
    login_as: LoginAs, personas: Personas
) -> None:
    now = timezone.now()
    meeting = make_meeting(
        personas.programme, start=now - dt.timedelta(hours=5), end=now - dt.timedelta(hours=1)
    )
    make_registration(meeting, personas.representative)
    with unchanged(Registration.objects.all()):
        response = as_english(login_as, personas.representative).post(url("cancel", meeting))
    assert response.status_code == 302
    assert any("already taken place" in m for m in messages_of(response))


# --- the team's list ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_registration_list_as_every_persona(
    login_as: LoginAs, personas: Personas, meeting: Meeting, name: str
) -> None:
    response = login_as(personas.get(name)).get(url("registration_list", meeting))
    if name == "anonymous":
        assert is_login_redirect(response)
    elif name in TEAM:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


def test_registration_list_for_a_meetings_own_facilitator(
    login_as: LoginAs, personas: Personas
) -> None:
    meeting = make_meeting(personas.programme, facilitators=[personas.mentor])
    assert login_as(personas.mentor).get(url("registration_list", meeting)).status_code == 200


def test_registration_list_shows_everything_the_team_needs(
    login_as: LoginAs, personas: Personas
) -> None:
    meeting = make_meeting(personas.programme, capacity=2)
    make_registration(meeting, personas.representative)
    make_registration(meeting, personas.coordinator)  # same organisation as the representative
    first_waiting = make_registration(meeting, personas.operator, status="waitlisted")
    second_waiting = make_registration(meeting, personas.other_representative, status="waitlisted")
    make_registration(meeting, personas.expert, status="cancelled")
    response = as_english(login_as, personas.facilitator).get(url("registration_list", meeting))
    context = response.context
    assert [r.user for r in context["confirmed"]] == [personas.representative, personas.coordinator]
    assert [r.pk for r in context["waiting"]] == [first_waiting.pk, second_waiting.pk]
    assert [r.user for r in context["cancelled"]] == [personas.expert]
    ubuntu = next(t for t in context["by_project"] if t.label == "Ubuntu")
    assert (ubuntu.confirmed, ubuntu.waiting) == (2, 1)
    assert len(context["shared"]) == 1
    text = page_text(response)
    assert "Same organisation, same project" in text
    assert "Waiting list" in text


# --- the online link ------------------------------------------------------------------------------
def starting_in(personas: Personas, minutes: int, **kwargs: Any) -> Meeting:
    start = timezone.now() + dt.timedelta(minutes=minutes)
    return make_meeting(
        personas.programme, start=start, online_url="https://meet.example.test/room", **kwargs
    )


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_online_link_in_the_window_as_every_persona(
    login_as: LoginAs, personas: Personas, name: str
) -> None:
    meeting = starting_in(personas, 10)
    make_registration(meeting, personas.representative)
    make_registration(meeting, personas.other_representative, status="waitlisted")
    response = login_as(personas.get(name)).get(url("online_link", meeting))
    if name == "anonymous":
        assert is_login_redirect(response)
    elif name in {"representative", *TEAM}:
        assert response.status_code == 302
        assert response["Location"] == "https://meet.example.test/room"
    else:
        assert response.status_code == 403


def test_online_link_before_the_window_says_when_it_opens(
    login_as: LoginAs, personas: Personas
) -> None:
    meeting = starting_in(personas, 60 * 24)
    make_registration(meeting, personas.representative)
    response = as_english(login_as, personas.representative).get(url("online_link", meeting))
    assert response.status_code == 403
    assert "The link opens on" in page_text(response)
    assert "meet.example.test" not in response.content.decode()


def test_online_link_closes_at_the_end(login_as: LoginAs, personas: Personas) -> None:
    now = timezone.now()
    meeting = make_meeting(
        personas.programme, start=now - dt.timedelta(hours=3), end=now - dt.timedelta(minutes=1)
    )
    make_registration(meeting, personas.representative)
    response = login_as(personas.representative).get(url("online_link", meeting))
    assert response.status_code == 403
    assert "meet.example.test" not in response.content.decode()


def test_online_link_opens_15_minutes_before(login_as: LoginAs, personas: Personas) -> None:
    too_early = starting_in(personas, 17)
    just_in = starting_in(personas, 14)
    for meeting in (too_early, just_in):
        make_registration(meeting, personas.representative)
    client = login_as(personas.representative)
    assert client.get(url("online_link", too_early)).status_code == 403
    assert client.get(url("online_link", just_in)).status_code == 302


def test_box_shows_the_link_text_only_in_the_window(login_as: LoginAs, personas: Personas) -> None:
    soon = starting_in(personas, 10)
    later = starting_in(personas, 60 * 24)
    for meeting in (soon, later):
        make_registration(meeting, personas.representative)
    client = as_english(login_as, personas.representative)
    in_window = client.get(url("register", soon)).content.decode()
    assert "https://meet.example.test/room" in in_window
    assert url("online_link", soon) in in_window
    before = client.get(url("register", later)).content.decode()
    assert "meet.example.test" not in before
    assert "will appear here from" in before
    # Not to people who only see the meeting.
    other = as_english(login_as, personas.expert).get(url("register", soon)).content.decode()
    assert "meet.example.test" not in other


# --- query budgets ---------------------------------------------------------------------------------
def _more_registrations(meeting: Meeting, personas: Personas) -> Callable[[], None]:
    def build() -> None:
        orgs = f.project_organisations(personas.other_project)
        for i in range(12):
            person = f.make_user()
            f.give_project_role(
                person,
                f.make_project(programme=personas.programme),
                ProjectRole.Role.REPRESENTATIVE,
            )
            make_registration(
                meeting, person, status=["confirmed", "waitlisted", "cancelled"][i % 3]
            )
            person.participant_list_visibility = ["nobody", "participants", "members"][i % 3]
            person.save()
        make_registration(meeting, personas.other_representative, organisation=orgs[0])

    return build


@pytest.mark.parametrize("name,budget", [("facilitator", 10), ("programme_admin", 10)])
def test_registration_list_query_budget(
    login_as: LoginAs, personas: Personas, meeting: Meeting, name: str, budget: int
) -> None:
    make_registration(meeting, personas.representative)
    assert_max_queries_stable(
        login_as(personas.get(name)),
        url("registration_list", meeting),
        _more_registrations(meeting, personas),
        budget=budget,
    )


@pytest.mark.parametrize(
    "name,budget", [("representative", 10), ("coordinator", 12), ("facilitator", 9)]
)
def test_register_page_query_budget(
    login_as: LoginAs, personas: Personas, meeting: Meeting, name: str, budget: int
) -> None:
    make_registration(meeting, personas.representative)
    assert_max_queries_stable(
        login_as(personas.get(name)),
        url("register", meeting),
        _more_registrations(meeting, personas),
        budget=budget,
    )
