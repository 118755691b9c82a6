"""The `.ics` of an opportunity parses back: all-day events (VALUE=DATE, exclusive DTEND), a
UID that survives edits, a SEQUENCE that grows when the dates change, CANCELLED when
withdrawn."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from conftest import Personas
from tessere.accounts.models import User
from tessere.opportunities import services
from tessere.opportunities.forms import initial_from
from tessere.opportunities.models import Opportunity
from tessere.opportunities.services import OpportunityContent

from .conftest import Geo
from .factories import days, make_opportunity

LoginAs = Callable[[User | None], Client]


def events(client: Client, opportunity: Opportunity) -> dict[str, object]:
    response = client.get(reverse("opportunities:ics", args=[opportunity.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_a_course_with_a_deadline_is_two_all_day_events(
    personas: Personas, geo: Geo, client: Client
) -> None:
    opportunity = make_opportunity(
        personas.programme, title="Corso OSS", starts_on=dt.date(2030, 5, 3),
        ends_on=dt.date(2030, 5, 4), deadline=dt.date(2030, 4, 20), municipality=geo.saluzzo,
        place="Sala civica",
    )  # fmt: skip
    found = events(client, opportunity)
    assert set(found) == {opportunity.uid, f"deadline-{opportunity.uid}"}
    span = found[opportunity.uid]
    assert span["DTSTART"].params["VALUE"] == "DATE"  # type: ignore[index]
    assert span.decoded("DTSTART") == dt.date(2030, 5, 3)  # type: ignore[attr-defined]
    assert span.decoded("DTEND") == dt.date(2030, 5, 5)  # type: ignore[attr-defined]  # exclusive
    assert str(span["SUMMARY"]) == "Corso OSS"  # type: ignore[index]
    assert str(span["LOCATION"]) == "Sala civica, Saluzzo"  # type: ignore[index]
    assert str(span["URL"]) == settings.SITE_URL + opportunity.get_absolute_url()  # type: ignore[index]
    assert str(span["STATUS"]) == "CONFIRMED"  # type: ignore[index]
    assert "DTSTAMP" in span  # type: ignore[operator]
    deadline = found[f"deadline-{opportunity.uid}"]
    assert deadline.decoded("DTSTART") == dt.date(2030, 4, 20)  # type: ignore[attr-defined]
    assert deadline.decoded("DTEND") == dt.date(2030, 4, 21)  # type: ignore[attr-defined]
    assert str(deadline["SUMMARY"]).endswith(": Corso OSS")  # type: ignore[index]


def test_a_one_day_event_and_a_call_with_a_deadline_only(
    personas: Personas, client: Client
) -> None:
    event = make_opportunity(personas.programme, starts_on=dt.date(2030, 1, 9))
    (only,) = events(client, event).values()
    assert only.decoded("DTEND") == dt.date(2030, 1, 10)  # type: ignore[attr-defined]
    call = make_opportunity(
        personas.programme, deadline=dt.date(2030, 2, 1), is_online=True, place=""
    )
    assert set(events(client, call)) == {f"deadline-{call.uid}"}
    (only,) = events(client, call).values()
    assert str(only["LOCATION"]) == "Online"  # type: ignore[index]


def test_the_uid_stays_and_the_sequence_grows_when_the_dates_change(
    personas: Personas, geo: Geo, login_as: LoginAs
) -> None:
    by = personas.representative
    client = login_as(by)
    opportunity = make_opportunity(
        personas.programme, created_by=by, project=personas.project, territories=[geo.cuneo],
        starts_on=days(10),
    )  # fmt: skip
    first = events(client, opportunity)[opportunity.uid]
    assert first["SEQUENCE"] == 0  # type: ignore[index]

    values = initial_from(opportunity)
    values.update(
        project=personas.project, organisation=None, municipality=None, territories=[geo.cuneo],
    )  # fmt: skip
    for name in ("areas", "municipalities"):
        values.pop(name)
    services.update_opportunity(
        opportunity=opportunity,
        content=OpportunityContent(**{**values, "title": "Nuovo titolo"}),
        by=by,
    )
    renamed = events(client, opportunity)[opportunity.uid]
    assert renamed["SEQUENCE"] == 0  # type: ignore[index]
    assert str(renamed["SUMMARY"]) == "Nuovo titolo"  # type: ignore[index]

    moved = OpportunityContent(**{**values, "title": "Nuovo titolo", "starts_on": days(11)})
    services.update_opportunity(opportunity=opportunity, content=moved, by=by)
    after = events(client, opportunity)[opportunity.uid]
    assert after["SEQUENCE"] == 1  # type: ignore[index]
    assert after.decoded("DTSTART") == days(11)  # type: ignore[attr-defined]


def test_a_withdrawn_opportunity_is_cancelled_in_calendars(
    personas: Personas, login_as: LoginAs
) -> None:
    by = personas.representative
    opportunity = make_opportunity(personas.programme, created_by=by, deadline=days(3))
    services.withdraw_opportunity(opportunity=opportunity, by=by)
    found = events(login_as(by), opportunity)
    (event,) = found.values()
    assert str(event["STATUS"]) == "CANCELLED"  # type: ignore[index]
    assert event["SEQUENCE"] == 1  # type: ignore[index]


@pytest.mark.parametrize("name", ["anonymous", "outsider", "operator"])
def test_a_withdrawn_opportunitys_calendar_is_not_found_by_others(
    personas: Personas, login_as: LoginAs, name: str
) -> None:
    opportunity = make_opportunity(
        personas.programme, created_by=personas.representative,
        status=Opportunity.Status.WITHDRAWN,
    )  # fmt: skip
    client = login_as(personas.get(name))
    assert client.get(reverse("opportunities:ics", args=[opportunity.slug])).status_code == 404
