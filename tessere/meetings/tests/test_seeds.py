"""The meetings demo seed: the plan of Territori Inclusivi (2 days in person, 8 online
half-days), agendas, registrations, attendance, minutes and harvests, and the next meeting."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.db.models import Max, Model
from django.test import override_settings
from django.utils import timezone

from tessere.accounts.models import User
from tessere.core.models import AuditEntry
from tessere.meetings import seed_data
from tessere.meetings.methods import BUILTIN_BY_KEY
from tessere.meetings.models import AgendaItem, Harvest, Meeting, Registration
from tessere.meetings.permissions import registration_open
from tessere.meetings.queries import meeting_plan
from tessere.meetings.seed_data import ROME, meeting_day, rome
from tessere.meetings.seeds import seed
from tessere.meetings.services.harvest import clean_harvest_data, fields_of
from tessere.meetings.services.meetings import presence_of
from tessere.meetings.services.registration import register_participant
from tessere.registry.models import Programme, ProgrammeRole, ProjectRole
from tessere.registry.seeds import seed as seed_registry

pytestmark = pytest.mark.django_db

DEMO = "@demo.tessere.it"


@pytest.fixture(autouse=True)
def fast_demo_password() -> Iterator[None]:
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=hashers):
        yield


@pytest.fixture
def seeded() -> dict[str, Any]:
    seed_registry()
    return seed()


def programme() -> Programme:
    return Programme.objects.get(slug="territori-inclusivi")


def held() -> list[Meeting]:
    return list(
        Meeting.objects.filter(programme=programme(), status=Meeting.Status.HELD).order_by("start")
    )


def next_meeting() -> Meeting:
    meeting = (
        Meeting.objects.filter(programme=programme(), start__gt=timezone.now())
        .order_by("start")
        .first()
    )
    assert meeting is not None
    return meeting


def person(local: str) -> User:
    return User.objects.get(email=f"{local}{DEMO}")


def snapshot() -> dict[str, Any]:
    models: list[type[Model]] = [
        Meeting, AgendaItem, Harvest, Registration, AuditEntry,
        Meeting.themes.through, Meeting.facilitators.through,
    ]  # fmt: skip
    state: dict[str, Any] = {m._meta.label: m._default_manager.count() for m in models}
    for model in (Meeting, Registration):
        state[f"{model._meta.label}.updated_at"] = model._default_manager.aggregate(
            last=Max("updated_at")
        )["last"]
    state["harvests"] = list(Harvest.objects.order_by("pk").values_list("data", "version"))
    state["codes"] = list(Meeting.objects.order_by("pk").values_list("uid", "checkin_code"))
    return state


def test_the_plan_is_consistent() -> None:
    seed_data.check_plan()  # raises ValueError listing every contradiction


def test_two_days_in_person_in_torino_and_genova_and_eight_online_half_days(
    seeded: dict[str, Any],
) -> None:
    meetings = held()
    days = [m for m in meetings if m.length == Meeting.Length.DAY]
    halves = [m for m in meetings if m.length == Meeting.Length.HALF_DAY]

    assert len(meetings) == 10
    assert [m.format for m in days] == [Meeting.Format.IN_PERSON] * 2
    assert [m.municipality.name for m in days if m.municipality] == ["Torino", "Genova"]
    assert all(m.venue and m.address for m in days)
    assert len(halves) == 8 and {m.format for m in halves} == {Meeting.Format.ONLINE}
    assert all(m.online_url.startswith("https://") for m in halves)
    first, last = programme().start_date, programme().end_date
    assert all(first <= m.start.astimezone(ROME).date() <= last for m in meetings)
    # One day in person was called off and held later; it counts as cancelled, not held.
    cancelled = Meeting.objects.get(programme=programme(), status=Meeting.Status.CANCELLED)
    assert cancelled.length == Meeting.Length.DAY and cancelled.registrations.count() == 0


def test_the_programme_plan_meets_its_targets(seeded: dict[str, Any]) -> None:
    plan = meeting_plan(person("admin"), programme())

    in_person, online = plan["lines"]
    assert (in_person.target, in_person.held, in_person.cancelled) == (2, 2, 1)
    assert (online.target, online.held, online.missing) == (8, 8, 0)
    # The meetings after the programme are neither days in person nor online half-days.
    assert {m.status for m in plan["others"]} == {"confirmed", "planned"}


def test_held_meetings_have_timed_agendas_with_methods_minutes_and_facilitators(
    seeded: dict[str, Any],
) -> None:
    facilitators = set(
        ProgrammeRole.objects.filter(
            programme=programme(), role=ProgrammeRole.Role.FACILITATOR
        ).values_list("user_id", flat=True)
    )
    used = Counter[str]()
    for meeting in held():
        items = list(meeting.agenda.select_related("method"))
        assert 3 <= len(items) <= 6, meeting.slug
        for item in items:
            assert item.method is not None and item.method.is_builtin
            assert item.start and item.end
            assert meeting.start <= item.start < item.end <= meeting.end, item.title
            used[item.method.key] += 1
        assert [i.position for i in items] == list(range(1, len(items) + 1))
        # Markdown under the page's own "Minutes" heading: sub-headings only.
        lines = meeting.minutes.splitlines()
        assert len(meeting.minutes) > 200
        assert not any(line.startswith(("# ", "## ")) for line in lines)
        team = set(meeting.facilitators.values_list("pk", flat=True))
        assert team and team <= facilitators
        assert meeting.themes.exists()
    assert set(used) == set(BUILTIN_BY_KEY)  # every method of the library is used
    talks = AgendaItem.objects.filter(method__key="inspirational-talk", meeting__in=held())
    assert all(talk.speakers for talk in talks)


def test_25_to_35_representatives_per_meeting_at_most_three_per_project(
    seeded: dict[str, Any],
) -> None:
    representatives = set(
        ProjectRole.objects.filter(role=ProjectRole.Role.REPRESENTATIVE).values_list(
            "user_id", "project_id", "organisation_id"
        )
    )
    for meeting in held():
        active = list(meeting.registrations.active())
        assert 25 <= len(active) <= 35, meeting.slug
        per_project = Counter(r.project_id for r in active)
        assert max(per_project.values()) <= 3
        assert all((r.user_id, r.project_id, r.organisation_id) in representatives for r in active)
        came = [r for r in active if r.attended]
        assert len(came) >= 0.75 * len(active)
        assert all(r.attended_at and r.attendance_source for r in came)
        assert all(r.created_at < meeting.start for r in meeting.registrations.all())
    cancelled = Registration.objects.filter(status=Registration.Status.CANCELLED)
    assert cancelled.exists() and all(r.cancelled_at for r in cancelled)


def test_the_demo_representatives_came_and_can_get_certificates(seeded: dict[str, Any]) -> None:
    for local in ("rappresentante", "rappresentante.altro"):
        attended = Registration.objects.filter(
            user=person(local), attended=True, meeting__status=Meeting.Status.HELD
        )
        assert attended.count() >= 8, local


def test_held_meetings_are_closed_as_close_meeting_would_have(seeded: dict[str, Any]) -> None:
    for meeting in held():
        assert meeting.closed_at and meeting.closed_at > meeting.end
        assert meeting.closed_by is not None
        # The snapshot the closing service takes, from the same registrations.
        assert presence_of(meeting) == (meeting.attendee_count, meeting.presence)
        assert len(meeting.presence["projects"]) >= 10


def test_harvests_hold_exactly_the_fields_of_their_methods(seeded: dict[str, Any]) -> None:
    harvests = list(Harvest.objects.select_related("agenda_item__method", "agenda_item__meeting"))
    assert 20 <= len(harvests) <= 40
    for harvest in harvests:
        item = harvest.agenda_item
        # What the harvest form would save from the same values: nothing lost, nothing extra.
        assert clean_harvest_data(fields_of(item), harvest.data) == harvest.data, item.title
        assert item.meeting.status == Meeting.Status.HELD
        assert harvest.updated_by is not None
    methods = {h.agenda_item.method.key for h in harvests if h.agenda_item.method}
    assert {"world-cafe", "open-space", "peer-assist", "most-significant-change"} <= methods


def test_the_next_meeting_has_one_place_left_for_the_demo_representative(
    seeded: dict[str, Any],
) -> None:
    meeting = next_meeting()
    representative = person("rappresentante")

    assert meeting.status == Meeting.Status.CONFIRMED and registration_open(meeting)
    assert meeting.start - timezone.now() >= dt.timedelta(days=9)
    assert meeting.capacity == 12 and meeting.online_url
    assert meeting.registrations.confirmed().count() == 11
    assert not meeting.registrations.filter(user=representative).exists()

    # The flow the demo is for: the last place, then the waiting list.
    taken = register_participant(meeting=meeting, person=representative, by=representative)
    third = person("aicha.traore")  # Ubuntu's third representative
    waiting = register_participant(meeting=meeting, person=third, by=third)

    assert not taken.waitlisted and taken.warnings == []
    assert waiting.waitlisted


def test_registrations_are_history_written_without_emails(seeded: dict[str, Any]) -> None:
    assert mail.outbox == []
    assert not AuditEntry.objects.filter(action__startswith="meetings.").exists()


def test_no_time_falls_in_a_daylight_saving_change(seeded: dict[str, Any]) -> None:
    moments = [t for m in Meeting.objects.all() for t in (m.start, m.end)]
    moments += [t for i in AgendaItem.objects.all() for t in (i.start, i.end) if t]
    moments += list(Registration.objects.values_list("created_at", flat=True))
    for moment in moments:
        wall = moment.astimezone(ROME).replace(tzinfo=None)
        assert wall.replace(tzinfo=ROME, fold=0) == wall.replace(tzinfo=ROME, fold=1) == moment


def test_rome_refuses_the_skipped_and_the_repeated_hour() -> None:
    with pytest.raises(ValueError, match="DST"):
        rome(dt.date(2022, 3, 27), "02:30")
    with pytest.raises(ValueError, match="DST"):
        rome(dt.date(2022, 10, 30), "02:30")
    assert rome(dt.date(2022, 3, 27), "03:00").utcoffset() == dt.timedelta(hours=2)


@pytest.mark.parametrize(
    "today", [dt.date(2027, 3, 18), dt.date(2027, 10, 21), dt.date(2026, 12, 24)]
)
def test_meetings_after_the_programme_fall_on_a_working_day_from_today(today: dt.date) -> None:
    for spec in seed_data.FUTURE:
        day = meeting_day(spec, today)
        assert day.weekday() in (1, 2, 3)
        assert dt.timedelta(days=spec.in_days) <= day - today <= dt.timedelta(days=spec.in_days + 6)


def test_seeding_on_the_eve_of_a_clock_change_still_gives_real_times() -> None:
    seed_registry()
    eve = dt.datetime(2027, 3, 18, 12, 0, tzinfo=ROME)  # ten days later is the change, a Sunday

    seed(now=eve)

    meeting = Meeting.objects.get(slug=seed_data.FUTURE[0].slug)
    local = meeting.start.astimezone(ROME)
    assert (local.date(), local.strftime("%H:%M")) == (dt.date(2027, 3, 30), "14:30")
    assert local.utcoffset() == dt.timedelta(hours=2)


def test_seeding_twice_creates_nothing_and_changes_nothing() -> None:
    now = timezone.now()  # the same "today" for both runs, even across midnight
    seed_registry()
    seed(now=now)
    before = snapshot()

    again = seed(now=now)

    assert snapshot() == before
    assert again["created"] == {} and again["updated"] == {} and again["warnings"] == []


def test_seeding_again_repairs_an_edited_meeting_and_keeps_its_calendar_uid(
    seeded: dict[str, Any],
) -> None:
    meeting = held()[0]
    Meeting.objects.filter(pk=meeting.pk).update(title="Cambiato", status="cancelled")

    again = seed()

    meeting.refresh_from_db()
    assert again["updated"] == {"meeting": 1}
    assert meeting.title == seed_data.HELD[0].title and meeting.status == "held"
    assert meeting.uid == Meeting.objects.get(pk=meeting.pk).uid


def test_a_person_who_registered_again_is_not_registered_twice(seeded: dict[str, Any]) -> None:
    meeting = next_meeting()
    registration = meeting.registrations.first()
    assert registration is not None
    Registration.objects.filter(pk=registration.pk).update(status="cancelled")
    Registration.objects.create(
        meeting=meeting, user=registration.user, project=registration.project, status="waitlisted"
    )

    seed()

    active = meeting.registrations.active().filter(user=registration.user)
    assert [r.status for r in active] == ["confirmed"]


def test_scale_copies_the_meetings_into_each_programme() -> None:
    seed_registry(scale=2)

    result = seed(scale=2)

    copy = Programme.objects.get(slug="territori-inclusivi-x2")
    meetings = Meeting.objects.filter(programme=copy)
    assert result["meetings"] == 2 * meetings.count() == 2 * len(seed_data.ALL_MEETINGS)
    assert meetings.filter(slug=f"{seed_data.HELD[0].slug}-x2").exists()
    people = Registration.objects.filter(meeting__programme=copy).values_list(
        "user__email", flat=True
    )
    assert people and all(".x2@" in email for email in people)
    assert seed(scale=2)["created"] == {}


def test_without_the_registry_seed_nothing_is_written_and_it_says_why() -> None:
    result = seed()

    assert result["meetings"] == 0 and Meeting.objects.count() == 0
    assert "seed the registry first" in result["warnings"][0]
