"""Observed ties: relations the programme's own data shows, derived again whenever needed.

Each *source* is a function `(programme) -> Iterable[ObservedTie]` registered in
`observed_sources` under a key; every tie it yields has an `observed_key` that names what it
comes from ("partnership:12:34:56": project 12 makes partners of organisations 34 and 56), so
`derive_observed_ties` can run any number of times: it creates what is new, updates what
changed and removes the observed ties whose basis disappeared. Another app adds its own source
from its AppConfig.ready():

    from tessere.networks.observed import observed_sources
    observed_sources.register("forum", forum_answers)

Built-in sources:
- "partnership": partners of the same project (formal partnership, for the project's period);
- "breakout": organisations of different projects in the same breakout group of a meeting
  (information exchange, from the meeting's day);
- "lesson": the lead partners of projects that wrote a lesson together (co-design) or of a
  project whose lesson another project reused (information exchange).

Every source runs a fixed number of queries whatever the size of the programme, and the
derivation writes in bulk (it runs on 10,000 organisations in the benchmark).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from itertools import combinations
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from tessere.core.audit import log_action
from tessere.registry.models import Partnership, Programme

from .models import Tie, TieKind, TieSource

ROME = ZoneInfo("Europe/Rome")
BATCH = 500


class ObservedTie(NamedTuple):
    observed_key: str  # unique in the programme, at most 120 characters
    source_org_id: int
    target_org_id: int
    kind: str
    strength: int
    started_on: dt.date | None
    ended_on: dt.date | None
    project_ids: tuple[int, ...]


Source = Callable[[Programme], Iterable[ObservedTie]]


class SourceRegistry:
    def __init__(self) -> None:
        self._sources: dict[str, Source] = {}

    def register(self, key: str, source: Source) -> Source:
        self._sources[key] = source
        return source

    def unregister(self, key: str) -> None:
        self._sources.pop(key, None)

    def items(self) -> list[tuple[str, Source]]:
        return list(self._sources.items())

    def keys(self) -> list[str]:
        return list(self._sources)

    def __contains__(self, key: object) -> bool:
        return key in self._sources


observed_sources = SourceRegistry()


def pair(a: int, b: int) -> tuple[int, int]:
    """Mutual ties are stored once, the smaller organisation id first."""
    return (a, b) if a < b else (b, a)


# --- The built-in sources --------------------------------------------------------------------------
def partnership_ties(programme: Programme) -> Iterator[ObservedTie]:
    """Every pair of partners of a project: a formal partnership for the project's period."""
    partners: dict[int, list[int]] = defaultdict(list)
    periods: dict[int, tuple[dt.date | None, dt.date | None]] = {}
    for project_id, organisation_id, start, end in (
        Partnership.objects.filter(project__programme=programme)
        .order_by("project_id", "organisation_id")
        .values_list("project_id", "organisation_id", "project__start_date", "project__end_date")
    ):
        partners[project_id].append(organisation_id)
        periods[project_id] = (start, end)
    for project_id, organisations in partners.items():
        start, end = periods[project_id]
        for a, b in combinations(sorted(set(organisations)), 2):
            yield ObservedTie(
                f"partnership:{project_id}:{a}:{b}",
                a,
                b,
                TieKind.PARTNERSHIP,
                3,
                start,
                end,
                (project_id,),
            )


def _member_order(member: tuple[int, int | None]) -> tuple[int, int]:
    return (member[0], member[1] if member[1] is not None else -1)


def breakout_ties(programme: Programme) -> Iterator[ObservedTie]:
    """Organisations of different projects that sat in the same breakout group of a meeting:
    one information exchange per pair and meeting, from the meeting's day."""
    from tessere.meetings.models import BreakoutMember, Meeting, Registration

    groups: dict[int, set[tuple[int, int | None]]] = defaultdict(set)
    meeting_of: dict[int, int] = {}
    day_of: dict[int, dt.date] = {}
    for group_id, organisation_id, project_id, meeting_id, start in (
        BreakoutMember.objects.filter(
            round__meeting__programme=programme, registration__organisation__isnull=False
        )
        .exclude(round__meeting__status=Meeting.Status.CANCELLED)
        .exclude(registration__status=Registration.Status.CANCELLED)
        .order_by()
        .values_list(
            "group_id",
            "registration__organisation_id",
            "registration__project_id",
            "round__meeting_id",
            "round__meeting__start",
        )
    ):
        groups[group_id].add((organisation_id, project_id))
        meeting_of[group_id] = meeting_id
        day_of[meeting_id] = start.astimezone(ROME).date()
    found: dict[tuple[int, int, int], set[int]] = {}
    for group_id, members in groups.items():
        meeting_id = meeting_of[group_id]
        for (org_a, project_a), (org_b, project_b) in combinations(
            sorted(members, key=_member_order), 2
        ):
            if org_a == org_b or project_a == project_b:
                continue
            a, b = pair(org_a, org_b)
            projects = found.setdefault((meeting_id, a, b), set())
            projects.update(p for p in (project_a, project_b) if p is not None)
    for (meeting_id, a, b), projects in sorted(found.items()):
        yield ObservedTie(
            f"breakout:{meeting_id}:{a}:{b}",
            a,
            b,
            TieKind.INFORMATION,
            1,
            day_of[meeting_id],
            None,
            tuple(sorted(projects)),
        )


def lesson_ties(programme: Programme) -> Iterator[ObservedTie]:
    """Lessons learned (validated or reused): the lead partners of the projects that wrote one
    together worked on it together (co-design); a project that reused another's lesson learned
    from it (information exchange)."""
    from tessere.learning.models import Lesson

    shared = (Lesson.Status.VALIDATED, Lesson.Status.REUSED)
    lessons = dict(
        Lesson.objects.filter(programme=programme, status__in=shared).values_list(
            "pk", "created_at"
        )
    )
    if not lessons:
        return
    authors: dict[int, set[int]] = defaultdict(set)
    for lesson_id, project_id in Lesson.projects.through.objects.filter(
        lesson_id__in=list(lessons)
    ).values_list("lesson_id", "project_id"):
        authors[lesson_id].add(project_id)
    reusers: dict[int, set[int]] = defaultdict(set)
    for lesson_id, project_id in Lesson.reused_by.through.objects.filter(
        lesson_id__in=list(lessons)
    ).values_list("lesson_id", "project_id"):
        reusers[lesson_id].add(project_id)
    leads = dict(
        Partnership.objects.filter(
            project__programme=programme, role=Partnership.Role.LEAD
        ).values_list("project_id", "organisation_id")
    )
    for lesson_id in sorted(lessons):
        day = lessons[lesson_id].astimezone(ROME).date()
        links: dict[tuple[str, int, int], set[int]] = {}
        for p, q in combinations(sorted(authors[lesson_id]), 2):
            links.setdefault((TieKind.CO_DESIGN, p, q), set()).update((p, q))
        for p in sorted(authors[lesson_id]):
            for q in sorted(reusers[lesson_id] - authors[lesson_id]):
                links.setdefault((TieKind.INFORMATION, p, q), set()).update((p, q))
        done: set[tuple[str, int, int]] = set()
        for (kind, p, q), projects in links.items():
            if p not in leads or q not in leads or leads[p] == leads[q]:
                continue
            a, b = pair(leads[p], leads[q])
            if (kind, a, b) in done:
                continue
            done.add((kind, a, b))
            yield ObservedTie(
                f"lesson:{lesson_id}:{kind}:{a}:{b}",
                a,
                b,
                kind,
                2 if kind == TieKind.CO_DESIGN else 1,
                day,
                None,
                tuple(sorted(projects)),
            )


observed_sources.register("partnership", partnership_ties)
observed_sources.register("breakout", breakout_ties)
observed_sources.register("lesson", lesson_ties)


# --- Deriving ----------------------------------------------------------------------------------------
TIE_FIELDS = ("source_org_id", "target_org_id", "kind", "strength", "started_on", "ended_on")


def _chunks(items: list[Any], size: int = BATCH) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def derive_observed_ties(*, programme: Programme) -> dict[str, int]:
    """Bring the programme's observed ties in line with its data: create the new ones, update
    the changed ones (fields or projects), remove those whose basis disappeared. Idempotent: a
    second run changes nothing. Returns counts: created, updated, removed, unchanged, and the
    ties found by each source ("source:partnership"...)."""
    wanted: dict[str, ObservedTie] = {}
    counts: dict[str, int] = {}
    for source_key, source in observed_sources.items():
        yielded = 0
        for observed in source(programme):
            if observed.source_org_id == observed.target_org_id:
                continue
            wanted[observed.observed_key[:120]] = observed
            yielded += 1
        counts[f"source:{source_key}"] = yielded
    existing: dict[str, Tie] = {
        tie.observed_key: tie
        for tie in Tie.objects.filter(programme=programme, source=TieSource.OBSERVED).only(
            "pk", "observed_key", "directed", *TIE_FIELDS
        )
    }
    through = Tie.projects.through
    links: dict[int, dict[int, int]] = defaultdict(dict)  # tie → {project: link pk}
    for link_id, tie_id, project_id in through.objects.filter(
        tie__programme=programme, tie__source=TieSource.OBSERVED
    ).values_list("pk", "tie_id", "project_id"):
        links[tie_id][project_id] = link_id

    now = timezone.now()
    to_create: list[Tie] = []
    to_update: list[Tie] = []
    new_links: list[Any] = []
    stale_links: list[int] = []
    relinked = 0
    unchanged = 0
    for key, found in wanted.items():
        values = {
            "source_org_id": found.source_org_id,
            "target_org_id": found.target_org_id,
            "kind": str(found.kind),
            "strength": found.strength,
            "started_on": found.started_on,
            "ended_on": found.ended_on,
        }
        tie = existing.get(key)
        if tie is None:
            to_create.append(
                Tie(
                    programme=programme,
                    source=TieSource.OBSERVED,
                    observed_key=key,
                    directed=False,
                    **values,
                )
            )
            continue
        changed = tie.directed or any(getattr(tie, f) != v for f, v in values.items())
        if changed:
            for name, value in values.items():
                setattr(tie, name, value)
            tie.directed = False
            tie.updated_at = now
            to_update.append(tie)
        want = set(found.project_ids)
        have = links.get(tie.pk, {})
        added = sorted(want - set(have))
        removed = [have[p] for p in sorted(set(have) - want)]
        new_links += [through(tie_id=tie.pk, project_id=p) for p in added]
        stale_links += removed
        if not changed and (added or removed):
            relinked += 1
        elif not changed:
            unchanged += 1
    gone = [tie.pk for key, tie in existing.items() if key not in wanted]

    for chunk in _chunks(gone):
        Tie.objects.filter(pk__in=chunk).delete()
    for chunk in _chunks(stale_links):
        through.objects.filter(pk__in=chunk).delete()
    if to_create:
        Tie.objects.bulk_create(to_create, batch_size=BATCH)
        new_links += [
            through(tie_id=tie.pk, project_id=p)
            for tie in to_create
            for p in sorted(set(wanted[tie.observed_key].project_ids))
        ]
    if to_update:
        Tie.objects.bulk_update(
            to_update, [*TIE_FIELDS, "directed", "updated_at"], batch_size=BATCH
        )
    if new_links:
        through.objects.bulk_create(new_links, batch_size=BATCH)
    counts.update(
        created=len(to_create),
        updated=len(to_update) + relinked,
        removed=len(gone),
        unchanged=unchanged,
    )
    if to_create or to_update or relinked or gone:
        log_action(
            programme,
            "networks.observed.derived",
            by=None,
            **{k: v for k, v in counts.items() if not k.startswith("source:")},
        )
    return counts


def derive_all(programmes: Iterable[Programme] | None = None) -> dict[str, dict[str, int]]:
    """Derive the observed ties of every programme (or of those given)."""
    chosen = list(programmes) if programmes is not None else list(Programme.objects.order_by("pk"))
    return {programme.slug: derive_observed_ties(programme=programme) for programme in chosen}
