"""The calendar (month and list), the feed settings and the iCalendar feeds."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from conftest import PERSONA_NAMES, Personas
from tessere.accounts.models import CalendarToken, User
from tessere.accounts.services import issue_calendar_token
from tessere.core.testing import assert_max_queries_stable, in_english, is_login_redirect, page_text
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


# --- Month ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_month_and_list_open_to_everyone(login_as: LoginAs, personas: Personas, name: str) -> None:
    client = login_as(personas.get(name))
    assert client.get(reverse("meetings:calendar")).status_code == 200
    assert client.get(reverse("meetings:calendar_list")).status_code == 200


def test_month_grid_places_meetings_on_their_day(login_as: LoginAs, personas: Personas) -> None:
    meeting = make_meeting(personas.programme, start=at(2026, 3, 29), title="Ora legale")
    late = make_meeting(
        personas.programme,
        start=at(2026, 3, 31, 23),
        end=at(2026, 3, 31, 23) + dt.timedelta(minutes=30),
    )
    response = in_english(login_as(personas.representative)).get(
        reverse("meetings:calendar"), {"month": "2026-03"}
    )
    assert response.status_code == 200
    days = {d.date: d for week in response.context["weeks"] for d in week}
    assert days[dt.date(2026, 3, 29)].meetings == [meeting]
    # 23:00 in Rome is 21:00 UTC: still the 31st.
    assert days[dt.date(2026, 3, 31)].meetings == [late]
    html = response.content.decode()
    assert "<caption>" in html and "March 2026" in html
    assert 'href="?month=2026-02"' in html and 'href="?month=2026-04"' in html
    assert meeting.get_absolute_url() in html
    # Monday first, seven columns.
    assert len(response.context["weekdays"]) == 7
    assert response.context["weekdays"][0].weekday() == 0


@pytest.mark.parametrize(
    "value", ["2026-13", "abcd", "2026-1", "0000-01", "9999-12", "2026-00", "../"]
)
def test_invalid_month_gives_the_current_one_with_a_message(
    login_as: LoginAs, personas: Personas, value: str
) -> None:
    response = login_as(personas.representative).get(reverse("meetings:calendar"), {"month": value})
    assert response.status_code == 200
    today = timezone.localdate()
    assert response.context["month"] == today.replace(day=1)
    assert len(list(get_messages(response.wsgi_request))) == 1


def test_month_shows_only_visible_meetings(login_as: LoginAs, personas: Personas) -> None:
    public = make_meeting(personas.programme, start=at(2026, 5, 5), title="Aperto a tutti")
    private = make_meeting(
        personas.programme, start=at(2026, 5, 6), is_public=False, title="Solo membri"
    )
    hidden_programme = f.make_programme(is_public=False)
    foreign = make_meeting(hidden_programme, start=at(2026, 5, 7), title="Altro programma")

    def titles(user: User | None) -> set[str]:
        response = login_as(user).get(reverse("meetings:calendar"), {"month": "2026-05"})
        return {m.title for week in response.context["weeks"] for d in week for m in d.meetings}

    assert titles(None) == {public.title}
    assert titles(personas.outsider) == {public.title}
    assert titles(personas.representative) == {public.title, private.title}
    assert titles(personas.superuser) == {public.title, private.title, foreign.title}


def test_month_query_budget(login_as: LoginAs, personas: Personas) -> None:
    client = login_as(personas.representative)
    make_meeting(personas.programme, start=at(2026, 6, 3))

    def more() -> None:
        for day in range(4, 25):
            make_meeting(
                personas.programme, start=at(2026, 6, day), municipality=f.make_municipality()
            )

    assert_max_queries_stable(
        client, reverse("meetings:calendar") + "?month=2026-06", more, budget=10
    )


# --- List -----------------------------------------------------------------------------------------
def test_list_upcoming_first_then_past(login_as: LoginAs, personas: Personas) -> None:
    now = timezone.now()
    past_old = make_meeting(
        personas.programme, start=now - dt.timedelta(days=60), title="Passato lontano"
    )
    past_recent = make_meeting(
        personas.programme, start=now - dt.timedelta(days=2), title="Passato recente"
    )
    soon = make_meeting(personas.programme, start=now + dt.timedelta(days=1), title="Domani")
    later = make_meeting(personas.programme, start=now + dt.timedelta(days=30), title="Fra un mese")
    response = in_english(login_as(None)).get(reverse("meetings:calendar_list"))
    assert list(response.context["page"].object_list) == [soon, later, past_recent, past_old]
    text = page_text(response)
    assert (
        text.index("Upcoming meetings")
        < text.index("Domani")
        < text.index("Past meetings")
        < text.index("Passato recente")
    )


def test_list_is_paginated(login_as: LoginAs, personas: Personas) -> None:
    now = timezone.now()
    for i in range(25):
        make_meeting(personas.programme, start=now + dt.timedelta(days=i + 1))
    client = login_as(None)
    first = client.get(reverse("meetings:calendar_list"))
    assert len(first.context["page"].object_list) == 20
    second = client.get(reverse("meetings:calendar_list"), {"page": 2})
    assert len(second.context["page"].object_list) == 5
    assert client.get(reverse("meetings:calendar_list"), {"page": "zzz"}).status_code == 200


def test_list_query_budget(login_as: LoginAs, personas: Personas) -> None:
    client = login_as(personas.facilitator)
    make_meeting(personas.programme)

    def more() -> None:
        for i in range(15):
            make_meeting(
                personas.programme,
                start=timezone.now() + dt.timedelta(days=i + 2),
                municipality=f.make_municipality(),
            )

    assert_max_queries_stable(client, reverse("meetings:calendar_list"), more, budget=10)


# --- Feed settings --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_feed_settings_for_logged_in_people(
    login_as: LoginAs, personas: Personas, name: str
) -> None:
    response = login_as(personas.get(name)).get(reverse("meetings:feed_settings"))
    if name == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == 200


def test_issue_regenerate_and_revoke_the_personal_link(
    login_as: LoginAs, personas: Personas
) -> None:
    client = in_english(login_as(personas.representative))
    settings_url = reverse("meetings:feed_settings")
    response = client.post(settings_url, {"action": "issue"})
    assert response.status_code == 200
    first_url = response.context["new_url"]
    assert first_url in response.content.decode()
    first_path = re.sub(r"^https?://[^/]+", "", first_url)
    assert client.get(first_path).status_code == 200
    # The link is shown once: the page does not show it again.
    assert first_url not in client.get(settings_url).content.decode()

    response = client.post(settings_url, {"action": "regenerate"})
    second_path = re.sub(r"^https?://[^/]+", "", response.context["new_url"])
    assert second_path != first_path
    assert client.get(first_path).status_code == 404  # the old link stopped working
    assert client.get(second_path).status_code == 200

    response = client.post(settings_url, {"action": "revoke"})
    assert response.status_code == 302
    assert client.get(second_path).status_code == 404
    assert not CalendarToken.objects.filter(user=personas.representative).exists()


def test_feed_settings_refuses_unknown_actions(login_as: LoginAs, personas: Personas) -> None:
    client = login_as(personas.representative)
    response = client.post(reverse("meetings:feed_settings"), {"action": "steal"})
    assert response.status_code == 302
    assert not CalendarToken.objects.exists()


def test_feed_settings_post_needs_login(login_as: LoginAs) -> None:
    response = login_as(None).post(reverse("meetings:feed_settings"), {"action": "issue"})
    assert is_login_redirect(response)
    assert not CalendarToken.objects.exists()


# --- Personal feed --------------------------------------------------------------------------------
def test_personal_feed_has_the_confirmed_meetings_only(client: Client, personas: Personas) -> None:
    mine = make_meeting(
        personas.programme, title="Confermato", online_url="https://meet.example.test/segreto"
    )
    waiting = make_meeting(personas.programme, title="In attesa")
    cancelled_place = make_meeting(personas.programme, title="Annullato da me")
    called_off = make_meeting(personas.programme, title="Incontro annullato")
    private = make_meeting(personas.programme, title="Riservato", is_public=False)
    make_meeting(personas.programme, title="Non iscritto")
    make_registration(mine, personas.representative)
    make_registration(waiting, personas.representative, status="waitlisted")
    make_registration(cancelled_place, personas.representative, status="cancelled")
    make_registration(called_off, personas.representative)
    make_registration(private, personas.representative)
    called_off.status = "cancelled"
    called_off.save()
    token = issue_calendar_token(user=personas.representative)
    response = client.get(reverse("meetings:personal_feed", args=[token]))
    events = {str(e["SUMMARY"]): e for e in feed_events(response)}
    assert set(events) == {"Confermato", "Incontro annullato", "Riservato"}
    assert str(events["Incontro annullato"]["STATUS"]) == "CANCELLED"
    body = response.content.decode()
    assert "segreto" not in body and mine.checkin_code not in body
    assert "ATTENDEE" not in body and personas.representative.email not in body
    assert "REFRESH-INTERVAL" in body


def test_personal_feed_with_a_wrong_or_revoked_token_is_404(
    client: Client, personas: Personas
) -> None:
    assert client.get(reverse("meetings:personal_feed", args=["not-a-token"])).status_code == 404
    token = issue_calendar_token(user=personas.representative)
    CalendarToken.objects.filter(user=personas.representative).delete()
    assert client.get(reverse("meetings:personal_feed", args=[token])).status_code == 404


def test_personal_feed_of_an_inactive_person_is_404(client: Client, personas: Personas) -> None:
    token = issue_calendar_token(user=personas.representative)
    personas.representative.is_active = False
    personas.representative.save()
    assert client.get(reverse("meetings:personal_feed", args=[token])).status_code == 404


def test_personal_feed_drops_meetings_of_a_programme_one_left(
    client: Client, personas: Personas
) -> None:
    private = make_meeting(personas.programme, title="Riservato", is_public=False)
    make_registration(private, personas.representative)
    token = issue_calendar_token(user=personas.representative)
    from tessere.registry.models import ProjectRole

    ProjectRole.objects.filter(user=personas.representative).delete()
    assert feed_events(client.get(reverse("meetings:personal_feed", args=[token]))) == []


# --- Public feed ----------------------------------------------------------------------------------
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
