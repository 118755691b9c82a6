"""The one calendar: month, week and list show the entries of every registered source, the
source filter (with and without htmx), bad months and weeks, and the query budgets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from conftest import PERSONA_NAMES, Personas
from tessere.core.calendar import calendar_sources
from tessere.core.testing import HTMX, assert_max_queries_stable, in_english, page_text
from tessere.meetings.tests.factories import make_meeting
from tessere.mentoring.tests import factories as mtf
from tessere.registry.tests import factories as f

from .helpers import (
    EXTRA,
    LoginAs,
    extra_entry,
    in_days,
    month_of,
    registered_source,
    rome,
    titles,
    week_of,
)

pytestmark = pytest.mark.django_db

VIEWS = ["agenda:month", "agenda:week", "agenda:list"]


def period(name: str, day: dt.date) -> dict[str, str]:
    """The query that shows `day` in a view."""
    if name == "agenda:month":
        return {"month": month_of(day)}
    if name == "agenda:week":
        return {"week": week_of(day)}
    return {}


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_month_week_and_list_are_open_to_everyone(
    login_as: LoginAs, personas: Personas, name: str
) -> None:
    client = login_as(personas.get(name))
    for view in VIEWS:
        assert client.get(reverse(view)).status_code == 200, view


def test_the_apps_register_their_sources_in_order() -> None:
    keys = [info.key for info in calendar_sources.sources()]
    assert keys[:2] == ["meetings", "mentoring.sessions"]
    assert "mentoring.actions" in keys
    assert keys.index("mentoring.sessions") < keys.index("mentoring.actions")


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_shows_the_entries_of_every_source(
    login_as: LoginAs, personas: Personas, view: str
) -> None:
    p = personas
    day = in_days(2)
    meeting = make_meeting(p.programme, start=rome(day, 9), title="Incontro della comunità")
    mtf.make_session(p.project, mentors=[p.mentor], start=rome(day, 15))
    mtf.make_action(p.project, p.coordinator, due_date=day, description="Mandare il verbale")
    with registered_source([extra_entry(day, badge="prova", location="Sala blu")]):
        client = in_english(login_as(p.coordinator))
        response = client.get(reverse(view), period(view, day))
    assert response.status_code == 200
    assert titles(response) == [
        "Deadline: Mandare il verbale",  # all day first
        "Voce di prova",
        "Incontro della comunità",
        "Mentoring session · Ubuntu",
    ]
    text = page_text(response)
    for label in ("Meetings", "Mentoring sessions", "My action deadlines", "Test entries"):
        assert label in text, label
    html = response.content.decode()
    assert meeting.get_absolute_url() in html and 'href="/prova/"' in html
    assert "all day" in text and "Sala blu" in text and "prova" in text
    assert f'datetime="{meeting.start.astimezone(rome(day).tzinfo).isoformat()}"' in html


def test_the_source_filter_shows_only_the_ticked_sources(
    login_as: LoginAs, personas: Personas
) -> None:
    day = in_days(3)
    make_meeting(personas.programme, start=rome(day), title="Incontro")
    with registered_source([extra_entry(day)]):
        client = in_english(login_as(personas.representative))
        url = reverse("agenda:week")
        everything = client.get(url, {"week": week_of(day)})
        only_extra = client.get(url, {"week": week_of(day), "kind": ["", EXTRA]})
        nothing = client.get(url, {"week": week_of(day), "kind": ""})
    assert titles(everything) == ["Voce di prova", "Incontro"]
    assert titles(only_extra) == ["Voce di prova"]
    assert titles(nothing) == []
    assert "Nothing is ticked" in page_text(nothing)
    boxes = only_extra.content.decode()
    assert f'value="{EXTRA}" id="kind-' in boxes and 'value="meetings" id="kind-1">' in boxes
    # The tabs and the arrows keep the choice.
    assert f"kind=&amp;kind={EXTRA}" in boxes


def test_the_filter_answers_htmx_with_the_results_only(
    login_as: LoginAs, personas: Personas
) -> None:
    day = in_days(3)
    make_meeting(personas.programme, start=rome(day), title="Incontro")
    client = login_as(personas.representative)
    for view in VIEWS:
        query = {**period(view, day), "kind": ["", "meetings"]}
        response = client.get(reverse(view), query, headers=HTMX)
        html = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in html and "<form" not in html, view
        assert "Incontro" in html, view
        # The tabs come along out of band, keeping the choice.
        assert 'id="calendar-tabs" class="nav nav-tabs mb-4" hx-swap-oob="true"' in html, view
        assert f'href="{reverse("agenda:list")}?kind=&amp;kind=meetings"' in html, view


def test_the_filter_form_works_without_javascript(login_as: LoginAs, personas: Personas) -> None:
    for view in VIEWS:
        html = login_as(None).get(reverse(view)).content.decode()
        assert f'method="get" action="{reverse(view)}"' in html
        assert 'type="checkbox" class="form-check-input" name="kind" value="meetings"' in html
        assert 'type="submit"' in html


def test_an_unknown_source_is_ignored_with_a_warning(login_as: LoginAs, personas: Personas) -> None:
    make_meeting(personas.programme, start=rome(in_days(1)), title="Incontro")
    client = in_english(login_as(personas.representative))
    response = client.get(reverse("agenda:list"), {"kind": ["meetings", "<script>"]})
    assert response.status_code == 200
    assert titles(response) == ["Incontro"]
    assert "Some filters were not valid" in page_text(response)
    assert "<script>" not in response.content.decode()


# --- Month ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value", ["2026-13", "abcd", "2026-1", "0000-01", "9999-12", "2026-00", "../"]
)
def test_an_invalid_month_gives_the_current_one_with_a_message(
    login_as: LoginAs, personas: Personas, value: str
) -> None:
    response = login_as(personas.representative).get(reverse("agenda:month"), {"month": value})
    assert response.status_code == 200
    assert response.context["month"] == timezone.localdate().replace(day=1)
    assert len(list(get_messages(response.wsgi_request))) == 1


def test_the_month_grid_is_a_table_monday_first(login_as: LoginAs, personas: Personas) -> None:
    response = in_english(login_as(None)).get(reverse("agenda:month"), {"month": "2026-03"})
    html = response.content.decode()
    assert "<caption>March 2026" in html and '<th scope="col">' in html
    assert 'href="?month=2026-02"' in html and 'href="?month=2026-04"' in html
    assert len(response.context["weekdays"]) == 7
    assert response.context["weekdays"][0].weekday() == 0
    assert response.context["weeks"][0][0].date == dt.date(2026, 2, 23)


def test_an_entry_over_several_days_is_on_each_of_them(
    login_as: LoginAs, personas: Personas
) -> None:
    course = extra_entry(
        dt.date(2026, 4, 29), title="Corso", end=dt.date(2026, 5, 3)
    )  # 29/04–02/05
    with registered_source([course]):
        response = in_english(login_as(None)).get(reverse("agenda:month"), {"month": "2026-05"})
    days = {d.date: d.entries for week in response.context["weeks"] for d in week}
    on = [day for day, lines in days.items() if lines]
    assert on == [
        dt.date(2026, 4, 29),
        dt.date(2026, 4, 30),
        dt.date(2026, 5, 1),
        dt.date(2026, 5, 2),
    ]
    assert not days[dt.date(2026, 4, 29)][0].continued
    assert days[dt.date(2026, 5, 1)][0].continued
    assert response.context["entry_count"] == 1  # counted once, in May


# --- Week -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value", ["2026-W54", "2026-W00", "2021-W53", "2026-53", "2026W05", "abcd", "9999-W01", "../"]
)
def test_an_invalid_week_gives_the_current_one_with_a_message(
    login_as: LoginAs, personas: Personas, value: str
) -> None:
    response = login_as(personas.representative).get(reverse("agenda:week"), {"week": value})
    assert response.status_code == 200
    today = timezone.localdate()
    assert response.context["monday"] == today - dt.timedelta(days=today.weekday())
    assert len(list(get_messages(response.wsgi_request))) == 1


def test_the_week_lists_seven_days_from_monday(login_as: LoginAs, personas: Personas) -> None:
    # Week 13 of 2026 ends on Sunday 29 March, when clocks go forward.
    late = make_meeting(
        personas.programme,
        start=dt.datetime(2026, 3, 29, 23, 0, tzinfo=rome(dt.date(2026, 3, 29)).tzinfo),
        end=dt.datetime(2026, 3, 29, 23, 30, tzinfo=rome(dt.date(2026, 3, 29)).tzinfo),
        title="Tardi",
    )
    response = in_english(login_as(None)).get(reverse("agenda:week"), {"week": "2026-W13"})
    days = response.context["days"]
    assert [d.date for d in days] == [dt.date(2026, 3, 23) + dt.timedelta(days=i) for i in range(7)]
    assert [line.entry.uid for line in days[6].entries] == [late.uid]
    html = response.content.decode()
    assert 'href="?week=2026-W12"' in html and 'href="?week=2026-W14"' in html
    assert "Nothing on this day." in html
    # The year turns: week 1 of 2027 starts on Monday 4 January 2027, the week before is 53.
    response = login_as(None).get(reverse("agenda:week"), {"week": "2027-W01"})
    assert response.context["previous_week"] == "2026-W53"


# --- List -----------------------------------------------------------------------------------------
def test_the_list_has_upcoming_first_then_past(login_as: LoginAs, personas: Personas) -> None:
    now = timezone.now()
    entries = [
        extra_entry(in_days(-60), title="Passato lontano"),
        extra_entry(in_days(-2), title="Passato recente"),
        extra_entry(in_days(1), title="Domani"),
        extra_entry(in_days(30), title="Fra un mese"),
        extra_entry(in_days(-500), title="Troppo vecchio"),
        extra_entry(in_days(800), title="Troppo lontano"),
    ]
    running = make_meeting(personas.programme, start=now - dt.timedelta(hours=1), title="In corso")
    with registered_source(entries):
        response = in_english(login_as(None)).get(reverse("agenda:list"))
    assert titles(response) == [
        running.title,
        "Domani",
        "Fra un mese",
        "Passato recente",
        "Passato lontano",
    ]
    text = page_text(response)
    assert text.index("Upcoming") < text.index("Domani") < text.index("Past")
    assert text.index("Past") < text.index("Passato recente")


def test_the_list_is_paginated(login_as: LoginAs, personas: Personas) -> None:
    entries = [extra_entry(in_days(i + 1), title=f"Voce {i}") for i in range(25)]
    with registered_source(entries):
        client = login_as(None)
        first = client.get(reverse("agenda:list"))
        second = client.get(reverse("agenda:list"), {"page": 2})
        bad = client.get(reverse("agenda:list"), {"page": "zzz"})
    assert len(first.context["page"].object_list) == 20
    assert len(second.context["page"].object_list) == 5
    assert bad.status_code == 200


# --- Query budgets --------------------------------------------------------------------------------
def _more_of_everything(personas: Personas) -> None:
    p = personas
    for i in range(8):
        day = in_days(i + 1)
        make_meeting(p.programme, start=rome(day, 9), municipality=f.make_municipality())
        mtf.make_session(
            p.project, mentors=[p.mentor], start=rome(day, 15), municipality=f.make_municipality()
        )
        mtf.make_action(p.project, p.coordinator, due_date=day)


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("name", ["anonymous", "coordinator", "mentor", "monitor"])
def test_calendar_query_budget(login_as: LoginAs, personas: Personas, view: str, name: str) -> None:
    p = personas
    day = in_days(1)
    make_meeting(p.programme, start=rome(day, 9))
    mtf.make_session(p.project, mentors=[p.mentor], start=rome(day, 15), monitoring_summary="x")
    mtf.make_action(p.project, p.coordinator, due_date=day)
    client = login_as(p.get(name))
    url = reverse(view)
    if view == "agenda:week":
        url += f"?week={week_of(day)}"  # the entries may be next week
    if view == "agenda:month":
        url += f"?month={month_of(day)}"
    assert_max_queries_stable(client, url, lambda: _more_of_everything(p), budget=12)
