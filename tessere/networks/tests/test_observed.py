"""Observed ties: derived from partnerships, breakout groups and lessons learned; idempotent
(a second run changes nothing), following the data (a partnership removed, a project's dates
changed), in a fixed number of queries, open to other apps' sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import Personas
from tessere.core.testing import rows
from tessere.learning.tests.factories import make_lesson
from tessere.meetings.models import BreakoutGroup, BreakoutMember, BreakoutRound, Meeting
from tessere.meetings.tests import factories as mf
from tessere.networks.models import Tie, TieKind, TieSource
from tessere.networks.observed import (
    ObservedTie,
    derive_observed_ties,
    observed_sources,
    pair,
)
from tessere.registry.models import Organisation, Partnership, Programme, Project
from tessere.registry.tests import factories as f

ROME = ZoneInfo("Europe/Rome")


def observed(programme: Programme) -> list[Tie]:
    return list(
        Tie.objects.filter(programme=programme, source=TieSource.OBSERVED).order_by("observed_key")
    )


def snapshot(programme: Programme) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    ties = Tie.objects.filter(programme=programme, source=TieSource.OBSERVED)
    links = Tie.projects.through.objects.filter(tie__in=ties)
    return rows(ties), rows(links)


def lead(project: Project) -> Organisation:
    return Partnership.objects.get(project=project, role=Partnership.Role.LEAD).organisation


# --- Partnerships ------------------------------------------------------------------------------------
def test_partners_of_a_project_are_tied_for_the_projects_period(personas: Personas) -> None:
    project = personas.project
    Project.objects.filter(pk=project.pk).update(
        start_date=dt.date(2021, 3, 1), end_date=dt.date(2022, 9, 30)
    )
    counts = derive_observed_ties(programme=personas.programme)
    ties = [
        t
        for t in observed(personas.programme)
        if t.observed_key.startswith(f"partnership:{project.pk}:")
    ]
    assert len(ties) == 6  # 4 partners: 6 pairs
    assert counts["source:partnership"] == 12  # and 6 for project B
    assert counts["created"] == 12
    for tie in ties:
        assert tie.kind == TieKind.PARTNERSHIP
        assert tie.source_org_id < tie.target_org_id
        assert not tie.directed
        assert (tie.started_on, tie.ended_on) == (dt.date(2021, 3, 1), dt.date(2022, 9, 30))
        assert list(tie.projects.all()) == [project]


def test_deriving_twice_changes_nothing(personas: Personas) -> None:
    derive_observed_ties(programme=personas.programme)
    before = snapshot(personas.programme)
    counts = derive_observed_ties(programme=personas.programme)
    assert (counts["created"], counts["updated"], counts["removed"]) == (0, 0, 0)
    assert counts["unchanged"] == 12
    assert snapshot(personas.programme) == before


def test_removing_a_partnership_removes_its_observed_ties(personas: Personas) -> None:
    derive_observed_ties(programme=personas.programme)
    leaving = f.project_organisations(personas.project)[3]
    Partnership.objects.filter(project=personas.project, organisation=leaving).delete()
    counts = derive_observed_ties(programme=personas.programme)
    assert counts["removed"] == 3
    remaining = observed(personas.programme)
    assert len(remaining) == 9
    assert all(leaving.pk not in (t.source_org_id, t.target_org_id) for t in remaining)


def test_a_projects_new_dates_update_its_ties(personas: Personas) -> None:
    derive_observed_ties(programme=personas.programme)
    Project.objects.filter(pk=personas.project.pk).update(end_date=dt.date(2023, 6, 30))
    counts = derive_observed_ties(programme=personas.programme)
    assert (counts["created"], counts["updated"], counts["removed"]) == (0, 6, 0)
    changed = [t for t in observed(personas.programme) if t.ended_on == dt.date(2023, 6, 30)]
    assert len(changed) == 6


def test_recorded_and_declared_ties_are_left_alone(personas: Personas) -> None:
    from .factories import declare, make_tie, make_wave

    a = f.project_organisations(personas.project)
    recorded = make_tie(personas.programme, a[0], a[1])
    answer = declare(make_wave(personas.programme), a[0], [a[2]])
    derive_observed_ties(programme=personas.programme)
    Partnership.objects.filter(project=personas.project).delete()
    derive_observed_ties(programme=personas.programme)
    assert Tie.objects.filter(pk=recorded.pk).exists()
    assert answer.ties.count() == 1


# --- Breakout groups ---------------------------------------------------------------------------------
def breakout(personas: Personas) -> tuple[Meeting, list[Organisation], list[Organisation]]:
    """A meeting with one round of two groups: group 1 has two organisations of project A and
    one of project B; group 2 one of A and one of B."""
    start = dt.datetime(2022, 3, 15, 9, 30, tzinfo=ROME)
    meeting = mf.make_meeting(personas.programme, start=start, status="held")
    a = f.project_organisations(personas.project)
    b = f.project_organisations(personas.other_project)
    rnd = BreakoutRound.objects.create(meeting=meeting, title="Gruppi")
    groups = [BreakoutGroup.objects.create(round=rnd, number=n) for n in (1, 2)]
    for group, project, organisation in [
        (groups[0], personas.project, a[0]),
        (groups[0], personas.project, a[1]),
        (groups[0], personas.other_project, b[0]),
        (groups[1], personas.project, a[2]),
        (groups[1], personas.other_project, b[1]),
    ]:
        registration = mf.make_registration(meeting, f.make_user(), project, organisation)
        BreakoutMember.objects.create(round=rnd, group=group, registration=registration)
    return meeting, a, b


def test_organisations_of_different_projects_in_a_breakout_group_exchange_information(
    personas: Personas,
) -> None:
    meeting, a, b = breakout(personas)
    derive_observed_ties(programme=personas.programme)
    ties = [t for t in observed(personas.programme) if t.observed_key.startswith("breakout:")]
    pairs = {(t.source_org_id, t.target_org_id) for t in ties}
    assert pairs == {pair(a[0].pk, b[0].pk), pair(a[1].pk, b[0].pk), pair(a[2].pk, b[1].pk)}
    for tie in ties:
        assert (tie.kind, tie.strength, tie.started_on, tie.ended_on) == (
            TieKind.INFORMATION,
            1,
            dt.date(2022, 3, 15),
            None,
        )
        assert set(tie.projects.all()) == {personas.project, personas.other_project}
        assert tie.observed_key.startswith(f"breakout:{meeting.pk}:")


def test_a_cancelled_meeting_shows_no_tie(personas: Personas) -> None:
    meeting, _a, _b = breakout(personas)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    counts = derive_observed_ties(programme=personas.programme)
    assert counts["source:breakout"] == 0


# --- Lessons learned ---------------------------------------------------------------------------------
def test_lessons_written_together_or_reused_tie_the_lead_partners(personas: Personas) -> None:
    third = f.make_project(programme=personas.programme, acronym="Radici")
    together = make_lesson(personas.programme, projects=[personas.project, personas.other_project])
    reused = make_lesson(personas.programme, projects=[personas.project], reused_by=[third])
    make_lesson(
        personas.programme, status="draft", projects=[personas.other_project, third]
    )  # drafts are not shared yet
    derive_observed_ties(programme=personas.programme)
    ties = {
        t.observed_key: t
        for t in observed(personas.programme)
        if t.observed_key.startswith("lesson:")
    }
    assert len(ties) == 2
    a, b, c = lead(personas.project), lead(personas.other_project), lead(third)
    co = next(t for t in ties.values() if t.kind == TieKind.CO_DESIGN)
    info = next(t for t in ties.values() if t.kind == TieKind.INFORMATION)
    assert (co.source_org_id, co.target_org_id) == pair(a.pk, b.pk)
    assert co.observed_key.startswith(f"lesson:{together.pk}:")
    assert (info.source_org_id, info.target_org_id) == pair(a.pk, c.pk)
    assert info.observed_key.startswith(f"lesson:{reused.pk}:")
    assert set(info.projects.all()) == {personas.project, third}


# --- The registry of sources, the queries, the command ------------------------------------------------
@pytest.fixture
def forum_source(personas: Personas) -> Iterator[list[ObservedTie]]:
    found: list[ObservedTie] = []
    observed_sources.register("forum", lambda programme: list(found))
    yield found
    observed_sources.unregister("forum")


def test_another_app_registers_its_own_source(
    personas: Personas, forum_source: list[ObservedTie]
) -> None:
    a = f.project_organisations(personas.project)
    b = f.project_organisations(personas.other_project)
    forum_source.append(
        ObservedTie("forum:answer:7", a[1].pk, b[2].pk, TieKind.INFORMATION, 1,
                    dt.date(2022, 2, 2), None, (personas.project.pk,))
    )  # fmt: skip
    counts = derive_observed_ties(programme=personas.programme)
    assert counts["source:forum"] == 1
    tie = Tie.objects.get(observed_key="forum:answer:7")
    assert list(tie.projects.all()) == [personas.project]
    forum_source.clear()
    assert derive_observed_ties(programme=personas.programme)["removed"] == 1


def test_a_source_may_not_tie_an_organisation_to_itself(
    personas: Personas, forum_source: list[ObservedTie]
) -> None:
    a = f.project_organisations(personas.project)
    forum_source.append(
        ObservedTie("forum:self", a[0].pk, a[0].pk, "information", 1, None, None, ())
    )
    derive_observed_ties(programme=personas.programme)
    assert not Tie.objects.filter(observed_key="forum:self").exists()


def count_queries(programme: Programme) -> int:
    with CaptureQueriesContext(connection) as ctx:
        derive_observed_ties(programme=programme)
    return len(ctx.captured_queries)


def test_deriving_runs_a_fixed_number_of_queries_whatever_the_size(personas: Personas) -> None:
    breakout(personas)
    make_lesson(personas.programme, projects=[personas.project, personas.other_project])
    first = count_queries(personas.programme)
    again = count_queries(personas.programme)
    for _ in range(6):
        f.make_project(programme=personas.programme, partners=6)
    bigger = count_queries(personas.programme)
    bigger_again = count_queries(personas.programme)
    assert bigger_again == again  # reading: one query per source and two for the ties
    assert bigger <= first + 2  # writing: in batches (SQLite caps the size of a statement)


def test_the_command_derives_one_programme_or_all(personas: Personas) -> None:
    out = StringIO()
    call_command("derive_network_ties", "--programme", personas.programme.slug, stdout=out)
    assert f"{personas.programme.slug}: source:partnership 12" in out.getvalue()
    out = StringIO()
    call_command("derive_network_ties", stdout=out)
    assert "created 0" in out.getvalue()
    with pytest.raises(Exception, match="No programme"):
        call_command("derive_network_ties", "--programme", "nessuno", stdout=StringIO())
