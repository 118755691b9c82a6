"""Demo data: the mentoring file of every Territori Inclusivi project. Two to four sessions per
project over 2021–2022 (on site at a partner's address in one of the project's towns, or
online), with the demo mentors and the project's people; strengths, critical issues and
opportunities with their dated history; actions in every status with follow-up notes; and the
lead partner's capacity scored at the first session and again at the last.

Idempotent like the other seeds: every row has a natural key (a session's project and start,
a finding's project and title, an action's project and description, an update's parent and
date), rows are matched in bulk, and a second run on the same day creates and changes nothing.
Open actions are dated from today, so the home pages and the reminders always have something
to show: every project's coordinator owns one action due in two days and one overdue. What is
drawn at random is drawn from a generator seeded with the project's acronym, so every run and
every copy of the programme (`scale` > 1) draws the same. The texts are in `seed_data.py` and
carry no personal data of the people the projects serve.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from tessere.core.seeding import BulkWriter
from tessere.meetings.seed_data import rome
from tessere.meetings.seeds import programme_slug
from tessere.registry.models import Partnership, Programme, ProgrammeRole, Project, ProjectRole
from tessere.registry.seed_data import PROJECTS

from .models import (
    Action,
    ActionUpdate,
    CapacityAssessment,
    Finding,
    FindingUpdate,
    Session,
    SessionParticipant,
    SharedResource,
)
from .seed_data import (
    ACTION_NOTES,
    CAPACITY_COMMENTS,
    COORDINATOR_OVERDUE,
    COORDINATOR_SOON,
    CRITICAL,
    FINDING_ACTIONS,
    FINDING_NOTES,
    FIRST_SESSION,
    FLAT_PROJECT,
    FOUR_SESSIONS,
    LAST_SESSION,
    MIDDLE_SESSIONS,
    OPPORTUNITIES,
    RESOURCES,
    SESSION_ACTIONS,
    STREETS,
    STRENGTHS,
    TWO_SESSIONS,
    FindingText,
    SessionText,
    check_content,
)

LAST_DAY = dt.date(2022, 12, 15)  # mentoring sessions end with 2022
ORDER = {spec.acronym: index for index, spec in enumerate(PROJECTS)}
SLOTS = (("10:00", "12:30"), ("14:30", "17:00"), ("09:30", "12:00"))


@dataclass
class Person:
    user_id: int
    organisation_id: int | None
    role: str


@dataclass
class Team:
    """What the seed needs of one project: its people, places and mentors."""

    project: Project
    rng: random.Random
    mentors: list[int]
    coordinator: Person | None
    lead: str = ""  # the lead partner's name
    people: list[Person] = field(default_factory=list)
    venues: list[tuple[str, int]] = field(default_factory=list)  # (organisation, town) pairs

    def owner(self, index: int) -> int:
        """The index-th person of the partnership who is not the coordinator (cycling)."""
        others = [p for p in self.people if p is not self.coordinator] or self.people
        return others[index % len(others)].user_id


def session_days(project: Project, count: int) -> list[dt.date]:
    """`count` weekdays from a month after the start to before the end of 2022, evenly spread."""
    start = (project.start_date or dt.date(2021, 3, 1)) + dt.timedelta(days=30)
    end = min(project.end_date or LAST_DAY, LAST_DAY) - dt.timedelta(days=45)
    step = (end - start) / max(count - 1, 1)
    days = []
    for index in range(count):
        day = start + step * index
        while day.weekday() not in (1, 2, 3):  # Tuesday to Thursday
            day += dt.timedelta(days=1)
        days.append(day)
    return days


def texts(count: int) -> list[SessionText]:
    middle = [MIDDLE_SESSIONS[i % len(MIDDLE_SESSIONS)] for i in range(count - 2)]
    return [FIRST_SESSION, *middle, LAST_SESSION]


def _fill(text: str, values: dict[str, str]) -> str:
    return text.format(**values)


class _Seeder:
    def __init__(self, writer: BulkWriter, today: dt.date) -> None:
        self.writer = writer
        self.today = today
        self.warnings: list[str] = []

    # --- Who and where ---------------------------------------------------------------------
    def teams(self, programme: Programme) -> list[Team]:
        projects = sorted(
            Project.objects.filter(programme=programme).prefetch_related("territories"),
            key=lambda p: (ORDER.get(p.acronym, len(ORDER)), p.pk),
        )
        mentors = list(
            ProgrammeRole.objects.filter(programme=programme, role=ProgrammeRole.Role.MENTOR)
            .order_by("pk")
            .values_list("user_id", flat=True)
        )
        if not mentors:
            self.warnings.append(f"{programme}: no mentors, no mentoring file")
            return []
        people: dict[int, list[Person]] = {}
        for project_id, user_id, organisation_id, role in (
            ProjectRole.objects.filter(project__programme=programme)
            .order_by("pk")
            .values_list("project_id", "user_id", "organisation_id", "role")
        ):
            known = people.setdefault(project_id, [])
            same = next((p for p in known if p.user_id == user_id), None)
            if same is None:
                known.append(Person(user_id, organisation_id, role))
            elif role == ProjectRole.Role.COORDINATOR:  # a representative who also coordinates
                same.role = role
        partners: dict[int, list[tuple[str, str, int | None]]] = {}
        for project_id, name, role, town in (
            Partnership.objects.filter(project__programme=programme)
            .order_by("pk")
            .values_list(
                "project_id", "organisation__name", "role", "organisation__municipality_id"
            )
        ):
            partners.setdefault(project_id, []).append((name, role, town))
        teams = []
        for index, project in enumerate(projects):
            towns = {t.pk for t in project.territories.all()}
            found = people.get(project.pk, [])
            if not found:
                self.warnings.append(f"{project}: nobody in the partnership, no mentoring file")
                continue
            venues = [
                (name, town)
                for name, role, town in sorted(
                    partners.get(project.pk, []), key=lambda p: p[1] != Partnership.Role.LEAD
                )
                if town in towns and town is not None
            ]
            coordinator = next((p for p in found if p.role == ProjectRole.Role.COORDINATOR), None)
            rotated = [mentors[(index + i) % len(mentors)] for i in range(min(2, len(mentors)))]
            lead = next(
                (n for n, r, _t in partners.get(project.pk, []) if r == Partnership.Role.LEAD),
                project.acronym,
            )
            teams.append(
                Team(
                    project,
                    random.Random(f"mentoring:{project.acronym}"),
                    rotated,
                    coordinator,
                    lead,
                    found,
                    venues,
                )
            )
        return teams

    # --- Sessions --------------------------------------------------------------------------
    def sessions(self, teams: list[Team]) -> dict[int, list[Session]]:
        rows: list[dict[str, Any]] = []
        plan: list[tuple[Team, list[int], list[Person]]] = []
        for team in teams:
            project, rng = team.project, team.rng
            count = (
                2
                if project.acronym in TWO_SESSIONS
                else 4
                if project.acronym in FOUR_SESSIONS
                else 3
            )
            days = session_days(project, count)
            silent = rng.randrange(1, count) if count > 2 and rng.random() < 0.5 else None
            for position, (day, text) in enumerate(zip(days, texts(count), strict=True)):
                slot = SLOTS[rng.randrange(len(SLOTS))]
                online = (0 < position < count - 1 and rng.random() < 0.6) or not team.venues
                venue = (
                    team.venues[0 if position == 0 else rng.randrange(len(team.venues))]
                    if not online
                    else None
                )
                values = {
                    "project": project.acronym,
                    "lead": team.lead,
                    "town": self._town_name(team, venue),
                }
                start, end = rome(day, slot[0]), rome(day, slot[1])
                rows.append(
                    {
                        "project_id": project.pk,
                        "start": start,
                        "end": end,
                        "mode": Session.Mode.ONLINE if online else Session.Mode.ON_SITE,
                        "address": f"{venue[0]}, {STREETS[rng.randrange(len(STREETS))]} {rng.randint(1, 60)}"
                        if venue
                        else "",
                        "municipality_id": venue[1] if venue else None,
                        "agenda": _fill(text.agenda, values),
                        "notes": _fill(text.notes, values),
                        "monitoring_summary": ""
                        if position == silent
                        else _fill(text.monitoring, values),
                        "next_steps": _fill(text.next_steps, values),
                        "created_by_id": team.mentors[0],
                        "created_at": end + dt.timedelta(days=1),
                    }
                )
                mentors = team.mentors if position in (0, count - 1) else team.mentors[:1]
                present = [p for p in team.people if p is team.coordinator]
                others = [p for p in team.people if p is not team.coordinator]
                present += rng.sample(others, min(len(others), rng.randint(2, 4)))
                plan.append((team, mentors, present))
        index = self.writer.sync(
            Session,
            rows,
            ("project_id", "start"),
            Session.objects.filter(project__in=[t.project for t in teams]),
            create_only=("created_at",),
        )
        sessions = [index[(row["project_id"], row["start"])] for row in rows]
        self.writer.sync_m2m(
            Session.mentors.through,
            "session_id",
            "user_id",
            {s.pk: set(mentors) for s, (_t, mentors, _p) in zip(sessions, plan, strict=True)},
        )
        self.writer.sync(
            SessionParticipant,
            [
                {"session_id": s.pk, "user_id": p.user_id, "organisation_id": p.organisation_id}
                for s, (_t, _m, present) in zip(sessions, plan, strict=True)
                for p in present
            ],
            ("session_id", "user_id"),
            SessionParticipant.objects.filter(session__in=sessions),
        )
        by_project: dict[int, list[Session]] = {}
        for session in sessions:
            by_project.setdefault(session.project_id, []).append(session)
        resources = []
        for project_sessions in by_project.values():
            for position, session in enumerate(project_sessions[1:-1] or project_sessions[-1:]):
                title, url = RESOURCES[(session.project_id + position) % len(RESOURCES)]
                resources.append(
                    {
                        "session_id": session.pk,
                        "title": title,
                        "url": url,
                        "note": "Condiviso durante l'incontro.",
                    }
                )
        self.writer.sync(
            SharedResource,
            resources,
            ("session_id", "title"),
            SharedResource.objects.filter(session__in=sessions),
        )
        return by_project

    @staticmethod
    def _town_name(team: Team, venue: tuple[str, int] | None) -> str:
        town_id = venue[1] if venue else (team.venues[0][1] if team.venues else None)
        for territory in team.project.territories.all():
            if territory.pk == town_id:
                return territory.name
        return next((t.name for t in team.project.territories.all()), "")

    # --- Findings --------------------------------------------------------------------------
    def findings(
        self, teams: list[Team], sessions: dict[int, list[Session]]
    ) -> dict[int, list[tuple[Finding, int]]]:
        rows: list[dict[str, Any]] = []
        steps: list[list[tuple[dt.date, str, int]]] = []
        picks: list[tuple[Team, FindingText, int]] = []  # the critical issue's rank, -1 if none
        for team in teams:
            rng, project = team.rng, team.project
            held = sessions[project.pk]
            days = [s.start.date() for s in held]
            values = {
                "project": project.acronym,
                "lead": team.lead,
                "town": self._town_name(team, None),
            }
            chosen: list[tuple[FindingText, int, int]] = []  # (text, session index, rank)
            chosen += [(t, 0, -1) for t in rng.sample(STRENGTHS, 2)]
            criticals = rng.sample(CRITICAL, 3)
            chosen += [
                (t, 0 if rank < 2 else min(1, len(held) - 1), rank)
                for rank, t in enumerate(criticals)
            ]
            for t in rng.sample(OPPORTUNITIES, 1 + (len(held) > 2)):
                chosen.append((t, rng.randrange(1, len(held)), -1))
            flat = project.acronym == FLAT_PROJECT
            for text, at, rank in chosen:
                later = days[at + 1 :]
                if text.kind == "critical":
                    path = (["addressing", "resolved"], ["addressing"], [])[rank]
                    if flat:  # nothing was solved there
                        path = ["addressing"] if rank == 0 else []
                elif text.kind == "opportunity":
                    path = ["addressing"]
                else:
                    path = []
                history = [(days[at], "open", team.mentors[0])]
                for day, status in zip(later, path, strict=False):
                    author = (
                        team.coordinator.user_id
                        if team.coordinator and status == "addressing"
                        else team.mentors[0]
                    )
                    history.append((day, status, author))
                shared = (
                    rank == 0
                    or (text.kind == "strength" and text is chosen[0][0])
                    or (rank == 1 and rng.random() < 0.5)
                )
                session = held[at]
                rows.append(
                    {
                        "project_id": project.pk,
                        "session_id": session.pk,
                        "kind": text.kind,
                        "area": text.area,
                        "title": text.title,
                        "description": _fill(text.description, values),
                        "severity": text.severity,
                        "status": history[-1][1],
                        "shared_with_monitoring": shared,
                        "created_by_id": team.mentors[0],
                        "created_at": session.end,
                    }
                )
                steps.append(history)
                picks.append((team, text, rank))
        index = self.writer.sync(
            Finding,
            rows,
            ("project_id", "title"),
            Finding.objects.filter(project__in=[t.project for t in teams]),
            create_only=("created_at",),
        )
        findings = [index[(row["project_id"], row["title"])] for row in rows]
        updates = [
            {
                "finding_id": finding.pk,
                "date": day,
                "status": status,
                "note": FINDING_NOTES[status],
                "author_id": author,
            }
            for finding, history in zip(findings, steps, strict=True)
            for day, status, author in history
        ]
        self.writer.sync(
            FindingUpdate,
            updates,
            ("finding_id", "date"),
            FindingUpdate.objects.filter(finding__in=findings),
        )
        result: dict[int, list[tuple[Finding, int]]] = {}
        for finding, (team, _text, rank) in zip(findings, picks, strict=True):
            result.setdefault(team.project.pk, []).append((finding, rank))
        return result

    # --- Actions ---------------------------------------------------------------------------
    def actions(
        self,
        teams: list[Team],
        sessions: dict[int, list[Session]],
        findings: dict[int, list[tuple[Finding, int]]],
    ) -> list[Action]:
        today = self.today
        rows: list[dict[str, Any]] = []
        notes: list[Sequence[tuple[dt.date, str, int]]] = []

        def add(
            team: Team, session: Session, finding: Finding | None, text: str, owner: int,
            status: str, due: dt.date, history: Sequence[tuple[dt.date, str, int]],
        ) -> None:  # fmt: skip
            done = next((day for day, s, _a in history if s == Action.Status.DONE), None)
            rows.append(
                {
                    "project_id": team.project.pk,
                    "session_id": session.pk,
                    "finding_id": finding.pk if finding else None,
                    "description": text,
                    "owner_id": owner,
                    "due_date": due,
                    "status": status,
                    "done_at": rome(done, "17:00") if done else None,
                    "created_by_id": team.mentors[0],
                    "created_at": session.end,
                }
            )
            notes.append(history)

        for team in teams:
            rng = team.rng
            held = sessions[team.project.pk]
            last = held[-1]
            for finding, rank in findings[team.project.pk]:
                if rank < 0:
                    continue
                session = next(s for s in held if s.pk == finding.session_id)
                start = session.start.date()
                owner = team.owner(rank)
                text = FINDING_ACTIONS[finding.area]
                if rank == 0:  # done, a couple of months later
                    due = start + dt.timedelta(days=60)
                    history = [
                        (start + dt.timedelta(days=14), Action.Status.IN_PROGRESS, owner),
                        (due - dt.timedelta(days=rng.randint(1, 10)), Action.Status.DONE, owner),
                    ]
                    add(team, session, finding, text, owner, Action.Status.DONE, due, history)
                elif rank == 1:  # in progress, due in a few weeks
                    history = [
                        (
                            today - dt.timedelta(days=rng.randint(3, 12)),
                            Action.Status.IN_PROGRESS,
                            owner,
                        )
                    ]
                    due = today + dt.timedelta(days=rng.randint(10, 40))
                    add(
                        team, session, finding, text, owner, Action.Status.IN_PROGRESS, due, history
                    )
                else:  # still open, and overdue
                    due = today - dt.timedelta(days=rng.randint(15, 40))
                    add(team, session, finding, text, owner, Action.Status.OPEN, due, [])
            agreed = rng.sample(SESSION_ACTIONS, len(held))
            for position, (session, text) in enumerate(zip(held, agreed, strict=True)):
                start = session.start.date()
                owner = team.owner(position + 1)
                if session is last:
                    due = today + dt.timedelta(days=rng.randint(12, 30))
                    history = [(today - dt.timedelta(days=2), Action.Status.OPEN, owner)]
                    add(team, session, None, text, owner, Action.Status.OPEN, due, history)
                elif position == 1:  # dropped: a later decision made it moot
                    due = start + dt.timedelta(days=45)
                    history = [
                        (start + dt.timedelta(days=30), Action.Status.DROPPED, team.mentors[0])
                    ]
                    add(team, session, None, text, owner, Action.Status.DROPPED, due, history)
                else:
                    due = start + dt.timedelta(days=30)
                    history = [(due - dt.timedelta(days=2), Action.Status.DONE, owner)]
                    add(team, session, None, text, owner, Action.Status.DONE, due, history)
            if team.coordinator is not None:
                me = team.coordinator.user_id
                add(
                    team,
                    last,
                    None,
                    COORDINATOR_SOON,
                    me,
                    Action.Status.OPEN,
                    today + dt.timedelta(days=2),
                    [],
                )
                add(
                    team, last, None, COORDINATOR_OVERDUE, me, Action.Status.IN_PROGRESS,
                    today - dt.timedelta(days=6),
                    [(today - dt.timedelta(days=20), Action.Status.IN_PROGRESS, me)],
                )  # fmt: skip
        index = self.writer.sync(
            Action,
            rows,
            ("project_id", "description"),
            Action.objects.filter(project__in=[t.project for t in teams]),
            create_only=("created_at",),
        )
        actions = [index[(row["project_id"], row["description"])] for row in rows]
        updates = [
            {
                "action_id": action.pk,
                "date": day,
                "status": status,
                "note": ACTION_NOTES[status],
                "author_id": author,
            }
            for action, history in zip(actions, notes, strict=True)
            for day, status, author in history
        ]
        self.writer.sync(
            ActionUpdate,
            updates,
            ("action_id", "date"),
            ActionUpdate.objects.filter(action__in=actions),
        )
        return actions

    # --- Capacity --------------------------------------------------------------------------
    def capacity(self, teams: list[Team], sessions: dict[int, list[Session]]) -> None:
        rows: list[dict[str, Any]] = []
        for team in teams:
            rng = random.Random(f"capacity:{team.project.acronym}")
            held = sessions[team.project.pk]
            first = {
                "organise": rng.randint(2, 3),
                "monitor": rng.randint(1, 2),
                "mechanisms": rng.randint(1, 2),
            }
            if team.project.acronym == FLAT_PROJECT:
                first["organise"] = 3
                later = {**first, "organise": 2}
                comment = CAPACITY_COMMENTS["flat"]
            else:
                later = {
                    "organise": min(4, first["organise"] + rng.randint(0, 1)),
                    "monitor": min(4, first["monitor"] + rng.randint(1, 2)),
                    "mechanisms": min(4, first["mechanisms"] + 1),
                }
                comment = CAPACITY_COMMENTS["improved"]
            for session, scores, text in (
                (held[0], first, CAPACITY_COMMENTS["first"]),
                (held[-1], later, comment),
            ):
                rows.append(
                    {
                        "project_id": team.project.pk,
                        "session_id": session.pk,
                        "date": session.start.date(),
                        **scores,
                        "comment": text,
                        "assessed_by_id": team.mentors[0],
                        "created_at": session.end,
                    }
                )
        self.writer.sync(
            CapacityAssessment,
            rows,
            ("project_id", "date"),
            CapacityAssessment.objects.filter(project__in=[t.project for t in teams]),
            create_only=("created_at",),
        )

    def run(self, programme: Programme) -> list[int]:
        teams = self.teams(programme)
        if not teams:
            return []
        sessions = self.sessions(teams)
        findings = self.findings(teams, sessions)
        self.actions(teams, sessions, findings)
        self.capacity(teams, sessions)
        return [t.project.pk for t in teams]


def seed(
    *, scale: int = 1, stdout: TextIO | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """Write the mentoring files of the demo programme (and of its copies, for `scale` > 1).

    Needs the registry seed; `today` moves the dates of the open actions (tests)."""
    if scale < 1:
        raise ValueError("scale must be 1 or more")
    check_content()
    writer = BulkWriter()
    seeder = _Seeder(writer, today or timezone.localdate())
    project_ids: list[int] = []
    with transaction.atomic():
        for copy in range(1, scale + 1):
            programme = Programme.objects.filter(slug=programme_slug(copy)).first()
            if programme is None:
                seeder.warnings.append(
                    f"programme {programme_slug(copy)} not found: seed the registry first"
                )
                continue
            project_ids += seeder.run(programme)
    return {
        "sessions": Session.objects.filter(project_id__in=project_ids).count(),
        "findings": Finding.objects.filter(project_id__in=project_ids).count(),
        "actions": Action.objects.filter(project_id__in=project_ids).count(),
        "capacity assessments": CapacityAssessment.objects.filter(
            project_id__in=project_ids
        ).count(),
        "created": dict(writer.created),
        "updated": dict(writer.updated),
        "warnings": seeder.warnings,
    }
