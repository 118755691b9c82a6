"""The opportunities in a person's calendar and in their digest: what they may see, nothing
else; the "new opportunity near you" kind re-checks visibility before an email."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from conftest import PERSONA_NAMES, Personas
from tessere.core.calendar import CalendarEntry, calendar_sources
from tessere.notifications.models import Notification
from tessere.notifications.registry import Delivery, digest_sections, kinds
from tessere.opportunities import services
from tessere.opportunities.models import Opportunity
from tessere.opportunities.notifications import nearby_section
from tessere.registry.tests import factories as f

from .conftest import Geo
from .factories import days, make_opportunity

ROME = ZoneInfo("Europe/Rome")


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=ROME)


def entries(user: object, first: dt.date, stop: dt.date) -> list[CalendarEntry]:
    return calendar_sources.entries_for(
        user, midnight(first), midnight(stop), kinds=["opportunities"]
    )


# --- Calendar ---------------------------------------------------------------------------------
def test_the_source_is_registered() -> None:
    info = {source.key: source for source in calendar_sources.sources()}["opportunities"]
    assert info.order == 30
    with translation.override("en"):
        assert str(info.label) == "Opportunities"


def test_a_course_and_its_deadline_are_all_day_entries(personas: Personas, geo: Geo) -> None:
    opportunity = make_opportunity(
        personas.programme, title="Corso", starts_on=dt.date(2030, 5, 3),
        ends_on=dt.date(2030, 5, 4), deadline=dt.date(2030, 4, 20), municipality=geo.saluzzo,
        ical_sequence=2,
    )  # fmt: skip
    found = entries(personas.representative, dt.date(2030, 4, 1), dt.date(2030, 6, 1))
    by_uid = {entry.uid: entry for entry in found}
    span, deadline = by_uid[opportunity.uid], by_uid[f"deadline-{opportunity.uid}"]
    assert (span.start, span.end, span.all_day) == (dt.date(2030, 5, 3), dt.date(2030, 5, 5), True)
    assert span.url == opportunity.get_absolute_url()
    assert span.sequence == 2
    assert "Saluzzo" in span.location
    assert (deadline.start, deadline.end) == (dt.date(2030, 4, 20), dt.date(2030, 4, 21))
    with translation.override("en"):
        found = entries(personas.representative, dt.date(2030, 4, 20), dt.date(2030, 4, 21))
    (only,) = found
    assert only.badge == "deadline"


def test_entries_touch_the_range_and_nothing_outside(personas: Personas) -> None:
    p = personas.programme
    make_opportunity(p, title="Prima", starts_on=dt.date(2030, 3, 1), ends_on=dt.date(2030, 3, 31))
    make_opportunity(p, title="Dentro", starts_on=dt.date(2030, 4, 10))
    make_opportunity(p, title="Scadenza dentro", deadline=dt.date(2030, 4, 30))
    make_opportunity(p, title="Dopo", starts_on=dt.date(2030, 5, 1), deadline=dt.date(2030, 3, 31))
    found = entries(personas.representative, dt.date(2030, 4, 1), dt.date(2030, 5, 1))
    assert sorted(e.title for e in found) == ["Dentro", "Scadenza dentro"]
    # A range ending at 10:00 still touches that day.
    found = calendar_sources.entries_for(
        personas.representative,
        midnight(dt.date(2030, 4, 30)),
        midnight(dt.date(2030, 5, 1)).replace(hour=10),
        kinds=["opportunities"],
    )
    assert sorted(e.title for e in found) == ["Dopo", "Scadenza dentro"]


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_the_calendar_shows_what_the_person_may_see_and_nothing_else(
    personas: Personas, name: str
) -> None:
    p = personas.programme
    other = f.make_programme(title="Altro")
    day = dt.date(2030, 6, 10)
    make_opportunity(p, title="Pubblica", starts_on=day)
    make_opportunity(p, title="Solo membri", starts_on=day, is_public=False)
    make_opportunity(
        p, title="Ritirata", starts_on=day, created_by=personas.representative,
        status=Opportunity.Status.WITHDRAWN,
    )  # fmt: skip
    make_opportunity(other, title="Altrove riservata", starts_on=day, is_public=False)
    seen = {e.title for e in entries(personas.get(name), day, day + dt.timedelta(days=1))}
    expected = {"Pubblica"}
    if name not in {"anonymous", "outsider"}:
        expected.add("Solo membri")
    if name == "superuser":
        expected.add("Altrove riservata")
    assert seen == expected


def test_the_calendar_source_runs_a_fixed_number_of_queries(personas: Personas, geo: Geo) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            entries(personas.representative, days(0), days(60))
        return len(ctx.captured_queries)

    make_opportunity(personas.programme, starts_on=days(3), project=personas.project)
    count()  # the person's programmes are then cached for the request
    small = count()
    for i in range(10):
        make_opportunity(
            personas.programme, starts_on=days(i), deadline=days(i + 1), project=personas.project,
            organisation=f.project_organisations(personas.project)[0], municipality=geo.alba,
        )  # fmt: skip
    assert count() == small <= 1


# --- Digest -----------------------------------------------------------------------------------
@pytest.fixture
def nearby(personas: Personas, geo: Geo) -> None:
    p = personas.programme
    make_opportunity(p, title="Cuneo presto", territories=[geo.cuneo], deadline=days(10))
    make_opportunity(p, title="Saluzzo al via", municipality=geo.saluzzo, starts_on=days(3))
    make_opportunity(p, title="Cuneo troppo in là", territories=[geo.cuneo], deadline=days(30))
    make_opportunity(p, title="Genova presto", territories=[geo.genova], deadline=days(5))
    make_opportunity(
        p, title="Piemonte", territories=[geo.piemonte], scope="regional", deadline=days(7)
    )
    make_opportunity(p, title="Torino", territories=[geo.torino], deadline=days(9), kind="job")
    make_opportunity(
        p, title="Cuneo riservata", territories=[geo.cuneo], deadline=days(6), is_public=False
    )
    make_opportunity(
        p, title="Cuneo ritirata", territories=[geo.cuneo], deadline=days(4),
        status=Opportunity.Status.WITHDRAWN, created_by=personas.representative,
    )  # fmt: skip
    make_opportunity(p, title="Cuneo scaduta", territories=[geo.cuneo], deadline=days(-1))
    other = f.make_programme(title="Altro")
    make_opportunity(
        other, title="Altrove a Cuneo", territories=[geo.cuneo], deadline=days(5), is_public=False
    )


DIGEST = {
    "representative": ["Saluzzo al via", "Cuneo riservata", "Piemonte", "Cuneo presto"],
    "operator": ["Saluzzo al via", "Cuneo riservata", "Piemonte", "Cuneo presto"],
    "other_representative": ["Genova presto"],
    "facilitator": ["Piemonte", "Torino"],
    "monitor": ["Piemonte", "Torino"],
    "outsider": None,
}


@pytest.mark.parametrize(("name", "expected"), DIGEST.items())
def test_the_digest_section_per_persona(
    personas: Personas, nearby: None, name: str, expected: list[str] | None
) -> None:
    now = timezone.now()
    with translation.override("en"):
        section = nearby_section(personas.get(name), now - dt.timedelta(days=7), now)  # type: ignore[arg-type]
    if expected is None:
        assert section is None
        return
    assert section is not None
    assert [item.title for item in section.items] == expected
    assert section.key == "opportunities.nearby"
    assert section.more_url == "/opportunita/?near=1"
    assert section.title == "Opportunities near you"


def test_a_digest_item_says_kind_place_and_deadline(personas: Personas, geo: Geo) -> None:
    make_opportunity(
        personas.programme, title="Corso", territories=[geo.cuneo], municipality=geo.saluzzo,
        deadline=days(10),
    )  # fmt: skip
    now = timezone.now()
    with translation.override("en"):
        section = nearby_section(personas.representative, now - dt.timedelta(days=7), now)
    assert section is not None
    (item,) = section.items
    closes = days(10).strftime("%d/%m/%Y")
    assert item.meta == f"Training course · Saluzzo · closes on {closes}"
    assert item.url.startswith("/opportunita/")
    assert item.text == "New on the board"


def test_the_digest_shows_ten_at_most_and_runs_few_queries(personas: Personas, geo: Geo) -> None:
    for i in range(14):
        make_opportunity(personas.programme, territories=[geo.cuneo], starts_on=days(i % 20 + 1))
    now = timezone.now()
    with CaptureQueriesContext(connection) as ctx:
        section = nearby_section(personas.representative, now, now)
    assert section is not None and len(section.items) == 10
    # Where the person works, their programmes (2), the opportunities, their territories.
    assert len(ctx.captured_queries) <= 5


def test_the_section_is_registered() -> None:
    assert "opportunities.nearby" in list(digest_sections.keys())


# --- The notification kind ----------------------------------------------------------------------
def test_the_kind_is_registered_for_the_digest() -> None:
    kind = kinds["opportunities.new_nearby"]
    assert kind.default == Delivery.DIGEST
    with translation.override("en"):
        assert str(kind.label) == "New opportunity near you"
        assert kind.format({"title": "Corso"}) == "New opportunity near you: Corso"
        assert str(kind.group) == "Opportunities"


def test_still_visible_is_rechecked(personas: Personas, geo: Geo) -> None:
    from tessere.opportunities.tests.test_forms import content

    opportunity = services.create_opportunity(
        programme=personas.programme,
        content=content(personas, geo, is_public=False),
        by=personas.representative,
    )
    notification = Notification.objects.get(recipient=personas.operator)
    kind = kinds["opportunities.new_nearby"]
    assert kind.still_visible is not None
    assert kind.still_visible(personas.operator, notification)
    assert not kind.still_visible(personas.outsider, notification)
    services.withdraw_opportunity(opportunity=opportunity, by=personas.representative)
    assert not kind.still_visible(personas.operator, notification)
