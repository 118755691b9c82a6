"""Breakout groups: split a meeting's confirmed registrants into N mixed groups.

The split mixes, in order of importance, projects (no two people of the same project in a group
when it can be avoided), organisations, then provinces (the province of the project's
territories), with sizes that differ by at most one. It is deterministic: the only randomness
is a generator seeded with the meeting's primary key, so the same registrants give the same
groups and tests are stable.

How: people are dealt like cards, the largest project first, one per group in turn. Dealing
puts a project with m people into min(m, N) different groups, which is the fewest project
clashes possible, and keeps the sizes balanced. Then pairs of people swap groups while a swap
lowers the clashes (projects first, then organisations, then provinces); swapping keeps the
sizes as they are.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from tessere.core.audit import log_action
from tessere.registry.models import Territory

from ..models import AgendaItem, BreakoutGroup, BreakoutMember, BreakoutRound, Meeting, Registration

if TYPE_CHECKING:
    from tessere.accounts.models import User

MAX_GROUPS = 50
ATTRIBUTES = ("project", "organisation", "province")
MAX_PASSES = 50


@dataclass(frozen=True)
class Person:
    """What the split looks at: who (a registration) and the three things to mix."""

    key: int
    project: int | None
    organisation: int | None
    province: int | None


@dataclass(frozen=True)
class Clashes:
    """Pairs that share something in the same group (people beyond the first, per value)."""

    project: int = 0
    organisation: int = 0
    province: int = 0

    def as_tuple(self) -> tuple[int, int, int]:
        return (self.project, self.organisation, self.province)


# --- The split, on plain data ------------------------------------------------------------------
def _group_clashes(members: Sequence[Person], attribute: str) -> int:
    values = [getattr(p, attribute) for p in members if getattr(p, attribute) is not None]
    return len(values) - len(set(values))


def count_clashes(groups: Sequence[Sequence[Person]]) -> Clashes:
    return Clashes(*(sum(_group_clashes(g, attr) for g in groups) for attr in ATTRIBUTES))


def minimum_project_clashes(people: Sequence[Person], group_count: int) -> int:
    """No split can do better: a project with m people in N groups has at least m - N clashes."""
    sizes = Counter(p.project for p in people if p.project is not None)
    return sum(max(0, m - group_count) for m in sizes.values())


def split_into_groups(people: Sequence[Person], group_count: int, seed: int) -> list[list[Person]]:
    """The assignment (a list of groups, each a list of people). Pure and deterministic."""
    if group_count < 1:
        raise ValueError("group_count must be at least 1")
    rng = random.Random(seed)
    # Buckets of people sharing a project; people without a project are each their own bucket.
    buckets: dict[object, list[Person]] = {}
    for person in sorted(people, key=lambda p: p.key):
        key: object = person.project if person.project is not None else ("alone", person.key)
        buckets.setdefault(key, []).append(person)
    ordered = list(buckets.values())
    rng.shuffle(ordered)
    ordered.sort(key=len, reverse=True)  # stable: equal sizes keep the seeded order
    deck: list[Person] = []
    for bucket in ordered:
        # Within a project, alternate organisations so the deal already spreads them.
        bucket.sort(key=lambda p: (p.organisation is None, p.organisation or 0, p.key))
        deck.extend(bucket)
    start = rng.randrange(group_count)
    groups: list[list[Person]] = [[] for _ in range(group_count)]
    for i, person in enumerate(deck):
        groups[(start + i) % group_count].append(person)
    _improve_by_swaps(groups)
    for group in groups:
        group.sort(key=lambda p: p.key)
    return groups


def _swap_delta(
    counts: list[dict[str, Counter[int]]], g1: int, a: Person, g2: int, b: Person
) -> tuple[int, ...]:
    """How the clashes change if a (in g1) and b (in g2) swap groups."""
    delta = []
    for attribute in ATTRIBUTES:
        va, vb = getattr(a, attribute), getattr(b, attribute)
        change = 0
        if va != vb:
            c1, c2 = counts[g1][attribute], counts[g2][attribute]
            if va is not None:
                change += (-1 if c1[va] >= 2 else 0) + (1 if c2[va] >= 1 else 0)
            if vb is not None:
                change += (-1 if c2[vb] >= 2 else 0) + (1 if c1[vb] >= 1 else 0)
        delta.append(change)
    return tuple(delta)


def _improve_by_swaps(groups: list[list[Person]]) -> None:
    counts = [
        {
            attr: Counter(getattr(p, attr) for p in g if getattr(p, attr) is not None)
            for attr in ATTRIBUTES
        }
        for g in groups
    ]
    zero = (0,) * len(ATTRIBUTES)
    for _pass in range(MAX_PASSES):
        improved = False
        for g1 in range(len(groups)):
            for g2 in range(g1 + 1, len(groups)):
                for i, a in enumerate(groups[g1]):
                    for j, b in enumerate(groups[g2]):
                        if _swap_delta(counts, g1, a, g2, b) >= zero:
                            continue
                        groups[g1][i], groups[g2][j] = b, a
                        for attr in ATTRIBUTES:
                            va, vb = getattr(a, attr), getattr(b, attr)
                            if va is not None:
                                counts[g1][attr][va] -= 1
                                counts[g2][attr][va] += 1
                            if vb is not None:
                                counts[g2][attr][vb] -= 1
                                counts[g1][attr][vb] += 1
                        a = b  # the slot now holds b; keep comparing from it
                        improved = True
        if not improved:
            return


# --- From registrations to people --------------------------------------------------------------
def _province(territory: Territory) -> Territory | None:
    if territory.kind == Territory.Kind.PROVINCE:
        return territory
    parent = territory.parent
    if parent is not None and parent.kind == Territory.Kind.PROVINCE:
        return parent
    return None


def province_of(registration: Registration) -> Territory | None:
    """The province of the project's territories (the most frequent, then by name); without a
    project or territories, the province of the person's organisation. Needs the prefetches of
    `registrations_for_groups`."""
    provinces: list[Territory] = []
    if registration.project is not None:
        provinces = [p for t in registration.project.territories.all() if (p := _province(t))]
    if provinces:
        counts = Counter(p.pk for p in provinces)
        by_pk = {p.pk: p for p in provinces}
        best = min(counts, key=lambda pk: (-counts[pk], by_pk[pk].name, pk))
        return by_pk[best]
    organisation = registration.organisation
    if organisation is not None and organisation.municipality is not None:
        return _province(organisation.municipality)
    return None


def registration_queryset() -> QuerySet[Registration]:
    """Registrations with everything a group member shows (name, organisation, project, province)."""
    return Registration.objects.select_related(
        "user", "organisation__municipality__parent", "project"
    ).prefetch_related(
        Prefetch("project__territories", queryset=Territory.objects.select_related("parent"))
    )


def person_of(registration: Registration) -> Person:
    province = province_of(registration)
    return Person(
        key=registration.pk,
        project=registration.project_id,
        organisation=registration.organisation_id,
        province=province.pk if province else None,
    )


# --- Writes ------------------------------------------------------------------------------------
@transaction.atomic
def make_breakout_round(
    *,
    meeting: Meeting,
    group_count: int,
    title: str,
    agenda_item: AgendaItem | None = None,
    by: User,
) -> BreakoutRound:
    """Split the confirmed registrants into `group_count` mixed groups, as a new round."""
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(_("The agenda item belongs to another meeting."))
    registrations = list(
        registration_queryset().filter(meeting=meeting, status=Registration.Status.CONFIRMED)
    )
    if not registrations:
        raise ValidationError(
            _("Nobody is registered for this meeting yet: there is no one to split.")
        )
    if not 1 <= group_count <= min(MAX_GROUPS, len(registrations)):
        raise ValidationError(
            _("Choose between 1 and %(most)s groups: there are %(people)s people registered.")
            % {"most": min(MAX_GROUPS, len(registrations)), "people": len(registrations)}
        )
    people = [person_of(r) for r in registrations]
    groups = split_into_groups(people, group_count, seed=meeting.pk)
    breakout = BreakoutRound.objects.create(meeting=meeting, agenda_item=agenda_item, title=title)
    rows = BreakoutGroup.objects.bulk_create(
        BreakoutGroup(round=breakout, number=i) for i in range(1, group_count + 1)
    )
    BreakoutMember.objects.bulk_create(
        BreakoutMember(round=breakout, group=row, registration_id=person.key)
        for row, members in zip(rows, groups, strict=True)
        for person in members
    )
    clashes = count_clashes(groups)
    log_action(
        breakout,
        "meetings.breakout.created",
        by=by,
        meeting=meeting.pk,
        groups=group_count,
        people=len(people),
        project_clashes=clashes.project,
        organisation_clashes=clashes.organisation,
    )
    return breakout


@transaction.atomic
def move_breakout_member(
    *, breakout: BreakoutRound, registration: Registration, group: BreakoutGroup, by: User
) -> BreakoutMember:
    """Put a person in another group of the round (or in a group, if they had none yet)."""
    if group.round_id != breakout.pk:
        raise ValidationError(_("This group belongs to another round."))
    if registration.meeting_id != breakout.meeting_id:
        raise ValidationError(_("This person is not registered for this meeting."))
    member = (
        BreakoutMember.objects.select_for_update()
        .filter(round=breakout, registration=registration)
        .first()
    )
    if member is None:
        if registration.status != Registration.Status.CONFIRMED:
            raise ValidationError(_("Only people with a confirmed place can join a group."))
        member = BreakoutMember.objects.create(
            round=breakout, group=group, registration=registration
        )
        from_group = None
    else:
        from_group = member.group_id
        if from_group == group.pk:
            return member
        member.group = group
        member.save(update_fields=["group"])
    log_action(
        member,
        "meetings.breakout.moved",
        by=by,
        round=breakout.pk,
        registration=registration.pk,
        from_group=from_group,
        to_group=group.pk,
    )
    return member


# --- Reading a round ---------------------------------------------------------------------------
@dataclass
class MemberRow:
    member: BreakoutMember
    registration: Registration
    province: Territory | None

    @property
    def is_cancelled(self) -> bool:
        return self.registration.status != Registration.Status.CONFIRMED


@dataclass
class GroupRow:
    group: BreakoutGroup
    members: list[MemberRow]
    warnings: list[str]
    notes: list[str]

    @property
    def size(self) -> int:
        return sum(1 for m in self.members if not m.is_cancelled)


@dataclass
class RoundOverview:
    breakout: BreakoutRound
    groups: list[GroupRow]
    unassigned: list[Registration]
    clashes: Clashes
    minimum_project_clashes: int

    @property
    def avoidable_project_clashes(self) -> int:
        return self.clashes.project - self.minimum_project_clashes

    @property
    def unbalanced(self) -> bool:
        sizes = [g.size for g in self.groups]
        return bool(sizes) and max(sizes) - min(sizes) > 1

    @property
    def people(self) -> int:
        return sum(g.size for g in self.groups)


def round_overview(breakout: BreakoutRound) -> RoundOverview:
    """The groups with their members and the clashes to point out, in a fixed number of queries."""
    groups = list(BreakoutGroup.objects.filter(round=breakout).order_by("number"))
    members_by_group: dict[int, list[BreakoutMember]] = {g.pk: [] for g in groups}
    for member in BreakoutMember.objects.filter(round=breakout).order_by("pk"):
        members_by_group.setdefault(member.group_id, []).append(member)
    # The members' registrations and the confirmed ones without a group, in one go.
    in_round = BreakoutMember.objects.filter(round=breakout).values("registration_id")
    registrations = {
        r.pk: r
        for r in registration_queryset().filter(
            Q(meeting_id=breakout.meeting_id, status=Registration.Status.CONFIRMED)
            | Q(pk__in=in_round)
        )
    }
    rows: list[GroupRow] = []
    people_by_group: list[list[Person]] = []
    for group in groups:
        members = [
            MemberRow(
                member=m,
                registration=registrations[m.registration_id],
                province=province_of(registrations[m.registration_id]),
            )
            for m in members_by_group[group.pk]
        ]
        members.sort(
            key=lambda row: (
                row.registration.user.last_name.lower(),
                row.registration.user.first_name.lower(),
                row.registration.pk,
            )
        )
        rows.append(GroupRow(group=group, members=members, warnings=[], notes=[]))
        people_by_group.append(
            [person_of(row.registration) for row in members if not row.is_cancelled]
        )
    everyone = [p for g in people_by_group for p in g]
    project_totals = Counter(p.project for p in everyone if p.project is not None)
    # A project's clashes are avoidable when it sits in fewer groups than it could fill.
    project_groups = Counter(
        project for people in people_by_group for project in {p.project for p in people} if project
    )
    avoidable = {
        pk
        for pk, total in project_totals.items()
        if total - project_groups[pk] > max(0, total - len(groups))
    }
    for row in rows:
        active = [m for m in row.members if not m.is_cancelled]
        projects = Counter(m.registration.project for m in active if m.registration.project)
        for project, count in projects.items():
            if count < 2:
                continue
            if project.pk not in avoidable:
                row.warnings.append(
                    _(
                        "%(count)s people of %(project)s: unavoidable, the project has more "
                        "people than there are groups."
                    )
                    % {"count": count, "project": project}
                )
            else:
                row.warnings.append(
                    _("%(count)s people of %(project)s: this could be avoided by moving someone.")
                    % {"count": count, "project": project}
                )
        organisations = Counter(
            m.registration.organisation for m in active if m.registration.organisation
        )
        for organisation, count in organisations.items():
            if count >= 2:
                row.notes.append(
                    _("%(count)s people of %(organisation)s.")
                    % {"count": count, "organisation": organisation}
                )
    assigned = {m.registration.pk for row in rows for m in row.members}
    unassigned = sorted(
        (r for r in registrations.values() if r.pk not in assigned),
        key=lambda r: (r.user.last_name.lower(), r.user.first_name.lower(), r.pk),
    )
    return RoundOverview(
        breakout=breakout,
        groups=rows,
        unassigned=unassigned,
        clashes=count_clashes(people_by_group),
        minimum_project_clashes=minimum_project_clashes(everyone, len(groups)),
    )
