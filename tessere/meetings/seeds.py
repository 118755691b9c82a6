"""Demo data: the meeting plan of Territori Inclusivi, with agendas, registrations, attendance,
minutes, closing snapshots and harvests; and the next meetings, dated from today.

`seed()` is idempotent like the registry's: every row has a natural key (a meeting's slug, an
item's position, a registration's meeting and person), rows are matched in bulk, and a second
run creates and changes nothing. Registrations are written directly, not through
`register_participant`: this is history, and the service would email 300 people. Who came to
what is drawn from a random generator seeded with the meeting's slug, so every run, and every
copy of the programme (`scale` > 1), draws the same. The plan itself is in `seed_data.py`.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from tessere.accounts.models import User
from tessere.core.seeding import BulkWriter
from tessere.registry.models import (
    Line,
    Organisation,
    Programme,
    ProgrammeRole,
    Project,
    ProjectRole,
    Territory,
    Theme,
)
from tessere.registry.seed_data import PROGRAMME_SLUG

from .library import sync_builtin_methods
from .models import AgendaItem, Harvest, Meeting, Method, Registration, new_checkin_code
from .seed_data import ALL_MEETINGS, ONLINE, ROME, MeetingSpec, check_plan, meeting_day, rome

UID_NAMESPACE = uuid.UUID("5b0f4a4e-6c61-4f0e-9a53-746573736572")  # fixed: UIDs survive reseeding


def programme_slug(copy: int) -> str:
    return PROGRAMME_SLUG if copy == 1 else f"{PROGRAMME_SLUG}-x{copy}"


def copy_slug(slug: str, copy: int) -> str:
    return slug if copy == 1 else f"{slug}-x{copy}"


@dataclass(frozen=True)
class Seat:
    """A representative of a project in the programme, as the seed sees them."""

    user: User
    project: Project
    organisation: Organisation | None


@dataclass(frozen=True)
class Planned:
    seat: Seat
    status: str
    registered_by: User
    created_at: dt.datetime
    attended: bool = False
    attended_at: dt.datetime | None = None
    source: str = ""
    cancelled_at: dt.datetime | None = None


# The demo logins (the first representatives of Ubuntu and InCopi) came to every meeting their
# project was running for, so their pages show history, certificates and harvests.
ALWAYS_THERE = ("Ubuntu", "InCopi")


def plan_past(
    spec: MeetingSpec,
    start: dt.datetime,
    seats: dict[str, list[Seat]],
    coordinators: dict[int, User],
    limit: int,
) -> list[Planned]:
    """25 to 35 representatives, at most `limit` per project; most came, a few cancelled."""
    rng = random.Random(spec.slug)
    running = {a: s for a, s in seats.items() if s and _started(s[0].project, start.date())}
    for _attempt in range(200):  # a handful of draws at most: the mean is about 29
        counts = {
            a: rng.choices(range(limit + 1), weights=[1, 4, 8, 12][: limit + 1])[0]
            for a in sorted(running)
        }
        if 25 <= sum(min(n, len(running[a])) for a, n in counts.items()) <= 35:
            break
    planned: list[Planned] = []
    for acronym in sorted(running):
        people = running[acronym]
        count = min(counts[acronym], len(people))
        if acronym in ALWAYS_THERE:
            count = max(count, 1)
        first = people[:1] if acronym in ALWAYS_THERE else []
        chosen = first + rng.sample(people[len(first) :], count - len(first))
        for seat in people:
            registered = _stamp(start, rng)
            by = coordinators.get(seat.project.pk, seat.user) if rng.random() < 0.2 else seat.user
            if seat in chosen:
                came = seat in first or rng.random() < 0.9
                ticked = spec.format != "online" or rng.random() < 0.5
                planned.append(
                    Planned(
                        seat,
                        Registration.Status.CONFIRMED,
                        by,
                        registered,
                        attended=came,
                        attended_at=start + dt.timedelta(minutes=rng.randint(-10, 25)),
                        source=Registration.Source.TICKED if ticked else Registration.Source.CODE,
                    )
                    if came
                    else Planned(seat, Registration.Status.CONFIRMED, by, registered)
                )
            elif rng.random() < 0.15:  # registered, then could not come
                cancelled = start - dt.timedelta(days=rng.randint(1, 3), hours=rng.randint(1, 9))
                planned.append(
                    Planned(
                        seat,
                        Registration.Status.CANCELLED,
                        by,
                        registered,
                        cancelled_at=max(cancelled, registered + dt.timedelta(hours=1)),
                    )
                )
    return planned


def plan_future(spec: MeetingSpec, seats: dict[str, list[Seat]], now: dt.datetime) -> list[Planned]:
    rng = random.Random(spec.slug)
    planned = []
    for acronym, index in spec.registered:
        if len(seats.get(acronym, [])) > index:
            seat = seats[acronym][index]
            when = now - dt.timedelta(days=rng.randint(1, 6), minutes=rng.randint(0, 600))
            planned.append(Planned(seat, Registration.Status.CONFIRMED, seat.user, when))
    return planned


def _started(project: Project, day: dt.date) -> bool:
    return project.start_date is None or project.start_date <= day


def _stamp(start: dt.datetime, rng: random.Random) -> dt.datetime:
    """When a person registered: 4 to 25 days before, in office hours (never in a DST gap)."""
    day = start.astimezone(ROME).date() - dt.timedelta(days=rng.randint(4, 25))
    return rome(day, f"{rng.randint(8, 18):02d}:{rng.choice([0, 10, 25, 40, 55]):02d}")


def presence(planned: Iterable[Planned]) -> dict[str, list[str]]:
    """The closing snapshot: projects and organisations of the people who attended."""
    came = [p.seat for p in planned if p.attended]
    return {
        "projects": sorted({seat.project.acronym for seat in came}),
        "organisations": sorted({seat.organisation.name for seat in came if seat.organisation}),
    }


# --- The programme's meetings --------------------------------------------------------------------
class _Seeder:
    def __init__(self, writer: BulkWriter, now: dt.datetime) -> None:
        self.writer = writer
        self.now = now
        self.today = timezone.localdate(now, ROME)
        self.methods = {m.key: m for m in Method.objects.filter(is_builtin=True)}
        self.themes = {t.name: t for t in Theme.objects.all()}
        places = {spec.place[2] for spec in ALL_MEETINGS if spec.place}
        self.towns = {
            (t.name, t.car_code): t
            for t in Territory.objects.filter(
                kind=Territory.Kind.MUNICIPALITY, name__in=[name for name, _car in places]
            )
        }
        self.warnings: list[str] = []

    def run(self, programme: Programme, copy: int) -> list[Meeting]:
        seats: dict[str, list[Seat]] = defaultdict(list)
        coordinators: dict[int, User] = {}
        roles = (
            ProjectRole.objects.filter(project__programme=programme)
            .select_related("user", "project", "organisation")
            .order_by("pk")
        )
        for role in roles:
            if role.role == ProjectRole.Role.REPRESENTATIVE:
                seats[role.project.acronym].append(Seat(role.user, role.project, role.organisation))
            elif role.role == ProjectRole.Role.COORDINATOR:
                coordinators.setdefault(role.project_id, role.user)
        facilitators = [
            r.user
            for r in ProgrammeRole.objects.filter(
                programme=programme, role=ProgrammeRole.Role.FACILITATOR
            )
            .select_related("user")
            .order_by("pk")
        ]
        if not facilitators or not seats:
            self.warnings.append(f"{programme}: no facilitators or representatives, no meetings")
            return []
        line = Line.objects.filter(programme=programme, code="comunita").first()
        limit = min(programme.representation_limit, 3)

        plans: dict[str, list[Planned]] = {}
        rows: list[dict[str, Any]] = []
        teams: list[list[User]] = []
        for spec in ALL_MEETINGS:
            slug = copy_slug(spec.slug, copy)
            day = meeting_day(spec, self.today)
            start, end = rome(day, spec.start), rome(day, spec.end)
            if spec.held:
                plans[slug] = plan_past(spec, start, seats, coordinators, limit)
            elif spec.status != "cancelled":
                plans[slug] = plan_future(spec, seats, self.now)
            team = [facilitators[i % len(facilitators)] for i in spec.facilitators]
            venue, address, town = spec.place or ("", "", None)
            municipality = self.towns.get(town) if town else None
            came = [p for p in plans.get(slug, []) if p.attended]
            rows.append(
                {
                    "programme_id": programme.pk,
                    "line_id": line.pk if line else None,
                    "slug": slug,
                    "title": spec.title,
                    "description": spec.description,
                    "format": spec.format,
                    "length": spec.length,
                    "status": spec.status,
                    "start": start,
                    "end": end,
                    "venue": venue,
                    "address": address,
                    "municipality_id": municipality.pk if municipality else None,
                    "online_url": f"{ONLINE}/{spec.slug}" if spec.online else "",
                    "capacity": spec.capacity,
                    "is_public": True,
                    "minutes": spec.minutes,
                    "closed_at": rome(day + dt.timedelta(days=1), "10:00") if spec.held else None,
                    "closed_by_id": team[0].pk if spec.held else None,
                    "attendee_count": len(came) if spec.held else None,
                    "presence": presence(came) if spec.held else {},
                    "uid": f"{uuid.uuid5(UID_NAMESPACE, slug)}@tessere",
                    "checkin_code": new_checkin_code(),
                }
            )
            teams.append(team)
        index = self.writer.sync(
            Meeting,
            rows,
            ("slug",),
            Meeting.objects.filter(slug__in=[row["slug"] for row in rows]),
            create_only=("uid", "checkin_code"),
        )
        meetings = [index[(row["slug"],)] for row in rows]
        self.writer.sync_m2m(
            Meeting.themes.through,
            "meeting_id",
            "theme_id",
            {
                m.pk: {self.themes[name].pk for name in spec.themes if name in self.themes}
                for m, spec in zip(meetings, ALL_MEETINGS, strict=True)
            },
        )
        self.writer.sync_m2m(
            Meeting.facilitators.through,
            "meeting_id",
            "user_id",
            {m.pk: {u.pk for u in team} for m, team in zip(meetings, teams, strict=True)},
        )
        self.agenda(meetings, ALL_MEETINGS)
        self.registrations(meetings, plans)
        return meetings

    def agenda(self, meetings: list[Meeting], specs: Sequence[MeetingSpec]) -> None:
        rows, harvests = [], []
        for meeting, spec in zip(meetings, specs, strict=True):
            day = meeting.start.astimezone(ROME).date()
            for position, item in enumerate(spec.agenda, start=1):
                rows.append(
                    {
                        "meeting_id": meeting.pk,
                        "position": position,
                        "start": rome(day, item.start),
                        "end": rome(day, item.end),
                        "title": item.title,
                        "method_id": self.methods[item.method].pk,
                        "question": item.question,
                        "description": item.description,
                        "speakers": item.speakers,
                    }
                )
                if item.harvest is not None and spec.held:
                    harvests.append((meeting, position, item.harvest))
        index = self.writer.sync(
            AgendaItem,
            rows,
            ("meeting_id", "position"),
            AgendaItem.objects.filter(meeting__in=meetings),
        )
        harvest_rows = [
            {
                "agenda_item_id": index[(meeting.pk, position)].pk,
                "data": data,
                "version": 1,
                "updated_by_id": meeting.closed_by_id,
            }
            for meeting, position, data in harvests
        ]
        self.writer.sync(
            Harvest,
            harvest_rows,
            ("agenda_item_id",),
            Harvest.objects.filter(agenda_item__meeting__in=meetings),
            create_only=("version",),
        )

    def registrations(self, meetings: list[Meeting], plans: dict[str, list[Planned]]) -> None:
        rows = [
            {
                "meeting_id": meeting.pk,
                "user_id": p.seat.user.pk,
                "project_id": p.seat.project.pk,
                "organisation_id": p.seat.organisation.pk if p.seat.organisation else None,
                "status": p.status,
                "registered_by_id": p.registered_by.pk,
                "cancelled_at": p.cancelled_at,
                "attended": p.attended,
                "attended_at": p.attended_at,
                "attendance_source": p.source,
                "created_at": p.created_at,
            }
            for meeting in meetings
            for p in plans.get(meeting.slug, [])
        ]
        # A person may have cancelled and registered again: the active registration is the
        # one to match, so it comes last and wins the key.
        existing = sorted(
            Registration.objects.filter(meeting__in=meetings),
            key=lambda r: r.status != Registration.Status.CANCELLED,
        )
        self.writer.sync(
            Registration,
            rows,
            ("meeting_id", "user_id"),
            existing,
            create_only=("created_at", "registered_by_id"),
        )


def seed(
    *, scale: int = 1, stdout: TextIO | None = None, now: dt.datetime | None = None
) -> dict[str, Any]:
    """Write the meetings of the demo programme (and of its copies, for `scale` > 1).

    Needs the registry seed; `now` moves "today" for the meetings dated from it (tests)."""
    if scale < 1:
        raise ValueError("scale must be 1 or more")
    check_plan()
    sync_builtin_methods()
    writer = BulkWriter()
    meetings: list[Meeting] = []
    with transaction.atomic():
        seeder = _Seeder(writer, now or timezone.now())
        for copy in range(1, scale + 1):
            programme = Programme.objects.filter(slug=programme_slug(copy)).first()
            if programme is None:
                seeder.warnings.append(
                    f"programme {programme_slug(copy)} not found: seed the registry first"
                )
                continue
            meetings += seeder.run(programme, copy)
    ids = [m.pk for m in meetings]
    return {
        "meetings": len(meetings),
        "agenda items": AgendaItem.objects.filter(meeting_id__in=ids).count(),
        "registrations": Registration.objects.filter(meeting_id__in=ids).count(),
        "harvests": Harvest.objects.filter(agenda_item__meeting_id__in=ids).count(),
        "created": dict(writer.created),
        "updated": dict(writer.updated),
        "warnings": seeder.warnings,
    }
