"""Meetings in the one calendar (agenda app, through meetings/calendar_entries.py) and the public
feed of a programme. The calendar's own behaviour (views, filter, feed settings, budgets) is
tested in tessere/agenda/tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from conftest import Personas
from tessere.accounts.models import User
from tessere.accounts.services import issue_calendar_token
from tessere.core.testing import in_english, page_text
from tessere.meetings.calendar_entries import meeting_entries
from tessere.registry.models import ProjectRole
from tessere.registry.tests import factories as f

from .factories import make_meeting, make_registration

ROME = ZoneInfo("Europe/Rome")
LoginAs = Callable[[User | None], Client]
pytestmark = pytest.mark.django_db


def at(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, 0, tzinfo=ROME)


def feed_events(response: Any) -> list[Any]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def month_meetings(response: Any) -> dict[dt.date, list[str]]:
    return {
        d.date: [line.entry.uid for line in d.entries if line.entry.kind == "meetings"]
        for week in response.context["weeks"]
        for d in week
    }


# --- In the calendar pages ------------------------------------------------------------------------
def test_month_grid_places_meetings_on_their_day(login_as: LoginAs, personas: Personas) -> None:
    meeting = make_meeting(personas.programme, start=at(2026, 3, 29), title="Ora legale")
    late = make_meeting(
        personas.programme,
        start=at(2026, 3, 31, 23),
        end=at(2026, 3, 31, 23) + dt.timedelta(minutes=30),
    )
    response = in_english(login_as(personas.representative)).get(
        reverse("agenda:month"), {"month": "2026-03"}
    )
    assert response.status_code == 200
    days = month_meetings(response)
    assert days[dt.date(2026, 3, 29)] == [meeting.uid]
    # 23:00 in Rome is 21:00 UTC: still the 31st.
    assert days[dt.date(2026, 3, 31)] == [late.uid]
    html = response.content.decode()
    assert meeting.get_absolute_url() in html
    assert '<time datetime="2026-03-29T10:00:00+02:00">10:00</time>' in html


def test_the_calendar_shows_only_visible_meetings(login_as: LoginAs, personas: Personas) -> None:
    public = make_meeting(personas.programme, start=at(2026, 5, 5), title="Aperto a tutti")
    private = make_meeting(
        personas.programme, start=at(2026, 5, 6), is_public=False, title="Solo membri"
    )
    hidden_programme = f.make_programme(is_public=False)
    foreign = make_meeting(hidden_programme, start=at(2026, 5, 7), title="Altro programma")

    def titles(user: User | None) -> set[str]:
        response = login_as(user).get(reverse("agenda:month"), {"month": "2026-05"})
        return {
            line.entry.title
            for week in response.context["weeks"]
            for d in week
            for line in d.entries
        }

    assert titles(None) == {public.title}
    assert titles(personas.outsider) == {public.title}
    assert titles(personas.representative) == {public.title, private.title}
    assert titles(personas.superuser) == {public.title, private.title, foreign.title}


def test_a_place_a_tentative_and_a_cancelled_meeting_are_marked(
    login_as: LoginAs, personas: Personas
) -> None:
    start = timezone.now() + dt.timedelta(days=3)
    mine = make_meeting(personas.programme, start=start, title="Con posto")
    waiting = make_meeting(personas.programme, start=start, title="In attesa")
    planned = make_meeting(personas.programme, start=start, status="planned", title="Da fissare")
    cancelled = make_meeting(personas.programme, start=start, status="cancelled", title="Saltato")
    make_registration(mine, personas.representative)
    make_registration(waiting, personas.representative, status="waitlisted")
    with translation.override("en"):
        found = meeting_entries(
            personas.representative, start - dt.timedelta(days=1), start + dt.timedelta(days=1)
        )
    entries = {e.title: e for e in found}
    assert entries["Con posto"].badge == "you have a place"
    assert entries["In attesa"].badge == ""
    assert entries["Da fissare"].badge == "to be confirmed"
    assert entries["Saltato"].status == "CANCELLED" and entries["Saltato"].badge == ""
    assert entries["Con posto"].uid == mine.uid
    assert entries["Con posto"].sequence == mine.ical_sequence
    assert planned.uid in {e.uid for e in entries.values()}
    response = in_english(login_as(personas.representative)).get(reverse("agenda:list"))
    html = response.content.decode()
    text = page_text(response)
    assert "you have a place" in text and "to be confirmed" in text
    assert f'href="{cancelled.get_absolute_url()}" class="text-decoration-line-through"' in html


def test_meeting_entries_run_a_fixed_number_of_queries(
    personas: Personas, django_assert_num_queries: Any
) -> None:
    start = timezone.now()
    for i in range(5):
        meeting = make_meeting(
            personas.programme,
            start=start + dt.timedelta(days=i + 1),
            municipality=f.make_municipality(),
        )
        make_registration(meeting, personas.representative)
    person = User.objects.get(pk=personas.representative.pk)
    with django_assert_num_queries(4):  # the person's programmes (2), meetings, places
        entries = list(meeting_entries(person, start, start + dt.timedelta(days=30)))
    assert len(entries) == 5 and all(e.location for e in entries)


# --- In the personal feed -------------------------------------------------------------------------
def test_personal_feed_has_the_visible_meetings_and_never_the_private_details(
    client: Client, personas: Personas
) -> None:
    mine = make_meeting(
        personas.programme, title="Confermato", online_url="https://meet.example.test/segreto"
    )
    mine.minutes = "Verbale riservato"
    mine.save()
    called_off = make_meeting(personas.programme, title="Incontro annullato", status="cancelled")
    private = make_meeting(personas.programme, title="Riservato", is_public=False)
    hidden = make_meeting(f.make_programme(is_public=False), title="Altro programma")
    make_registration(mine, personas.representative)
    make_registration(called_off, personas.representative)
    token = issue_calendar_token(user=personas.representative)
    response = client.get(reverse("agenda:personal_feed", args=[token]))
    events = {str(e["SUMMARY"]): e for e in feed_events(response)}
    assert set(events) == {"Confermato", "Incontro annullato", "Riservato"}
    assert hidden.title not in events
    assert str(events["Incontro annullato"]["STATUS"]) == "CANCELLED"
    assert str(events["Confermato"]["UID"]) == mine.uid
    assert str(events["Riservato"]["UID"]) == private.uid
    body = response.content.decode()
    assert "segreto" not in body and mine.checkin_code not in body
    assert "Verbale riservato" not in body
    assert "ATTENDEE" not in body and personas.representative.email not in body
    assert "REFRESH-INTERVAL" in body


def test_the_feed_event_is_the_same_event_as_the_meetings_ics(
    client: Client, personas: Personas
) -> None:
    """Same UID and SEQUENCE: a calendar that imported the .ics updates it from the feed."""
    meeting = make_meeting(personas.programme, start=at(2026, 12, 10, 9))
    meeting.ical_sequence = 3
    meeting.save()
    ics = client.get(reverse("meetings:meeting_ics", args=[meeting.slug]))
    token = issue_calendar_token(user=personas.representative)
    feed = client.get(reverse("agenda:personal_feed", args=[token]))
    from_ics = feed_events(ics)[0]
    from_feed = next(e for e in feed_events(feed) if str(e["UID"]) == meeting.uid)
    for name in ("UID", "SEQUENCE", "SUMMARY", "URL", "LOCATION", "STATUS"):
        assert str(from_feed[name]) == str(from_ics[name]), name
    assert from_feed.decoded("DTSTART") == from_ics.decoded("DTSTART")
    assert from_feed["DTSTART"].params["TZID"] == "Europe/Rome"


def test_personal_feed_drops_meetings_of_a_programme_one_left(
    client: Client, personas: Personas
) -> None:
    private = make_meeting(personas.programme, title="Riservato", is_public=False)
    make_registration(private, personas.representative)
    token = issue_calendar_token(user=personas.representative)
    ProjectRole.objects.filter(user=personas.representative).delete()
    response = client.get(reverse("agenda:personal_feed", args=[token]))
    assert private.uid not in {str(e["UID"]) for e in feed_events(response)}


# --- The public feed ------------------------------------------------------------------------------
def test_public_feed_has_only_public_meetings(login_as: LoginAs, personas: Personas) -> None:
    make_meeting(
        personas.programme, title="Pubblico", online_url="https://meet.example.test/segreto"
    )
    make_meeting(personas.programme, title="Riservato", is_public=False)
    other = f.make_programme()
    make_meeting(other, title="Altro programma")
    url = reverse("meetings:public_feed", args=[personas.programme.slug])
    for user in (None, personas.programme_admin):  # the same for everyone
        response = login_as(user).get(url)
        assert [str(e["SUMMARY"]) for e in feed_events(response)] == ["Pubblico"]
        assert "segreto" not in response.content.decode()


def test_public_feed_of_a_private_programme_is_404(login_as: LoginAs) -> None:
    programme = f.make_programme(is_public=False)
    make_meeting(programme, is_public=True)
    url = reverse("meetings:public_feed", args=[programme.slug])
    assert login_as(None).get(url).status_code == 404
    assert login_as(None).get(reverse("meetings:public_feed", args=["nessuno"])).status_code == 404


def test_empty_public_feed_is_still_a_calendar(client: Client, personas: Personas) -> None:
    response = client.get(reverse("meetings:public_feed", args=[personas.programme.slug]))
    assert feed_events(response) == []


def test_the_feed_settings_list_the_public_feeds(login_as: LoginAs, personas: Personas) -> None:
    response = login_as(personas.representative).get(reverse("agenda:feed_settings"))
    path = reverse("meetings:public_feed", args=[personas.programme.slug])
    assert path in response.content.decode()
