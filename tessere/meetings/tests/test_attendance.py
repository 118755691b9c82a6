"""Attendance: the facilitators' sheet (one tap, htmx or plain POST), check-in with the code,
people who came without registering, and the certificate of attendance."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import Personas
from tessere.core.models import AuditEntry
from tessere.core.testing import HTMX, in_english, is_login_redirect, page_text, unchanged
from tessere.meetings.models import Meeting, Registration
from tessere.meetings.services import attendance as services
from tessere.registry.tests import factories as f

from .factories import make_meeting, make_registration
from .meeting_helpers import CHECKED, TEAM, LoginAs, ended_meeting, rome, running_meeting

pytestmark = pytest.mark.django_db


def sheet(meeting: Meeting) -> str:
    return reverse("meetings:attendance", args=[meeting.slug])


def toggle(meeting: Meeting, registration: Registration) -> str:
    return reverse("meetings:toggle_attendance", args=[meeting.slug, registration.pk])


def check_in_url(meeting: Meeting) -> str:
    return reverse("meetings:check_in", args=[meeting.slug])


# --- The sheet -----------------------------------------------------------------------------------
@pytest.mark.parametrize("persona", CHECKED)
def test_who_may_take_attendance(persona: str, personas: Personas, login_as: LoginAs) -> None:
    meeting = running_meeting(personas.programme)
    registration = make_registration(meeting, personas.representative)
    client = login_as(personas.get(persona))
    response = client.get(sheet(meeting))
    if persona == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == (200 if persona in TEAM else 403)
    if persona in TEAM:
        return
    with unchanged(Registration.objects.all(), AuditEntry.objects.all()):
        response = client.post(toggle(meeting, registration), {"attended": "1"})
        assert (
            is_login_redirect(response) if persona == "anonymous" else response.status_code == 403
        )
        client.post(sheet(meeting), {"person": personas.coordinator.pk})


def test_the_sheet_lists_people_with_a_place_and_the_check_in_code(
    personas: Personas, login_as: LoginAs
) -> None:
    meeting = running_meeting(personas.programme)
    make_registration(meeting, personas.representative)
    make_registration(meeting, personas.coordinator, status="waitlisted")
    make_registration(meeting, personas.operator, status="cancelled")
    response = in_english(login_as(personas.facilitator)).get(sheet(meeting))
    text = page_text(response)
    assert [r.user for r in response.context["rows"]] == [personas.representative]
    assert personas.representative.display_name in text
    assert meeting.checkin_code in text
    assert "0 present of 1 registered" in text


def test_one_tap_with_htmx_returns_the_row_and_the_counter(
    personas: Personas, login_as: LoginAs
) -> None:
    meeting = running_meeting(personas.programme)
    registration = make_registration(meeting, personas.representative)
    client = in_english(login_as(personas.facilitator))
    response = client.post(toggle(meeting, registration), {"attended": "1"}, headers=HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith(
        f'<li class="attendance-row is-present" id="registration-{registration.pk}"'
    )
    assert 'aria-pressed="true"' in body
    assert 'id="attendance-counter"' in body and 'hx-swap-oob="true"' in body
    assert "1 present of 1 registered" in page_text(response)
    assert "<html" not in body
    registration.refresh_from_db()
    assert registration.attended and registration.attendance_source == "ticked"
    assert registration.attended_at is not None
    # A double tap sends the same state: still present.
    client.post(toggle(meeting, registration), {"attended": "1"}, headers=HTMX)
    registration.refresh_from_db()
    assert registration.attended
    assert AuditEntry.objects.filter(action="meetings.attendance.recorded").count() == 1
    client.post(toggle(meeting, registration), {"attended": "0"}, headers=HTMX)
    registration.refresh_from_db()
    assert not registration.attended and registration.attended_at is None


def test_without_javascript_the_tap_posts_and_comes_back(
    personas: Personas, login_as: LoginAs
) -> None:
    meeting = running_meeting(personas.programme)
    registration = make_registration(meeting, personas.representative)
    response = login_as(personas.facilitator).post(toggle(meeting, registration), {"attended": "1"})
    assert response.status_code == 302
    assert response["Location"] == sheet(meeting) + f"#registration-{registration.pk}"
    registration.refresh_from_db()
    assert registration.attended
    assert login_as(personas.facilitator).get(toggle(meeting, registration)).status_code == 405


def test_only_confirmed_registrations_of_this_meeting_can_be_ticked(
    personas: Personas, login_as: LoginAs
) -> None:
    meeting = running_meeting(personas.programme)
    waiting = make_registration(meeting, personas.representative, status="waitlisted")
    elsewhere = make_registration(running_meeting(personas.programme), personas.coordinator)
    client = login_as(personas.facilitator)
    with unchanged(Registration.objects.all()):
        assert client.post(toggle(meeting, waiting), {"attended": "1"}).status_code == 404
        assert client.post(toggle(meeting, elsewhere), {"attended": "1"}).status_code == 404


def test_a_closed_meeting_keeps_its_attendance(personas: Personas, login_as: LoginAs) -> None:
    meeting = ended_meeting(personas.programme)
    registration = make_registration(meeting, personas.representative)
    meeting.closed_at = timezone.now()
    meeting.save()
    client = in_english(login_as(personas.facilitator))
    with unchanged(Registration.objects.all()):
        response = client.post(toggle(meeting, registration), {"attended": "1"}, headers=HTMX)
        assert "The meeting is closed" in page_text(response)
        response = client.post(toggle(meeting, registration), {"attended": "1"}, follow=True)
        assert "The meeting is closed" in page_text(response)
    assert "tap when here" not in page_text(client.get(sheet(meeting)))


def test_someone_who_came_without_registering_is_added_as_present(
    personas: Personas, login_as: LoginAs
) -> None:
    meeting = running_meeting(personas.programme, capacity=1)
    make_registration(meeting, personas.other_representative)
    waiting = make_registration(meeting, personas.coordinator, status="waitlisted")
    client = login_as(personas.facilitator)
    form = client.get(sheet(meeting)).context["walk_in"]
    offered = set(form.fields["person"].queryset)
    assert personas.representative in offered and personas.coordinator in offered
    assert personas.other_representative not in offered and personas.outsider not in offered
    assert client.post(sheet(meeting), {"person": personas.representative.pk}).status_code == 302
    added = Registration.objects.get(meeting=meeting, user=personas.representative)
    assert added.status == "confirmed" and added.attended  # beyond the capacity: they are here
    assert added.project == personas.project
    client.post(sheet(meeting), {"person": personas.coordinator.pk})
    waiting.refresh_from_db()
    assert waiting.status == "confirmed" and waiting.attended
    assert client.post(sheet(meeting), {"person": personas.outsider.pk}).status_code == 400


# --- Check-in with the code ----------------------------------------------------------------------
def test_check_in_with_the_right_code_in_any_case(personas: Personas, login_as: LoginAs) -> None:
    meeting = running_meeting(personas.programme)
    registration = make_registration(meeting, personas.representative)
    client = login_as(personas.representative)
    assert client.get(check_in_url(meeting)).status_code == 200
    code = " ".join(meeting.checkin_code.lower())
    response = client.post(check_in_url(meeting), {"code": code})
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    registration.refresh_from_db()
    assert registration.attended and registration.attendance_source == "code"


def test_a_wrong_code_says_so_and_changes_nothing(personas: Personas, login_as: LoginAs) -> None:
    meeting = running_meeting(personas.programme)
    make_registration(meeting, personas.representative)
    client = in_english(login_as(personas.representative))
    with unchanged(Registration.objects.all()):
        response = client.post(check_in_url(meeting), {"code": "ZZZZZZ"})
    assert response.status_code == 400
    assert "This is not the code of the meeting" in page_text(response)


def test_guessing_the_code_is_stopped(personas: Personas) -> None:
    meeting = running_meeting(personas.programme)
    make_registration(meeting, personas.representative)
    for _ in range(services.MAX_WRONG_CODES):
        with pytest.raises(ValidationError):
            services.check_in(meeting=meeting, person=personas.representative, code="ZZZZZZ")
    with pytest.raises(ValidationError, match="Too many wrong codes"):
        services.check_in(
            meeting=meeting, person=personas.representative, code=meeting.checkin_code
        )


@pytest.mark.parametrize(
    ("offset", "allowed"),
    [
        (dt.timedelta(hours=-1, minutes=-1), False),
        (dt.timedelta(hours=-1), True),
        (dt.timedelta(hours=4 + 12), True),
        (dt.timedelta(hours=4 + 12, minutes=1), False),
    ],
)
def test_check_in_opens_an_hour_before_and_closes_twelve_hours_after(
    personas: Personas, offset: dt.timedelta, allowed: bool
) -> None:
    meeting = make_meeting(personas.programme, start=rome(2030, 5, 14, 9, 30))
    registration = make_registration(meeting, personas.representative)
    now = meeting.start + offset
    if allowed:
        services.check_in(
            meeting=meeting, person=personas.representative, code=meeting.checkin_code, now=now
        )
        registration.refresh_from_db()
        assert registration.attended
    else:
        with pytest.raises(ValidationError):
            services.check_in(
                meeting=meeting, person=personas.representative, code=meeting.checkin_code, now=now
            )
        registration.refresh_from_db()
        assert not registration.attended


def test_check_in_outside_the_window_through_the_page(
    personas: Personas, login_as: LoginAs
) -> None:
    meeting = make_meeting(personas.programme)  # next week
    make_registration(meeting, personas.representative)
    client = in_english(login_as(personas.representative))
    assert "Check-in is open from" in page_text(client.get(check_in_url(meeting)))
    with unchanged(Registration.objects.all()):
        response = client.post(check_in_url(meeting), {"code": meeting.checkin_code})
    assert response.status_code == 400
    assert "Check-in opens at" in page_text(response)


@pytest.mark.parametrize("persona", CHECKED)
def test_only_people_with_a_place_check_in(
    persona: str, personas: Personas, login_as: LoginAs
) -> None:
    meeting = running_meeting(personas.programme)
    make_registration(meeting, personas.representative)
    client = login_as(personas.get(persona))
    if persona == "anonymous":
        assert is_login_redirect(client.get(check_in_url(meeting)))
        return
    assert client.get(check_in_url(meeting)).status_code == 200
    response = client.post(check_in_url(meeting), {"code": meeting.checkin_code})
    expected = 302 if persona == "representative" else 400
    assert response.status_code == expected
    assert Registration.objects.filter(attended=True).count() == (persona == "representative")


def test_the_meeting_page_offers_check_in_then_the_certificate(
    personas: Personas, login_as: LoginAs
) -> None:
    meeting = running_meeting(personas.programme)
    registration = make_registration(meeting, personas.representative)
    client = login_as(personas.representative)
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert check_in_url(meeting) in body
    registration.attended = True
    registration.save()
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("meetings:certificate", args=[meeting.slug]) in body


# --- The certificate -----------------------------------------------------------------------------
@pytest.mark.parametrize("persona", CHECKED)
def test_certificate_only_for_attendees(
    persona: str, personas: Personas, login_as: LoginAs
) -> None:
    meeting = ended_meeting(personas.programme)
    attended = make_registration(meeting, personas.representative)
    attended.attended = True
    attended.save()
    make_registration(meeting, personas.coordinator)  # registered, absent
    response = login_as(personas.get(persona)).get(
        reverse("meetings:certificate", args=[meeting.slug])
    )
    if persona == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == (200 if persona == "representative" else 403)


def test_the_certificate_says_who_what_when_how_long_and_for_whom(
    personas: Personas, login_as: LoginAs
) -> None:
    town = f.make_municipality(name="Genova")
    meeting = make_meeting(
        personas.programme,
        title="Giornata a Genova",
        format="in_person",
        length="day",
        venue="Palazzo Ducale",
        municipality=town,
        start=rome(2022, 5, 12, 9, 30),
        end=rome(2022, 5, 12, 17, 0),
        status="held",
    )
    registration = make_registration(meeting, personas.representative)
    registration.attended = True
    registration.save()
    response = in_english(login_as(personas.representative)).get(
        reverse("meetings:certificate", args=[meeting.slug])
    )
    text = page_text(response)
    assert "Attestato di partecipazione" in text  # Italian, whatever the interface language
    assert personas.representative.display_name in text
    assert "Giornata a Genova" in text
    assert "giovedì 12 maggio 2022, dalle 09:30 alle 17:00" in text
    assert "7 ore e 30 minuti" in text
    assert personas.programme.title in text
    assert personas.programme.lead_organisation.name in text
    assert "a Genova" in text and "progetto Ubuntu" in text
    assert "style=" not in response.content.decode()
