"""The .ics of a meeting, parsed back with icalendar: stable UID, growing SEQUENCE, Europe/Rome
with its VTIMEZONE (PITFALLS.md: icalendar leaves it out unless asked), and nothing private."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from conftest import PERSONA_NAMES, Personas
from tessere.meetings.ics import calendar_for
from tessere.meetings.models import Meeting
from tessere.registry.tests import factories as f

from .factories import make_meeting

ROME = ZoneInfo("Europe/Rome")
pytestmark = pytest.mark.django_db


def parse(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


def only_event(cal: Calendar) -> Any:
    events = cal.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def download(client: Client, meeting: Meeting) -> Calendar:
    response = client.get(reverse("meetings:meeting_ics", args=[meeting.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    return parse(response.content)


def test_meeting_ics_parses_back_with_its_fields(client: Client, personas: Personas) -> None:
    start = dt.datetime(2026, 12, 10, 9, 30, tzinfo=ROME)
    meeting = make_meeting(personas.programme, start=start, title="Reti territoriali")
    cal = download(client, meeting)
    assert str(cal["METHOD"]) == "PUBLISH"
    event = only_event(cal)
    assert str(event["UID"]) == meeting.uid
    assert str(event["SUMMARY"]) == "Reti territoriali"
    assert event.decoded("DTSTART") == start
    assert event["DTSTART"].params["TZID"] == "Europe/Rome"
    assert event.decoded("DTEND") == start + dt.timedelta(hours=4)
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["URL"]).endswith(meeting.get_absolute_url())
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Rome"]


def test_dst_day_meeting_has_summer_offset_and_vtimezone(
    client: Client, personas: Personas
) -> None:
    # 29/03/2026 is the day clocks go forward in Italy: 10:00 is already +02:00.
    meeting = make_meeting(personas.programme, start=dt.datetime(2026, 3, 29, 10, 0, tzinfo=ROME))
    cal = download(client, meeting)
    event = only_event(cal)
    start = event.decoded("DTSTART")
    assert start.utcoffset() == dt.timedelta(hours=2)
    assert start.astimezone(dt.UTC) == dt.datetime(2026, 3, 29, 8, 0, tzinfo=dt.UTC)
    assert b"DTSTART;TZID=Europe/Rome:20260329T100000" in cal.to_ical()
    timezones = cal.walk("VTIMEZONE")
    assert len(timezones) == 1
    offsets = {str(sub.name): sub.decoded("TZOFFSETTO") for sub in timezones[0].subcomponents}
    assert offsets["DAYLIGHT"] == dt.timedelta(hours=2)
    assert offsets["STANDARD"] == dt.timedelta(hours=1)


def test_winter_meeting_has_winter_offset(personas: Personas) -> None:
    meeting = make_meeting(personas.programme, start=dt.datetime(2026, 1, 15, 10, 0, tzinfo=ROME))
    event = only_event(parse(calendar_for([meeting], name="x")))
    assert event.decoded("DTSTART").utcoffset() == dt.timedelta(hours=1)


def test_uid_is_stable_and_sequence_grows_with_time_changes(
    client: Client, personas: Personas
) -> None:
    meeting = make_meeting(personas.programme)
    before = only_event(download(client, meeting))
    # What the meeting edit service does on a change of time.
    meeting.start += dt.timedelta(days=1)
    meeting.end += dt.timedelta(days=1)
    meeting.ical_sequence += 1
    meeting.save()
    after = only_event(download(client, meeting))
    assert str(after["UID"]) == str(before["UID"]) == meeting.uid
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after.decoded("DTSTART") == before.decoded("DTSTART") + dt.timedelta(days=1)


def test_cancelled_meeting_is_status_cancelled(client: Client, personas: Personas) -> None:
    meeting = make_meeting(personas.programme, status="cancelled")
    assert str(only_event(download(client, meeting))["STATUS"]) == "CANCELLED"


def test_ics_never_carries_the_online_link_or_the_checkin_code(
    client: Client, personas: Personas
) -> None:
    meeting = make_meeting(personas.programme, online_url="https://meet.example.test/secret-room")
    meeting.minutes = "Verbale riservato"
    meeting.save()
    response = client.get(reverse("meetings:meeting_ics", args=[meeting.slug]))
    body = response.content.decode()
    assert "secret-room" not in body
    assert meeting.checkin_code not in body
    assert "Verbale riservato" not in body


def test_location_of_an_in_person_meeting(personas: Personas) -> None:
    town = f.make_municipality(name="Genova")
    meeting = make_meeting(
        personas.programme,
        format="in_person",
        length="day",
        online_url="",
        venue="Palazzo Ducale",
        address="Piazza Matteotti 9",
        municipality=town,
    )
    event = only_event(parse(calendar_for([meeting], name="x")))
    assert str(event["LOCATION"]) == "Palazzo Ducale, Piazza Matteotti 9, Genova"


def test_email_calendar_names_organizer_and_attendee(personas: Personas) -> None:
    meeting = make_meeting(personas.programme)
    body = calendar_for([meeting], name="x", method="REQUEST", attendee=personas.representative)
    cal = parse(body)
    assert str(cal["METHOD"]) == "REQUEST"
    event = only_event(cal)
    assert str(event["ATTENDEE"]).lower() == f"mailto:{personas.representative.email}"
    assert str(event["ORGANIZER"]).startswith("mailto:")


def test_private_meeting_ics_is_hidden_from_outsiders(login_as, personas: Personas) -> None:
    meeting = make_meeting(personas.programme, is_public=False)
    url = reverse("meetings:meeting_ics", args=[meeting.slug])
    assert login_as(None).get(url).status_code == 404
    assert login_as(personas.outsider).get(url).status_code == 404
    assert login_as(personas.other_representative).get(url).status_code == 200
    assert login_as(personas.monitor).get(url).status_code == 200


def test_public_meeting_of_a_private_programme_is_hidden(login_as) -> None:
    programme = f.make_programme(is_public=False)
    meeting = make_meeting(programme, is_public=True)
    url = reverse("meetings:meeting_ics", args=[meeting.slug])
    assert login_as(None).get(url).status_code == 404


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_public_meeting_ics_for_every_persona(login_as, personas: Personas, name: str) -> None:
    meeting = make_meeting(personas.programme)
    response = login_as(personas.get(name)).get(
        reverse("meetings:meeting_ics", args=[meeting.slug])
    )
    assert response.status_code == 200
