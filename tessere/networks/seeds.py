"""Demo data: the territorial network of Territori Inclusivi.

For the demo programme (and each of its copies when `scale` > 1):
- the observed ties, derived from the registry, the meetings and the lessons learned (seeded
  before this one);
- three closed survey waves, T0 "Autunno 2021", T1 "Primavera 2022" and T2 "Autunno 2022",
  answered by about 70%, 80% and 90% of the organisations with a coordinator (the same
  organisations keep answering, one more leaves a draft each time). T0 declares mostly ties
  inside each partnership; T1 adds ties to other projects of the same province; T2 more
  across projects and provinces, some ties grow stronger and a few end: the network densifies
  across projects, as the programme aimed at (ties across projects 7 → 27 → 65, organisations
  tied to another project 22% → 33% → 54%). Five projects end before T2 and their formal
  partnerships with them (observed ties end with their project): the lead partners of those
  projects declare in T2 the partners they still work with, so the partnerships stay
  connected, but the total number of ties falls in T2. Each wave is opened, answered and closed through
  the services, so closing stores its measures;
- a handful of ties recorded by the mentor, with notes.

What is drawn at random comes from generators seeded with the organisation's position in the
programme, so every run and every copy draws the same. Idempotent: observed ties are derived
again (nothing changes), a wave that exists is left as it is (a closed wave is read-only), and
recorded ties are matched on their organisations and kind.

`seed_network_scale(programme, organisations=10_000)` builds a large synthetic network in one
programme for the measures' benchmark (see its docstring).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from tessere.accounts.models import User
from tessere.core.seeding import BulkWriter
from tessere.meetings.seeds import programme_slug
from tessere.registry.models import (
    Organisation,
    Partnership,
    Programme,
    ProgrammeRole,
    Project,
    ProjectRole,
    Territory,
)
from tessere.registry.seed_data import PROJECTS

from .models import DIRECTED_KINDS, Response, Tie, TieSource, Wave
from .observed import derive_observed_ties
from .seed_data import ACROSS_KINDS, DECLARED_NOTES, RECORDED, WAVES, WITHIN_KINDS, WaveSpec
from .services import WaveContent, close_wave, create_wave, open_wave, save_response

ROME = ZoneInfo("Europe/Rome")
ORDER = {spec.acronym: index for index, spec in enumerate(PROJECTS)}


def _rome(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=ROME)


def _weighted(rng: random.Random, choices: Sequence[tuple[str, int]]) -> str:
    return str(rng.choices([c for c, _w in choices], weights=[w for _c, w in choices])[0])


# --- The programme as the seed sees it ---------------------------------------------------------
@dataclass
class World:
    programme: Programme
    projects: list[Project]
    partners: dict[int, list[int]]  # project → organisations, lead first
    province: dict[int, int | None]  # organisation → province
    coordinators: dict[int, int]  # organisation → one coordinator (user id)
    users: dict[int, User] = field(default_factory=dict)

    @property
    def expected(self) -> list[int]:
        """Organisations with a coordinator, in the order of their projects."""
        order: list[int] = []
        for project in self.projects:
            for organisation_id in self.partners.get(project.pk, []):
                if organisation_id in self.coordinators and organisation_id not in order:
                    order.append(organisation_id)
        return order

    def projects_of(self, organisation_id: int) -> list[Project]:
        return [p for p in self.projects if organisation_id in self.partners.get(p.pk, [])]


def load_world(programme: Programme) -> World:
    projects = sorted(
        Project.objects.filter(programme=programme),
        key=lambda p: (ORDER.get(p.acronym, len(ORDER)), p.acronym, p.pk),
    )
    partners: dict[int, list[int]] = defaultdict(list)
    province: dict[int, int | None] = {}
    for project_id, organisation_id, role, parent in (
        Partnership.objects.filter(project__programme=programme)
        .order_by("project_id", "role", "organisation__name", "pk")
        .values_list(
            "project_id", "organisation_id", "role", "organisation__municipality__parent_id"
        )
    ):
        if role == Partnership.Role.LEAD:
            partners[project_id].insert(0, organisation_id)
        else:
            partners[project_id].append(organisation_id)
        province[organisation_id] = parent
    coordinators: dict[int, int] = {}
    for organisation_id, user_id in (
        ProjectRole.objects.filter(
            project__programme=programme, role=ProjectRole.Role.COORDINATOR, user__is_active=True
        )
        .order_by("pk")
        .values_list("organisation_id", "user_id")
    ):
        coordinators.setdefault(organisation_id, user_id)
    users = User.objects.in_bulk(list(coordinators.values()))
    return World(programme, projects, dict(partners), province, coordinators, users)


# --- What each organisation declares -----------------------------------------------------------
@dataclass
class Planned:
    """A tie an organisation will declare from wave `first` (0, 1, 2) until before `last`."""

    target: int
    kind: str
    strength: int
    first: int
    started_on: dt.date | None
    projects: tuple[int, ...]
    last: int = len(WAVES)  # the wave in which it is no longer declared
    grows_at: int | None = None  # from this wave it is one step stronger
    note: str = ""

    def row(self, wave: int) -> dict[str, Any]:
        strength = self.strength + (1 if self.grows_at is not None and wave >= self.grows_at else 0)
        return {
            "target_org_id": self.target,
            "kind": self.kind,
            "strength": min(strength, 3),
            "started_on": self.started_on,
            "projects": list(self.projects),
            "note": self.note,
            "direction": "out",
        }


def _day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    days = max((end - start).days, 0)
    return start + dt.timedelta(days=rng.randint(0, days))


def plan_ties(world: World, organisation_id: int, position: int) -> list[Planned]:
    """The ties one organisation declares over the three waves (deterministic)."""
    rng = random.Random(f"networks:{position}")
    own = world.projects_of(organisation_id)
    if not own:
        return []
    home = own[0]
    own_ids = {p.pk for p in own}
    home_province = world.province.get(organisation_id)
    planned: list[Planned] = []
    taken: set[int] = {organisation_id}

    # Inside the partnership: 3 to 5 partners from the start, some grow stronger, a few end.
    mates = [o for o in world.partners.get(home.pk, []) if o not in taken]
    for target in rng.sample(mates, min(len(mates), rng.randint(3, 5))):
        taken.add(target)
        tie = Planned(
            target=target,
            kind=_weighted(rng, WITHIN_KINDS),
            strength=rng.choice((1, 2, 2, 3)),
            first=0,
            started_on=home.start_date,
            projects=(home.pk,),
        )
        if tie.strength < 3 and rng.random() < 0.35:
            tie.grows_at = rng.choice((1, 2))
        if rng.random() < 0.08:
            tie.last = 2
        planned.append(tie)

    # A partnership whose project ended before the last wave is kept alive by what its lead
    # declares: in T2 it names the partners it still works with.
    if home.end_date and home.end_date < WAVES[-1].closes_on:
        rest = [o for o in world.partners.get(home.pk, []) if o not in taken]
        for target in rest:
            if rng.random() < 0.8:
                taken.add(target)
                planned.append(
                    Planned(
                        target=target,
                        kind=_weighted(rng, WITHIN_KINDS),
                        strength=rng.choice((1, 2)),
                        first=len(WAVES) - 1,
                        started_on=home.start_date,
                        projects=(home.pk,),
                    )
                )

    others = [
        (o, p.pk)
        for p in world.projects
        if p.pk not in own_ids
        for o in world.partners.get(p.pk, [])
    ]
    near = [(o, p) for o, p in others if home_province and world.province.get(o) == home_province]
    far = [(o, p) for o, p in others if (o, p) not in near]

    def across(pool: list[tuple[int, int]], count: int, first: int) -> None:
        spec = WAVES[first]
        choices = [(o, p) for o, p in pool if o not in taken]
        for target, project_id in rng.sample(choices, min(len(choices), count)):
            taken.add(target)
            tie = Planned(
                target=target,
                kind=_weighted(rng, ACROSS_KINDS),
                strength=1 if rng.random() < 0.7 else 2,
                first=first,
                started_on=_day_between(
                    rng, spec.new_since, spec.closes_on - dt.timedelta(days=20)
                ),
                projects=(home.pk, project_id),
            )
            if first < 2 and rng.random() < 0.5:
                tie.grows_at = first + 1
            planned.append(tie)

    # T0: a few organisations already work with another project (nearby).
    if rng.random() < 0.25:
        across(near or far, 1, 0)
    # T1: one or two ties to other projects of the same province (elsewhere if none).
    across(near or far, rng.randint(1, 2), 1)
    across(far, 1 if rng.random() < 0.3 else 0, 1)
    # T2: more across projects, and across provinces.
    across(near or far, rng.randint(1, 2), 2)
    across(far, rng.randint(1, 2), 2)
    # A few ties begun in T1 across projects end before T2.
    begun = [t for t in planned if t.first == 1]
    if begun and rng.random() < 0.3:
        ended = rng.choice(begun)
        ended.last = 2
        ended.grows_at = None
    for tie in planned:
        if rng.random() < 0.12:
            tie.note = DECLARED_NOTES[rng.randrange(len(DECLARED_NOTES))]
    return planned


# --- Writing it --------------------------------------------------------------------------------
def _team_member(programme: Programme, role: str) -> User | None:
    found = (
        ProgrammeRole.objects.filter(programme=programme, role=role)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return found.user if found else None


def _write_wave(world: World, index: int, spec: WaveSpec, plans: dict[int, list[Planned]]) -> bool:
    """Create, answer and close one wave (nothing if it exists). Returns whether it was made."""
    programme = world.programme
    if Wave.objects.filter(programme=programme, label=spec.label).exists():
        return False
    facilitator = _team_member(programme, ProgrammeRole.Role.FACILITATOR) or _team_member(
        programme, ProgrammeRole.Role.ADMIN
    )
    wave = create_wave(
        programme=programme,
        content=WaveContent(spec.label, spec.title, spec.opens_on, spec.closes_on),
        by=facilitator,
    )
    wave = open_wave(wave=wave, by=facilitator, refresh_observed=False)
    expected = world.expected
    answering = expected[: round(spec.share * len(expected))]
    drafting = expected[len(answering) : len(answering) + 1]
    rng = random.Random(f"networks:wave:{spec.label}")
    stamps: dict[int, dt.datetime] = {}
    organisations = Organisation.objects.in_bulk([*answering, *drafting])
    for organisation_id in [*answering, *drafting]:
        rows = [t.row(index) for t in plans[organisation_id] if t.first <= index < t.last]
        submit = organisation_id in answering
        if not submit:
            rows = rows[:2]
        save_response(
            wave=wave,
            organisation=organisations[organisation_id],
            by=world.users.get(world.coordinators[organisation_id]),
            ties=rows,
            submit=submit,
        )
        stamps[organisation_id] = _rome(
            _day_between(rng, spec.opens_on, spec.closes_on - dt.timedelta(days=2)),
            rng.choice((9, 11, 15, 17)),
        )
    close_wave(wave=wave, by=facilitator, derive=False)
    # The answers and the wave carry the dates they would have had.
    for organisation_id, stamp in stamps.items():
        Response.objects.filter(wave=wave, organisation_id=organisation_id).update(
            created_at=stamp,
            updated_at=stamp,
            submitted_at=stamp if organisation_id in answering else None,
        )
    Wave.objects.filter(pk=wave.pk).update(
        created_at=_rome(spec.opens_on - dt.timedelta(days=10)),
        closed_at=_rome(spec.closes_on, 18),
    )
    return True


def _write_recorded(writer: BulkWriter, world: World) -> None:
    mentor = _team_member(world.programme, ProgrammeRole.Role.MENTOR)
    rows: list[dict[str, Any]] = []
    projects: list[tuple[int, ...]] = []
    for first, second, kind, strength, since, note in RECORDED:
        if max(first, second) >= len(world.projects):
            continue
        p, q = world.projects[first], world.projects[second]
        a, b = world.partners.get(p.pk, [None])[0], world.partners.get(q.pk, [None])[0]
        if a is None or b is None or a == b:
            continue
        rows.append(
            {
                "programme_id": world.programme.pk,
                "source": TieSource.RECORDED,
                "source_org_id": a,
                "target_org_id": b,
                "kind": str(kind),
                "strength": strength,
                "directed": kind in DIRECTED_KINDS,
                "started_on": since,
                "ended_on": None,
                "note": note,
                "recorded_by_id": mentor.pk if mentor else None,
            }
        )
        projects.append((p.pk, q.pk))
    existing = Tie.objects.filter(programme=world.programme, source=TieSource.RECORDED)
    key = ("programme_id", "source", "source_org_id", "target_org_id", "kind")
    index = writer.sync(Tie, rows, key, existing)
    writer.sync_m2m(
        Tie.projects.through,
        "tie_id",
        "project_id",
        {
            index[tuple(row[k] for k in key)].pk: set(pair)
            for row, pair in zip(rows, projects, strict=True)
        },
    )


FOLLOW_UP_LABEL = "T3"


def _write_follow_up(programme: Programme, today: dt.date | None = None) -> bool:
    """An open wave from a week ago to three weeks from today, nobody has answered yet: the
    demo coordinators can try the survey (coordinatore@...). Nothing if it exists."""
    if Wave.objects.filter(programme=programme, label=FOLLOW_UP_LABEL).exists():
        return False
    if Wave.objects.filter(programme=programme, status=Wave.Status.OPEN).exists():
        return False
    today = today or timezone.localdate()
    facilitator = _team_member(programme, ProgrammeRole.Role.FACILITATOR) or _team_member(
        programme, ProgrammeRole.Role.ADMIN
    )
    wave = create_wave(
        programme=programme,
        content=WaveContent(
            FOLLOW_UP_LABEL,
            "Follow-up: le reti dopo il bando",
            today - dt.timedelta(days=7),
            today + dt.timedelta(days=21),
        ),
        by=facilitator,
    )
    open_wave(wave=wave, by=facilitator, refresh_observed=False)
    return True


def seed_programme(writer: BulkWriter, programme: Programme) -> dict[str, int]:
    observed = derive_observed_ties(programme=programme)
    world = load_world(programme)
    plans = {
        organisation_id: plan_ties(world, organisation_id, position)
        for position, organisation_id in enumerate(world.expected)
    }
    made = 0
    for index, spec in enumerate(WAVES):
        if _write_wave(world, index, spec, plans):
            made += 1
    _write_recorded(writer, world)
    if _write_follow_up(programme):
        made += 1
    return {
        "observed": sum(observed[k] for k in ("created", "updated", "unchanged")),
        "waves": made,
    }


def seed(*, scale: int = 1, stdout: TextIO | None = None) -> dict[str, Any]:
    """Write the network of the demo programme (and of its copies, for `scale` > 1)."""
    if scale < 1:
        raise ValueError("scale must be 1 or more")
    writer = BulkWriter()
    warnings: list[str] = []
    programme_ids: list[int] = []
    made = 0
    with transaction.atomic():
        for copy in range(1, scale + 1):
            programme = Programme.objects.filter(slug=programme_slug(copy)).first()
            if programme is None:
                warnings.append(
                    f"programme {programme_slug(copy)} not found: seed the registry first"
                )
                continue
            made += seed_programme(writer, programme)["waves"]
            programme_ids.append(programme.pk)
    ties = Tie.objects.filter(programme_id__in=programme_ids)
    return {
        "waves": Wave.objects.filter(programme_id__in=programme_ids).count(),
        "waves created": made,
        "answers": Response.objects.filter(
            wave__programme_id__in=programme_ids, status=Response.Status.SUBMITTED
        ).count(),
        "declared ties": ties.filter(source=TieSource.DECLARED).count(),
        "observed ties": ties.filter(source=TieSource.OBSERVED).count(),
        "recorded ties": ties.filter(source=TieSource.RECORDED).count(),
        "created": dict(writer.created),
        "updated": dict(writer.updated),
        "warnings": warnings,
    }


# --- A large network for the benchmark ------------------------------------------------------------
BENCH_LABEL = "TB"
BENCH_PARTNERS = 8


def seed_network_scale(
    programme: Programme,
    *,
    organisations: int = 10_000,
    partners: int = BENCH_PARTNERS,
    declared_per_lead: int = 8,
) -> dict[str, Any]:
    """Grow `programme` into a network of about `organisations` organisations for the measures'
    benchmark: synthetic organisations ("Ente di prova 00001", spread over the municipalities of
    Piedmont and Liguria), grouped `partners` to a project (synthetic projects "B0001"...), the
    observed partnership ties between them, and one closed wave "TB" in which every project's
    lead partner declares `declared_per_lead` ties (half inside its project, half across
    projects, mostly in its own province). The wave is closed without measures: the benchmark
    times `measures.wave_measures(wave)` itself. Idempotent (a second run adds nothing); meant
    for a throw-away database, never for the demo.

    With the defaults: 10,000 organisations, 1,250 projects, 35,000 observed and 10,000
    declared ties."""
    rng = random.Random(f"networks:bench:{programme.slug}")
    writer = BulkWriter()
    with transaction.atomic():
        towns = list(
            Territory.objects.filter(
                kind=Territory.Kind.MUNICIPALITY,
                parent__parent__istat_code__in=["01", "07"],
            )
            .order_by("pk")
            .values_list("pk", "parent_id")
        ) or list(
            Territory.objects.filter(kind=Territory.Kind.MUNICIPALITY)
            .order_by("pk")
            .values_list("pk", "parent_id")[:500]
        )
        kinds = Organisation.Kind.values
        prefix = f"bench-{programme.pk}"
        org_rows = []
        for i in range(1, organisations + 1):
            town = towns[rng.randrange(len(towns))][0] if towns else None
            org_rows.append(
                {
                    "name": f"Ente di prova {i:05d}",
                    "slug": f"{prefix}-{i:05d}",
                    "kind": kinds[i % len(kinds)],
                    "municipality_id": town,
                }
            )
        index = writer.sync(
            Organisation,
            org_rows,
            ("slug",),
            Organisation.objects.filter(slug__startswith=f"{prefix}-"),
        )
        org_ids = [index[(row["slug"],)].pk for row in org_rows]
        project_rows = []
        count = max(organisations // partners, 1)
        for j in range(1, count + 1):
            project_rows.append(
                {
                    "programme_id": programme.pk,
                    "acronym": f"B{j:04d}",
                    "title": f"Progetto di prova {j:04d}",
                    "slug": f"{prefix}-p{j:04d}",
                    "summary": "Progetto sintetico per il benchmark della rete.",
                    "start_date": dt.date(2021, 3, 1),
                    "end_date": dt.date(2022, 12, 31),
                }
            )
        projects = writer.sync(
            Project, project_rows, ("slug",), Project.objects.filter(slug__startswith=f"{prefix}-p")
        )
        project_ids = [projects[(row["slug"],)].pk for row in project_rows]
        members: dict[int, list[int]] = {}
        partnership_rows = []
        for j, project_id in enumerate(project_ids):
            group = org_ids[j * partners : (j + 1) * partners]
            members[project_id] = group
            for k, organisation_id in enumerate(group):
                partnership_rows.append(
                    {
                        "project_id": project_id,
                        "organisation_id": organisation_id,
                        "role": Partnership.Role.LEAD if k == 0 else Partnership.Role.PARTNER,
                    }
                )
        writer.sync(
            Partnership,
            partnership_rows,
            ("project_id", "organisation_id"),
            Partnership.objects.filter(project_id__in=project_ids),
        )
        observed = derive_observed_ties(programme=programme)

        wave = Wave.objects.filter(programme=programme, label=BENCH_LABEL).first()
        declared = 0
        if wave is None:
            wave = Wave.objects.create(
                programme=programme,
                label=BENCH_LABEL,
                title="Benchmark",
                opens_on=dt.date(2022, 9, 1),
                closes_on=dt.date(2022, 10, 31),
                status=Wave.Status.CLOSED,
            )
            province = dict(
                Organisation.objects.filter(pk__in=org_ids).values_list(
                    "pk", "municipality__parent_id"
                )
            )
            by_province: dict[int | None, list[int]] = defaultdict(list)
            for organisation_id in org_ids:
                by_province[province.get(organisation_id)].append(organisation_id)
            leads = [group[0] for group in members.values() if group]
            Response.objects.bulk_create(
                [
                    Response(wave=wave, organisation_id=lead, status=Response.Status.SUBMITTED)
                    for lead in leads
                ],
                batch_size=1000,
            )
            responses = dict(
                Response.objects.filter(wave=wave).values_list("organisation_id", "pk")
            )
            ties: list[Tie] = []
            for group in members.values():
                if not group:
                    continue
                lead = group[0]
                chosen: set[int] = {lead}
                inside = [o for o in group if o != lead]
                for target in inside[: declared_per_lead // 2]:
                    chosen.add(target)
                nearby = by_province.get(province.get(lead), org_ids)
                while len(chosen) < declared_per_lead + 1:
                    pool = nearby if rng.random() < 0.7 else org_ids
                    chosen.add(pool[rng.randrange(len(pool))])
                    if len(chosen) >= len(org_ids):
                        break
                for target in sorted(chosen - {lead}):
                    kind = _weighted(rng, ACROSS_KINDS if target not in group else WITHIN_KINDS)
                    ties.append(
                        Tie(
                            programme=programme,
                            source=TieSource.DECLARED,
                            response_id=responses[lead],
                            source_org_id=lead,
                            target_org_id=target,
                            kind=kind,
                            strength=rng.randint(1, 3),
                            directed=kind in DIRECTED_KINDS,
                        )
                    )
            Tie.objects.bulk_create(ties, batch_size=1000)
            declared = len(ties)
    return {
        "organisations": len(org_ids),
        "projects": len(project_ids),
        "observed": observed,
        "declared": declared,
        "wave": wave,
        "created": dict(writer.created),
    }
