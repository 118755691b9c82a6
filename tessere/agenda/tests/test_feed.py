"""The feed settings (issue, regenerate, revoke: the URL shown once) and the personal feed: the
entries the calendar shows its owner, parsed back with icalendar."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from conftest import PERSONA_NAMES, Personas
from tessere.accounts.models import CalendarToken
from tessere.accounts.services import issue_calendar_token
from tessere.agenda.ics import calendar_for_entries
from tessere.core.testing import assert_max_queries_stable, in_english, is_login_redirect
from tessere.meetings.tests.factories import make_meeting
from tessere.mentoring.tests import factories as mtf
from tessere.registry.tests import factories as f

from .helpers import (
    LoginAs,
    extra_entry,
    feed_calendar,
    feed_events,
    in_days,
    registered_source,
    rome,
)

pytestmark = pytest.mark.django_db


def feed_path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


# --- Feed settings --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_feed_settings_for_logged_in_people(
    login_as: LoginAs, personas: Personas, name: str
) -> None:
    response = login_as(personas.get(name)).get(reverse("agenda:feed_settings"))
    if name == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == 200


def test_issue_regenerate_and_revoke_the_personal_link(
    login_as: LoginAs, personas: Personas
) -> None:
    client = in_english(login_as(personas.representative))
    settings_url = reverse("agenda:feed_settings")
    response = client.post(settings_url, {"action": "issue"})
    assert response.status_code == 200
    first_url = response.context["new_url"]
    assert first_url.startswith(settings.SITE_URL + "/calendario/personale/")
    assert first_url.endswith(".ics")
    assert first_url in response.content.decode()
    assert response.context["webcal_url"].startswith("webcal://")
    first_path = feed_path(first_url)
    assert client.get(first_path).status_code == 200
    # The link is shown once: the page does not show it again.
    assert first_url not in client.get(settings_url).content.decode()

    response = client.post(settings_url, {"action": "regenerate"})
    second_path = feed_path(response.context["new_url"])
    assert second_path != first_path
    assert client.get(first_path).status_code == 404  # the old link stopped working
    assert client.get(second_path).status_code == 200

    response = client.post(settings_url, {"action": "revoke"})
    assert response.status_code == 302 and response["Location"] == settings_url
    assert client.get(second_path).status_code == 404
    assert not CalendarToken.objects.filter(user=personas.representative).exists()


def test_feed_settings_refuse_unknown_actions(login_as: LoginAs, personas: Personas) -> None:
    client = login_as(personas.representative)
    response = client.post(reverse("agenda:feed_settings"), {"action": "steal"})
    assert response.status_code == 302
    assert not CalendarToken.objects.exists()


def test_feed_settings_post_needs_login(login_as: LoginAs) -> None:
    response = login_as(None).post(reverse("agenda:feed_settings"), {"action": "issue"})
    assert is_login_redirect(response)
    assert not CalendarToken.objects.exists()


def test_the_personal_feed_keeps_the_path_of_existing_subscriptions() -> None:
    assert reverse("agenda:personal_feed", args=["abc"]) == "/calendario/personale/abc.ics"


# --- The personal feed ----------------------------------------------------------------------------
def test_the_feed_parses_back_with_every_kind_of_entry(client: Client, personas: Personas) -> None:
    p = personas
    day = in_days(5)
    meeting = make_meeting(p.programme, start=rome(day, 9), title="Incontro")
    cancelled = make_meeting(
        p.programme, start=rome(day, 14), title="Annullato", status="cancelled"
    )
    session = mtf.make_session(p.project, mentors=[p.mentor], start=rome(day, 15))
    action = mtf.make_action(p.project, p.coordinator, due_date=day, description="Fare la cosa")
    token = issue_calendar_token(user=p.coordinator)
    with registered_source([extra_entry(day, title="Corso", end=day + dt.timedelta(days=3))]):
        first = client.get(reverse("agenda:personal_feed", args=[token]))
        second = client.get(reverse("agenda:personal_feed", args=[token]))

    cal = feed_calendar(first)
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["X-WR-CALNAME"])
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in first.content.decode()
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Rome"]
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    # UIDs are stable: the same object, the same UID, fetch after fetch.
    assert set(events) == {str(e["UID"]) for e in feed_calendar(second).walk("VEVENT")}
    assert meeting.uid in events and cancelled.uid in events
    assert f"mentoring-session-{session.pk}@tessere" in events
    assert f"mentoring-action-{action.pk}@tessere" in events

    timed = events[meeting.uid]
    assert timed["DTSTART"].params["TZID"] == "Europe/Rome"
    assert timed.decoded("DTSTART") == meeting.start
    assert str(timed["URL"]) == settings.SITE_URL + meeting.get_absolute_url()
    assert str(events[cancelled.uid]["STATUS"]) == "CANCELLED"

    deadline = events[f"mentoring-action-{action.pk}@tessere"]
    assert deadline["DTSTART"].params["VALUE"] == "DATE"
    assert deadline.decoded("DTSTART") == day
    assert deadline.decoded("DTEND") == day + dt.timedelta(days=1)
    assert str(deadline["URL"]) == settings.SITE_URL + action.get_absolute_url()
    course = next(e for uid, e in events.items() if uid.startswith("extra-"))
    assert course.decoded("DTEND") - course.decoded("DTSTART") == dt.timedelta(days=3)
    for uid, event in events.items():
        assert "DTSTAMP" in event and "SEQUENCE" in event, uid
        assert "LAST-MODIFIED" in event or uid.startswith("extra-"), uid


def test_the_feed_spans_a_year_back_and_two_ahead(client: Client, personas: Personas) -> None:
    entries = [
        extra_entry(in_days(-300), title="Dieci mesi fa"),
        extra_entry(in_days(700), title="Fra due anni quasi"),
        extra_entry(in_days(-400), title="Troppo vecchio"),
        extra_entry(in_days(800), title="Troppo lontano"),
    ]
    token = issue_calendar_token(user=personas.outsider)
    with registered_source(entries) as calls:
        response = client.get(reverse("agenda:personal_feed", args=[token]))
    assert set(feed_events(response)) == {"Dieci mesi fa", "Fra due anni quasi"}
    # Each source is asked with the token's owner, not with whoever fetched the link.
    assert [call[0] for call in calls] == [personas.outsider]


def test_a_wrong_or_revoked_token_is_404(client: Client, personas: Personas) -> None:
    assert client.get(reverse("agenda:personal_feed", args=["not-a-token"])).status_code == 404
    assert client.get(reverse("agenda:personal_feed", args=["x" * 200])).status_code == 404
    token = issue_calendar_token(user=personas.representative)
    assert client.get(reverse("agenda:personal_feed", args=[token])).status_code == 200
    CalendarToken.objects.filter(user=personas.representative).delete()
    assert client.get(reverse("agenda:personal_feed", args=[token])).status_code == 404


def test_the_feed_of_an_inactive_person_is_404(client: Client, personas: Personas) -> None:
    token = issue_calendar_token(user=personas.representative)
    personas.representative.is_active = False
    personas.representative.save()
    assert client.get(reverse("agenda:personal_feed", args=[token])).status_code == 404


def test_an_empty_feed_is_still_a_calendar(client: Client, personas: Personas) -> None:
    token = issue_calendar_token(user=personas.outsider)
    response = client.get(reverse("agenda:personal_feed", args=[token]))
    assert feed_events(response) == {}
    assert b"BEGIN:VCALENDAR" in response.content


def test_the_feed_query_budget(client: Client, personas: Personas) -> None:
    p = personas
    make_meeting(p.programme, start=rome(in_days(1)))
    mtf.make_session(p.project, mentors=[p.mentor], start=rome(in_days(1), 15))
    mtf.make_action(p.project, p.coordinator, due_date=in_days(1))
    token = issue_calendar_token(user=p.coordinator)

    def more() -> None:
        for i in range(2, 10):
            make_meeting(p.programme, start=rome(in_days(i)), municipality=f.make_municipality())
            mtf.make_session(p.project, start=rome(in_days(-i), 15))
            mtf.make_action(p.project, p.coordinator, due_date=in_days(i))

    url = reverse("agenda:personal_feed", args=[token])
    assert_max_queries_stable(client, url, more, budget=10)


def test_the_helper_writes_the_rome_vtimezone_for_timed_entries() -> None:
    first = rome(dt.date(2026, 1, 15))
    last = rome(dt.date(2040, 7, 1))
    entries = [
        extra_entry(
            dt.date(2026, 1, 15), start=first, end=first + dt.timedelta(hours=1), all_day=False
        ),
        extra_entry(
            dt.date(2040, 7, 1), start=last, end=last + dt.timedelta(hours=1), all_day=False
        ),
    ]
    cal = Calendar.from_ical(calendar_for_entries(entries, name="x"))
    events = cal.walk("VEVENT")
    # Past the library's default span (2038): summer time in 2040 is still +02:00.
    assert events[1].decoded("DTSTART").utcoffset() == dt.timedelta(hours=2)
    timezones = cal.walk("VTIMEZONE")
    assert len(timezones) == 1
    offsets = {str(sub.name): sub.decoded("TZOFFSETTO") for sub in timezones[0].subcomponents}
    assert offsets == {"STANDARD": dt.timedelta(hours=1), "DAYLIGHT": dt.timedelta(hours=2)}
    assert timezone.is_aware(events[0].decoded("DTSTART"))
    # Only all-day entries: no time zone is needed, and none is written.
    only_days = Calendar.from_ical(
        calendar_for_entries([extra_entry(dt.date(2026, 1, 15))], name="x")
    )
    assert only_days.walk("VTIMEZONE") == []
