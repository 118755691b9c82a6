"""Breakout groups: the split (projects, then organisations, then provinces, balanced sizes),
deterministic for a meeting, and moving people by hand."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Sequence

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from conftest import Personas
from tessere.accounts.models import User
from tessere.core.models import AuditEntry
from tessere.core.testing import unchanged
from tessere.meetings.models import AgendaItem, BreakoutMember, BreakoutRound, Meeting, Registration
from tessere.meetings.services.groups import (
    Person,
    count_clashes,
    make_breakout_round,
    minimum_project_clashes,
    move_breakout_member,
    province_of,
    registration_queryset,
    round_overview,
    split_into_groups,
)
from tessere.registry.models import ProjectRole, Territory
from tessere.registry.tests import factories as f

from .factories import make_meeting, make_registration


def people(spec: Sequence[tuple[int | None, int | None, int | None]]) -> list[Person]:
    return [Person(i, project, org, province) for i, (project, org, province) in enumerate(spec)]


# --- The split on plain data -------------------------------------------------------------------
def test_three_projects_of_three_people_in_three_groups_give_one_person_per_project() -> None:
    group_list = split_into_groups(
        people([(p, 10 * p + i, None) for p in (1, 2, 3) for i in range(3)]), 3, seed=7
    )
    assert [len(g) for g in group_list] == [3, 3, 3]
    for group in group_list:
        assert sorted(p.project or 0 for p in group) == [1, 2, 3]
    assert count_clashes(group_list).project == 0


def test_four_people_of_one_project_in_three_groups_make_the_fewest_clashes() -> None:
    everyone = people([(1, i, None) for i in range(4)] + [(2, 9, None), (3, 8, None)])
    group_list = split_into_groups(everyone, 3, seed=1)
    assert minimum_project_clashes(everyone, 3) == 1
    assert count_clashes(group_list).project == 1  # one pair, not more
    assert sorted(len(g) for g in group_list) == [2, 2, 2]
    assert sorted(Counter(p.project for p in g)[1] for g in group_list) == [1, 1, 2]


def test_organisations_then_provinces_are_spread_when_projects_allow() -> None:
    # Two projects, each with people from organisations A and B; two groups. Projects cannot
    # be avoided (2 per project per group), but organisations can: each group gets one A and
    # one B of each... and provinces follow.
    spec = [(1, 100, 5), (1, 100, 5), (1, 200, 6), (1, 200, 6), (2, 100, 5), (2, 300, 7)]
    group_list = split_into_groups(people(spec), 2, seed=3)
    clashes = count_clashes(group_list)
    assert clashes.project == minimum_project_clashes(people(spec), 2) == 2
    # Organisation 100 has three people: at least one clash; 200 is split across the groups.
    assert clashes.organisation == 1
    for group in group_list:
        assert Counter(p.organisation for p in group)[200] == 1


def test_the_split_is_deterministic_for_a_seed_and_covers_everyone() -> None:
    rng = random.Random(5)
    spec = [(rng.randint(1, 13), rng.randint(1, 30), rng.randint(1, 4)) for _ in range(39)]
    first = split_into_groups(people(spec), 6, seed=42)
    assert split_into_groups(people(spec), 6, seed=42) == first
    assert sorted(p.key for g in first for p in g) == list(range(39))


def test_random_inputs_always_reach_the_minimum_project_clashes_with_balanced_sizes() -> None:
    rng = random.Random(11)
    for trial in range(200):
        n = rng.randint(1, 45)
        k = rng.randint(1, min(n, 9))
        spec = [
            (rng.choice([None, *range(1, 14)]), rng.randint(1, 20), rng.randint(1, 5))
            for _ in range(n)
        ]
        group_list = split_into_groups(people(spec), k, seed=trial)
        sizes = [len(g) for g in group_list]
        assert max(sizes) - min(sizes) <= 1, (trial, sizes)
        assert count_clashes(group_list).project == minimum_project_clashes(people(spec), k)


def test_people_without_a_project_never_clash_with_each_other() -> None:
    group_list = split_into_groups(people([(None, None, None)] * 4), 2, seed=1)
    assert count_clashes(group_list).as_tuple() == (0, 0, 0)


def test_group_count_below_one_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        split_into_groups(people([(1, 1, 1)]), 0, seed=1)


# --- The service on the database ---------------------------------------------------------------
def staff_projects(personas: Personas, count: int, size: int) -> list[list[User]]:
    """`count` projects (the personas' two first) with `size` registrants-to-be each, every one
    from another partner organisation where the project has one."""
    projects = [personas.project, personas.other_project]
    while len(projects) < count:
        projects.append(f.make_project(programme=personas.programme, partners=3))
    teams = []
    for project in projects[:count]:
        orgs = f.project_organisations(project)
        team = []
        for i in range(size):
            person = f.make_user()
            f.give_project_role(person, project, ProjectRole.Role.OPERATOR, orgs[i % len(orgs)])
            team.append(person)
        teams.append(team)
    return teams


def register_all(meeting: Meeting, teams: list[list[User]]) -> None:
    for person in itertools.chain.from_iterable(teams):
        make_registration(meeting, person)


def groups_of(breakout: BreakoutRound) -> list[list[Registration]]:
    members = BreakoutMember.objects.filter(round=breakout).select_related(
        "group", "registration__project"
    )
    by_group: dict[int, list[Registration]] = {}
    for m in members:
        by_group.setdefault(m.group.number, []).append(m.registration)
    return [by_group[n] for n in sorted(by_group)]


def test_make_round_puts_one_person_per_project_in_each_group(personas: Personas) -> None:
    meeting = make_meeting(personas.programme)
    register_all(meeting, staff_projects(personas, 3, 3))
    make_registration(meeting, f.make_user(), status="waitlisted")  # not in any group
    breakout = make_breakout_round(
        meeting=meeting, group_count=3, title="Tavoli", by=personas.facilitator
    )
    group_list = groups_of(breakout)
    assert [len(g) for g in group_list] == [3, 3, 3]
    for group in group_list:
        assert len({r.project_id for r in group}) == 3
    entry = AuditEntry.objects.get(action="meetings.breakout.created")
    assert entry.actor == personas.facilitator
    assert entry.data["project_clashes"] == 0 and entry.data["people"] == 9


def test_make_round_reports_the_unavoidable_clash(personas: Personas) -> None:
    meeting = make_meeting(personas.programme)
    register_all(meeting, staff_projects(personas, 3, 2))
    crowded = staff_projects(personas, 1, 2)[0]  # two more of the first project: four in all
    register_all(meeting, [crowded])
    breakout = make_breakout_round(
        meeting=meeting, group_count=3, title="Tavoli", by=personas.facilitator
    )
    with translation.override("en"):
        overview = round_overview(breakout)
    assert overview.clashes.project == overview.minimum_project_clashes == 1
    assert overview.avoidable_project_clashes == 0
    warned = [g for g in overview.groups if g.warnings]
    assert len(warned) == 1
    assert "unavoidable" in warned[0].warnings[0]


def test_make_round_is_the_same_for_the_same_registrants(personas: Personas) -> None:
    meeting = make_meeting(personas.programme)
    register_all(meeting, staff_projects(personas, 4, 3))
    one = make_breakout_round(meeting=meeting, group_count=4, title="A", by=personas.facilitator)
    two = make_breakout_round(meeting=meeting, group_count=4, title="B", by=personas.facilitator)
    assert [sorted(r.pk for r in g) for g in groups_of(one)] == [
        sorted(r.pk for r in g) for g in groups_of(two)
    ]


def test_make_round_refuses_impossible_counts_and_foreign_items(personas: Personas) -> None:
    meeting = make_meeting(personas.programme)
    other_item = AgendaItem.objects.create(meeting=make_meeting(personas.programme), title="Altro")
    with unchanged(BreakoutRound.objects.all()), pytest.raises(ValidationError):
        make_breakout_round(meeting=meeting, group_count=2, title="Vuoto", by=personas.facilitator)
    register_all(meeting, staff_projects(personas, 1, 2))
    with unchanged(BreakoutRound.objects.all()):
        with pytest.raises(ValidationError):
            make_breakout_round(
                meeting=meeting, group_count=3, title="Troppi", by=personas.facilitator
            )
        with pytest.raises(ValidationError):
            make_breakout_round(
                meeting=meeting,
                group_count=1,
                title="X",
                agenda_item=other_item,
                by=personas.facilitator,
            )


def test_province_comes_from_the_projects_territories_then_the_organisation(
    personas: Personas,
) -> None:
    meeting = make_meeting(personas.programme)
    with_territory = make_registration(meeting, personas.representative)  # Ubuntu: Saluzzo, Cuneo
    genova = f.make_province(name="Genova", car_code="GE")
    org = f.make_organisation(municipality=f.make_municipality(name="Chiavari", province=genova))
    loose = f.make_user()
    without = make_registration(meeting, loose, organisation=org)
    regs = {r.pk: r for r in registration_queryset().filter(meeting=meeting)}
    assert str(province_of(regs[with_territory.pk])) == "Cuneo"
    assert province_of(regs[without.pk]) == genova
    assert Territory.objects.filter(name="Cuneo", kind="province").exists()


def test_moving_a_person_changes_their_group_and_is_audited(personas: Personas) -> None:
    meeting = make_meeting(personas.programme)
    register_all(meeting, staff_projects(personas, 2, 2))
    breakout = make_breakout_round(
        meeting=meeting, group_count=2, title="T", by=personas.facilitator
    )
    member = BreakoutMember.objects.filter(round=breakout).select_related("group").first()
    assert member is not None
    target = breakout.groups.exclude(pk=member.group_id).get()
    move_breakout_member(
        breakout=breakout, registration=member.registration, group=target, by=personas.facilitator
    )
    member.refresh_from_db()
    assert member.group == target
    entry = AuditEntry.objects.get(action="meetings.breakout.moved")
    assert entry.data["to_group"] == target.pk
    # Two and two became three and one: the page says the sizes now differ by more than one.
    assert round_overview(breakout).unbalanced is True


def test_a_late_registrant_can_be_put_in_a_group(personas: Personas) -> None:
    meeting = make_meeting(personas.programme)
    register_all(meeting, staff_projects(personas, 2, 2))
    breakout = make_breakout_round(
        meeting=meeting, group_count=2, title="T", by=personas.facilitator
    )
    late = make_registration(meeting, personas.representative)
    assert [r.pk for r in round_overview(breakout).unassigned] == [late.pk]
    group = breakout.groups.first()
    assert group is not None
    move_breakout_member(breakout=breakout, registration=late, group=group, by=personas.facilitator)
    assert round_overview(breakout).unassigned == []


def test_moves_across_rounds_and_meetings_are_refused(personas: Personas) -> None:
    meeting = make_meeting(personas.programme)
    register_all(meeting, staff_projects(personas, 2, 2))
    one = make_breakout_round(meeting=meeting, group_count=2, title="1", by=personas.facilitator)
    two = make_breakout_round(meeting=meeting, group_count=2, title="2", by=personas.facilitator)
    elsewhere = make_registration(make_meeting(personas.programme), personas.representative)
    waiting = make_registration(meeting, personas.other_representative, status="waitlisted")
    registration = Registration.objects.filter(meeting=meeting, status="confirmed").first()
    assert registration is not None
    foreign_group = two.groups.first()
    own_group = one.groups.first()
    assert foreign_group is not None and own_group is not None
    with unchanged(
        BreakoutMember.objects.all(), AuditEntry.objects.filter(action__contains="moved")
    ):
        for reg, group in [
            (registration, foreign_group),
            (elsewhere, own_group),
            (waiting, own_group),
        ]:
            with pytest.raises(ValidationError):
                move_breakout_member(
                    breakout=one, registration=reg, group=group, by=personas.facilitator
                )


def test_a_crowded_project_made_worse_by_hand_is_flagged_as_avoidable(personas: Personas) -> None:
    meeting = make_meeting(personas.programme)
    crowded, other = staff_projects(personas, 2, 4)[0], staff_projects(personas, 2, 2)[1]
    register_all(meeting, [crowded, other])
    breakout = make_breakout_round(
        meeting=meeting, group_count=3, title="T", by=personas.facilitator
    )
    members = list(
        BreakoutMember.objects.filter(round=breakout, registration__project=personas.project)
    )
    by_group = Counter(m.group_id for m in members)
    assert sorted(by_group.values()) == [1, 1, 2]  # four people, three groups: one pair
    singles = [g for g, n in by_group.items() if n == 1]
    mover = next(m for m in members if m.group_id == singles[0])
    target = breakout.groups.get(pk=singles[1])
    move_breakout_member(
        breakout=breakout, registration=mover.registration, group=target, by=personas.facilitator
    )
    with translation.override("en"):
        overview = round_overview(breakout)
    assert overview.clashes.project == 2 and overview.minimum_project_clashes == 1
    assert overview.avoidable_project_clashes == 1
    warnings = [w for g in overview.groups for w in g.warnings]
    assert len(warnings) == 2
    assert all("could be avoided" in w for w in warnings)
