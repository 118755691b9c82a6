"""Minutes and closing: the team writes the minutes in Markdown; closing records them with the
attendee count and the projects and organisations present, once, after the meeting ended."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import Personas
from tessere.core.models import AuditEntry
from tessere.core.testing import in_english, is_login_redirect, page_text, unchanged
from tessere.meetings.models import Meeting
from tessere.meetings.services.meetings import close_meeting, save_minutes

from .factories import make_meeting, make_registration
from .meeting_helpers import CHECKED, MEMBERS, TEAM, LoginAs, ended_meeting

pytestmark = pytest.mark.django_db


def close_url(meeting: Meeting) -> str:
    return reverse("meetings:meeting_close", args=[meeting.slug])


def minutes_url(meeting: Meeting) -> str:
    return reverse("meetings:minutes_edit", args=[meeting.slug])


def attend(meeting: Meeting, *people) -> None:
    for person in people:
        registration = make_registration(meeting, person)
        registration.attended = True
        registration.save()


@pytest.mark.parametrize("persona", CHECKED)
def test_who_may_write_minutes_and_close(
    persona: str, personas: Personas, login_as: LoginAs
) -> None:
    meeting = ended_meeting(personas.programme)
    client = login_as(personas.get(persona))
    for url in (minutes_url(meeting), close_url(meeting)):
        response = client.get(url)
        if persona == "anonymous":
            assert is_login_redirect(response)
        else:
            assert response.status_code == (200 if persona in TEAM else 403)
    if persona in TEAM:
        return
    with unchanged(Meeting.objects.all(), AuditEntry.objects.all()):
        client.post(minutes_url(meeting), {"minutes": "Scritto da chi non può"})
        client.post(close_url(meeting), {"minutes": "Chiuso da chi non può", "confirm": "on"})


def test_writing_the_minutes_in_markdown(personas: Personas, login_as: LoginAs) -> None:
    meeting = ended_meeting(personas.programme)
    response = login_as(personas.facilitator).post(
        minutes_url(meeting), {"minutes": "## Decisioni\n\n- **Rete** più forte"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes.startswith("## Decisioni")
    body = login_as(personas.representative).get(meeting.get_absolute_url()).content.decode()
    assert "<h2>Decisioni</h2>" in body and "<strong>Rete</strong>" in body


def test_minutes_markdown_is_sanitised(personas: Personas, login_as: LoginAs) -> None:
    meeting = ended_meeting(personas.programme)
    save_minutes(
        meeting=meeting,
        minutes='<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\n'
        "[clic](javascript:alert(1)) [altro](//evil.example)",
        by=personas.facilitator,
    )
    body = login_as(personas.representative).get(meeting.get_absolute_url()).content.decode()
    minutes = body.split('class="markdown minutes"', 1)[1].split("</section>", 1)[0]
    assert "<script" not in minutes and "<img" not in minutes  # shown as text, never as tags
    assert 'href="javascript' not in minutes and 'href="//evil' not in minutes


def test_closing_records_minutes_attendance_and_presence(
    personas: Personas, login_as: LoginAs
) -> None:
    meeting = ended_meeting(personas.programme)
    attend(meeting, personas.representative, personas.other_representative, personas.coordinator)
    make_registration(meeting, personas.operator)  # registered, absent
    response = login_as(personas.facilitator).post(
        close_url(meeting), {"minutes": "Verbale: tre progetti a confronto.", "confirm": "on"}
    )
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    meeting.refresh_from_db()
    assert meeting.status == "held"
    assert meeting.closed_at is not None and meeting.closed_by == personas.facilitator
    assert meeting.attendee_count == 3
    assert meeting.presence["projects"] == ["InCopi", "Ubuntu"]
    assert len(meeting.presence["organisations"]) == 2  # representative and coordinator share one
    assert meeting.minutes == "Verbale: tre progetti a confronto."
    assert AuditEntry.objects.filter(action="meetings.meeting.closed").count() == 1
    text = page_text(in_english(login_as(None)).get(meeting.get_absolute_url()))
    assert "Recorded at closing" in text and "3 attendees" in text


def test_closing_twice_is_refused_with_a_message(personas: Personas, login_as: LoginAs) -> None:
    meeting = ended_meeting(personas.programme)
    close_meeting(meeting=meeting, minutes="Fatto.", by=personas.facilitator)
    client = in_english(login_as(personas.programme_admin))
    with unchanged(Meeting.objects.all(), AuditEntry.objects.all()):
        response = client.post(close_url(meeting), {"minutes": "Di nuovo.", "confirm": "on"})
    assert response.status_code == 400
    assert "This meeting was closed on" in page_text(response)
    with pytest.raises(ValidationError, match="already closed"):
        close_meeting(meeting=meeting, minutes="Di nuovo.", by=personas.facilitator)


def test_closing_needs_the_confirmation_and_the_minutes(
    personas: Personas, login_as: LoginAs
) -> None:
    meeting = ended_meeting(personas.programme)
    client = login_as(personas.facilitator)
    with unchanged(Meeting.objects.all()):
        assert client.post(close_url(meeting), {"minutes": "Verbale."}).status_code == 400
        assert client.post(close_url(meeting), {"minutes": "", "confirm": "on"}).status_code == 400
    with pytest.raises(ValidationError):
        close_meeting(meeting=meeting, minutes="   ", by=personas.facilitator)


def test_a_meeting_that_has_not_ended_or_was_cancelled_cannot_be_closed(
    personas: Personas, login_as: LoginAs
) -> None:
    future = make_meeting(personas.programme)
    cancelled = ended_meeting(personas.programme, status="cancelled")
    client = in_english(login_as(personas.facilitator))
    with unchanged(Meeting.objects.all(), AuditEntry.objects.all()):
        response = client.post(close_url(future), {"minutes": "Presto.", "confirm": "on"})
        assert response.status_code == 400
        assert "has not ended yet" in page_text(response)
        response = client.post(close_url(cancelled), {"minutes": "No.", "confirm": "on"})
        assert "cancelled meeting cannot be closed" in page_text(response)


def test_the_team_is_asked_to_close_an_ended_meeting(personas: Personas, login_as: LoginAs) -> None:
    meeting = ended_meeting(personas.programme)
    for persona in CHECKED:
        client = in_english(login_as(personas.get(persona)))
        text = page_text(client.get(meeting.get_absolute_url()))
        assert ("The meeting is over but not closed yet" in text) == (persona in TEAM), persona


def test_minutes_are_shown_to_members_once_written(personas: Personas, login_as: LoginAs) -> None:
    meeting = ended_meeting(personas.programme)
    close_meeting(meeting=meeting, minutes="Il verbale della giornata.", by=personas.facilitator)
    for persona in CHECKED:
        text = page_text(login_as(personas.get(persona)).get(meeting.get_absolute_url()))
        assert ("Il verbale della giornata." in text) == (persona in MEMBERS), persona


def test_edit_form_keeps_a_closed_meeting_held(personas: Personas, login_as: LoginAs) -> None:
    meeting = ended_meeting(personas.programme)
    close_meeting(meeting=meeting, minutes="Fatto.", by=personas.facilitator)
    from .test_meeting_views import edit_data

    meeting.refresh_from_db()
    response = login_as(personas.facilitator).post(
        reverse("meetings:meeting_edit", args=[meeting.slug]),
        edit_data(meeting, status="planned", title="Titolo corretto"),
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "held" and meeting.title == "Titolo corretto"
