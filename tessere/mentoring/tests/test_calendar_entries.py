"""Mentoring in the one calendar: sessions for those who may see them (access.py), neutral titles,
the place only for the whole file; action deadlines for their owner only. Checked through the
calendar's pages and the personal feed, persona by persona."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from conftest import PERSONA_NAMES, Personas
from tessere.accounts.models import User
from tessere.accounts.services import issue_calendar_token
from tessere.mentoring.calendar_entries import action_entries, session_entries
from tessere.registry.tests import factories as f

from . import factories as mtf

pytestmark = pytest.mark.django_db
LoginAs = Callable[[User | None], Client]

NOTES = "Appunti riservati 9QK2"
AGENDA = "Ordine del giorno riservato 4TT1"
SUMMARY = "Sintesi per il monitoraggio 7HB3"
NEXT = "Prossimi passi riservati 2ZZ8"
# Who reads the whole file of project A (access.py); monitors read the shared part.
FULL = {"coordinator", "programme_admin", "facilitator", "mentor", "superuser"}
SHARED = {"monitor", "project_manager"}


def day_ahead(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def calendar_bodies(client: Client, user: User | None, day: dt.date) -> dict[str, str]:
    """The month, the week and the list as `user`, and their personal feed."""
    client.logout()
    if user is not None:
        client.force_login(user)
    year, week, _weekday = day.isocalendar()
    paths = {
        "month": reverse("agenda:month") + f"?month={day:%Y-%m}",
        "week": reverse("agenda:week") + f"?week={year}-W{week:02d}",
        "list": reverse("agenda:list"),
    }
    bodies = {where: client.get(path).content.decode() for where, path in paths.items()}
    if user is not None:
        token = issue_calendar_token(user=user)
        feed = client.get(reverse("agenda:personal_feed", args=[token]))
        bodies["feed"] = feed.content.decode()
    return bodies


@pytest.fixture
def sessions(personas: Personas) -> tuple[Any, Any]:
    """Two sessions of project A in two days: one shares a summary with the monitors."""
    day = day_ahead(2)
    town = f.make_municipality(name="Saluzzo")
    shared = mtf.make_session(
        personas.project,
        mentors=[personas.mentor],
        start=at(day, 10),
        notes=NOTES,
        agenda=AGENDA,
        monitoring_summary=SUMMARY,
        next_steps=NEXT,
        address="Via dei Mille 3",
        municipality=town,
    )
    unshared = mtf.make_session(
        personas.project, mentors=[personas.mentor], start=at(day, 15), notes=NOTES, agenda=AGENDA
    )
    return shared, unshared


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_a_session_is_in_the_calendar_of_those_who_may_see_it(
    client: Client, personas: Personas, sessions: tuple[Any, Any], name: str
) -> None:
    shared, unshared = sessions
    bodies = calendar_bodies(client, personas.get(name), timezone.localdate(shared.start))
    shared_url = shared.get_absolute_url()
    unshared_url = unshared.get_absolute_url()
    for where, body in bodies.items():
        assert (shared_url in body) == (name in FULL | SHARED), (where, "shared")
        assert (unshared_url in body) == (name in FULL), (where, "unshared")
        # Nobody reads the session's text in the calendar, not even the mentor.
        for secret in (NOTES, AGENDA, SUMMARY, NEXT):
            assert secret not in body, (where, secret)
        # The place only for the whole file.
        assert ("Via dei Mille 3" in body) == (name in FULL), (where, "place")


def test_the_session_entry_is_neutral(personas: Personas, sessions: tuple[Any, Any]) -> None:
    shared, _unshared = sessions
    start, end = shared.start - dt.timedelta(days=1), shared.start + dt.timedelta(days=1)
    with translation.override("en"):
        mentor = {e.uid: e for e in session_entries(personas.mentor, start, end)}
        monitor = {e.uid: e for e in session_entries(personas.monitor, start, end)}
    uid = f"mentoring-session-{shared.pk}@tessere"
    assert mentor[uid].title == monitor[uid].title == "Mentoring session · Ubuntu"
    assert mentor[uid].location == "Via dei Mille 3, Saluzzo"
    assert monitor[uid].location == ""
    assert mentor[uid].description == monitor[uid].description == ""
    assert mentor[uid].url == shared.get_absolute_url()
    assert list(monitor) == [uid]  # the unshared session is not there


def test_an_edited_session_raises_its_sequence(
    personas: Personas, sessions: tuple[Any, Any]
) -> None:
    shared, _unshared = sessions
    start, end = shared.start - dt.timedelta(days=1), shared.start + dt.timedelta(days=3)
    before = next(iter(session_entries(personas.mentor, start, end)))
    shared.start += dt.timedelta(days=1)
    shared.end += dt.timedelta(days=1)
    shared.version += 1  # what the versioned save of the sessions service does
    shared.save()
    personas.mentor = User.objects.get(pk=personas.mentor.pk)
    after = next(e for e in session_entries(personas.mentor, start, end) if e.uid == before.uid)
    assert after.sequence == before.sequence + 1


# --- Action deadlines -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_an_action_deadline_is_in_its_owners_calendar_only(
    client: Client, personas: Personas, name: str
) -> None:
    due = day_ahead(4)
    action = mtf.make_action(
        personas.project, personas.operator, due_date=due, description="Convocare il tavolo"
    )
    bodies = calendar_bodies(client, personas.get(name), due)
    for where, body in bodies.items():
        assert (action.get_absolute_url() in body) == (name == "operator"), where
        assert ("Convocare il tavolo" in body) == (name == "operator"), where


def test_a_deadline_is_an_all_day_entry_with_an_overdue_badge(personas: Personas) -> None:
    p = personas
    long_text = "Preparare la relazione " + "molto " * 30 + "lunga"
    late = mtf.make_action(
        p.project, p.coordinator, due_date=day_ahead(-3), description="In ritardo"
    )
    soon = mtf.make_action(p.project, p.coordinator, due_date=day_ahead(3), description=long_text)
    mtf.make_action(p.project, p.coordinator, due_date=day_ahead(1), status="done")
    mtf.make_action(p.project, p.coordinator, due_date=day_ahead(1), status="dropped")
    going = mtf.make_action(p.project, p.coordinator, due_date=day_ahead(2), status="in_progress")
    mtf.make_action(p.project, p.operator, due_date=day_ahead(1))  # someone else's
    now = timezone.now()
    with translation.override("en"):
        entries = list(
            action_entries(p.coordinator, now - dt.timedelta(days=7), now + dt.timedelta(days=7))
        )
    assert [e.uid for e in entries] == [
        f"mentoring-action-{a.pk}@tessere" for a in (late, going, soon)
    ]
    first = entries[0]
    assert first.all_day and first.start == late.due_date
    assert first.end == late.due_date + dt.timedelta(days=1)
    assert first.title == "Deadline: In ritardo" and first.badge == "overdue"
    assert entries[1].badge == ""
    assert len(entries[2].title) <= len("Deadline: ") + 80 and entries[2].title.endswith("…")
    assert entries[2].url == soon.get_absolute_url()


def test_a_deadline_is_in_range_only_on_the_days_it_touches(personas: Personas) -> None:
    due = dt.date(2026, 6, 10)
    mtf.make_action(personas.project, personas.coordinator, due_date=due)
    midnight = at(due, 0)

    def found(start: dt.datetime, end: dt.datetime) -> int:
        return len(list(action_entries(personas.coordinator, start, end)))

    assert found(midnight, midnight + dt.timedelta(days=1)) == 1
    assert found(midnight + dt.timedelta(days=1), midnight + dt.timedelta(days=2)) == 0
    assert found(midnight - dt.timedelta(days=1), midnight) == 0  # [start, end): end excluded
    assert found(midnight + dt.timedelta(hours=23), midnight + dt.timedelta(hours=25)) == 1


def test_the_mentoring_sources_run_a_fixed_number_of_queries(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    p = personas
    for i in range(6):
        mtf.make_session(
            p.project, start=at(day_ahead(i + 1), 10), municipality=f.make_municipality()
        )
        mtf.make_action(p.project, p.coordinator, due_date=day_ahead(i + 1))
    coordinator = User.objects.get(pk=p.coordinator.pk)
    now = timezone.now()
    with django_assert_max_num_queries(4):  # the file's projects (2), sessions, actions
        sessions = list(session_entries(coordinator, now, now + dt.timedelta(days=30)))
        actions = list(action_entries(coordinator, now, now + dt.timedelta(days=30)))
    assert len(sessions) == 6 and len(actions) == 6
    for nobody in (None, AnonymousUser()):
        assert list(session_entries(nobody, now, now + dt.timedelta(days=30))) == []
        assert list(action_entries(nobody, now, now + dt.timedelta(days=30))) == []


def test_the_feed_parses_back_with_the_session_and_the_deadline(
    client: Client, personas: Personas, sessions: tuple[Any, Any]
) -> None:
    shared, _unshared = sessions
    action = mtf.make_action(personas.project, personas.coordinator, due_date=day_ahead(3))
    token = issue_calendar_token(user=personas.coordinator)
    response = client.get(reverse("agenda:personal_feed", args=[token]))
    events = {str(e["UID"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}
    session_event = events[f"mentoring-session-{shared.pk}@tessere"]
    assert session_event["DTSTART"].params["TZID"] == "Europe/Rome"
    assert session_event.decoded("DTSTART") == shared.start
    deadline = events[f"mentoring-action-{action.pk}@tessere"]
    assert deadline["DTSTART"].params["VALUE"] == "DATE"
    assert deadline.decoded("DTSTART") == action.due_date
