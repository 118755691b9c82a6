"""The permission matrix: every URL of the site, as every persona, has an expected answer.

The URL list is read from the URLconf, so a new page without a row in EXPECTED fails
`test_every_url_has_an_expected_answer_for_every_persona`. Our own pages are listed one by
one; the Django admin and allauth are covered by group rules further down.

Notation: `expect(default, **overrides)` gives every persona the default answer except the
ones named; `LOGIN` is a redirect to the login page; `DONE` (POST only) is a redirect after
the write happened. A denied POST must also leave the database as it was.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib import admin
from django.db.models import QuerySet
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from conftest import PERSONA_NAMES, Personas
from tessere.accounts.models import CalendarToken, User
from tessere.accounts.services import issue_calendar_token
from tessere.core.models import AuditEntry
from tessere.core.testing import is_login_redirect, rows
from tessere.learning.models import Lesson
from tessere.learning.tests import factories as lf
from tessere.meetings.ics import ROME
from tessere.meetings.models import (
    AgendaItem,
    BreakoutMember,
    BreakoutRound,
    Harvest,
    Material,
    Meeting,
    Method,
    Registration,
)
from tessere.meetings.services.groups import make_breakout_round
from tessere.meetings.tests import factories as mf
from tessere.mentoring.models import (
    Action,
    ActionUpdate,
    CapacityAssessment,
    Finding,
    FindingUpdate,
    Session,
)
from tessere.mentoring.tests import factories as mtf
from tessere.networks.models import Response, Tie, Wave
from tessere.networks.tests import factories as nf
from tessere.notifications.forms import field_name as pref_field_name
from tessere.notifications.models import (
    Notification,
    NotificationPreference,
    NotificationSettings,
)
from tessere.notifications.registry import kinds
from tessere.notifications.services import unsubscribe_token
from tessere.opportunities.models import Opportunity
from tessere.opportunities.tests import factories as of
from tessere.registry import services
from tessere.registry.models import (
    Invitation,
    Organisation,
    Partnership,
    ProgrammeRole,
    ProjectRole,
    Territory,
)
from tessere.registry.tests import factories as f

from . import matrix_platform
from .matrix_platform import PlatformWorld, PostCase, platform_world

Outcome = int | str
LOGIN = "302 to login"
DONE = "302, written"

ANONYMOUS = "anonymous"
ADMINS = ("programme_admin", "superuser")
# Who runs the community's meetings: the programme's admins and facilitators (and superusers).
MEETING_TEAM = ("programme_admin", "facilitator", "superuser")
# Who edits and validates lessons learned: the programme team (admins, facilitators, mentors).
LESSON_TEAM = ("programme_admin", "facilitator", "mentor", "superuser")
# Mentoring: the programme team writes the file; the project's coordinators (and the people of
# its lead partner, tested in mentoring/tests/test_confidentiality.py) read all of it; the
# funder's monitors and the call's project manager read what is shared; everybody else, the
# representative of a (non-lead) partner included, is told nothing exists (404).
MENTORING_TEAM = ("programme_admin", "facilitator", "mentor", "superuser")
MENTORING_FILE = ("coordinator", *MENTORING_TEAM)
MENTORING_SHARED = ("monitor", "project_manager")
# Networks: the programme team runs the waves and records ties.
NETWORK_TEAM = ("programme_admin", "facilitator", "mentor", "superuser")
# Opportunities: the author (the representative), project A's coordinator, the programme team.
OPP_EDITORS = (
    "representative",
    "coordinator",
    "programme_admin",
    "facilitator",
    "mentor",
    "superuser",
)


def expect(default: Outcome, **overrides: Outcome) -> dict[str, Outcome]:
    unknown = set(overrides) - set(PERSONA_NAMES)
    assert not unknown, f"not personas: {sorted(unknown)}"
    return {name: overrides.get(name, default) for name in PERSONA_NAMES}


def each(names: Iterable[str], outcome: Outcome) -> dict[str, Outcome]:
    return dict.fromkeys(names, outcome)


# --- GET, every named URL of our own apps ------------------------------------------------------
EXPECTED: dict[str, dict[str, Outcome]] = {
    # Public pages: the programme, its projects and organisations are open to anyone.
    "registry:home": expect(200),
    "registry:programme_detail": expect(200),
    "registry:project_list": expect(200),
    "registry:project_detail": expect(200),
    "registry:organisation_list": expect(200),
    "registry:organisation_detail": expect(200),
    # The people directory: members only; an account without a role is refused.
    "registry:person_list": expect(200, anonymous=LOGIN, outsider=403),
    "registry:person_detail": expect(200, anonymous=LOGIN, outsider=403),
    # One's own pages.
    "registry:me": expect(200, anonymous=LOGIN),
    "accounts:profile": expect(200, anonymous=LOGIN),
    # Invitations: managed by the programme admins; the link itself opens for anyone.
    "registry:invitation_list": expect(403, anonymous=LOGIN, **each(ADMINS, 200)),
    "registry:invitation_revoke": expect(405, anonymous=LOGIN),  # POST only, below
    "registry:invitation_accept": expect(200),
    # The language switch answers GET with a redirect and changes nothing.
    "set_language": expect(302),
    # --- Meetings. The matrix meeting is public, online, starts in ten minutes (registration,
    # the online link and check-in are open); the representative has a place and attended, the
    # coordinator has a place, the other representative is on the waiting list.
    "meetings:meeting_list": expect(200),
    "meetings:meeting_detail": expect(200),
    "meetings:meeting_ics": expect(200),
    "meetings:method_list": expect(200),
    # --- The calendar (agenda app): everything dated each person may see; the feed's token is
    # its key.
    "agenda:month": expect(200),
    "agenda:week": expect(200),
    "agenda:list": expect(200),
    "agenda:personal_feed": expect(200),
    "meetings:public_feed": expect(200),
    # The meeting team's pages.
    "meetings:meeting_create": expect(403, anonymous=LOGIN, **each(MEETING_TEAM, 200)),
    "meetings:meeting_edit": expect(403, anonymous=LOGIN, **each(MEETING_TEAM, 200)),
    "meetings:agenda_edit": expect(403, anonymous=LOGIN, **each(MEETING_TEAM, 200)),
    "meetings:material_add": expect(403, anonymous=LOGIN, **each(MEETING_TEAM, 200)),
    "meetings:minutes_edit": expect(403, anonymous=LOGIN, **each(MEETING_TEAM, 200)),
    "meetings:meeting_close": expect(403, anonymous=LOGIN, **each(MEETING_TEAM, 200)),
    "meetings:registration_list": expect(403, anonymous=LOGIN, **each(MEETING_TEAM, 200)),
    "meetings:round_list": expect(403, anonymous=LOGIN, **each(MEETING_TEAM, 200)),
    "meetings:round_detail": expect(403, anonymous=LOGIN, **each(MEETING_TEAM, 200)),
    "meetings:round_export": expect(403, anonymous=LOGIN, **each(MEETING_TEAM, 200)),
    "meetings:attendance": expect(403, anonymous=LOGIN, **each(MEETING_TEAM, 200)),
    # Members: materials (a link: a redirect to it), registering, harvests (recorded by the team
    # and the people with a place, read by the other members).
    "meetings:material_download": expect(302, anonymous=LOGIN, outsider=403),
    "meetings:register": expect(200, anonymous=LOGIN, outsider=403),
    "meetings:harvest_edit": expect(200, anonymous=LOGIN, outsider=403),
    # Logged in: one's calendar feed settings; the check-in page (checking in needs a place).
    "agenda:feed_settings": expect(200, anonymous=LOGIN),
    "meetings:check_in": expect(200, anonymous=LOGIN),
    # The online link: people with a place and the team, from 15 minutes before the start.
    "meetings:online_link": expect(
        403, anonymous=LOGIN, representative=302, coordinator=302, **each(MEETING_TEAM, 302)
    ),
    # The certificate: who attended.
    "meetings:certificate": expect(403, anonymous=LOGIN, representative=200),
    # POST only (rows below).
    "meetings:agenda_item_delete": expect(405, anonymous=LOGIN),
    "meetings:cancel": expect(405, anonymous=LOGIN),
    "meetings:move_member": expect(405, anonymous=LOGIN),
    "meetings:toggle_attendance": expect(405, anonymous=LOGIN),
    # --- Opportunities: the board is public; members post; the author (the representative),
    # the coordinators of the offering project (A) and the programme team edit.
    "opportunities:board": expect(200),
    "opportunities:archive": expect(200),
    "opportunities:detail": expect(200),
    "opportunities:ics": expect(200),
    "opportunities:create": expect(200, anonymous=LOGIN, outsider=403),
    "opportunities:edit": expect(403, anonymous=LOGIN, **each(OPP_EDITORS, 200)),
    "opportunities:withdraw": expect(405, anonymous=LOGIN),  # POST only, below
    # --- Territorial networks: members of the programme see the network (organisations are
    # public bodies); the programme team runs the survey waves and records ties; coordinators
    # answer for their organisation. The matrix wave "T1" is open.
    **{
        f"networks:{name}": expect(200, anonymous=LOGIN, outsider=403)
        for name in (
            "map",
            "graph_json",
            "compare",
            "export_nodes",
            "export_edges",
            "export_graphml",
            "org_network",
            "wave_list",
            "wave_detail",
            "org_search",
        )
    },
    **{
        f"networks:{name}": expect(403, anonymous=LOGIN, **each(NETWORK_TEAM, 200))
        for name in ("wave_create", "wave_edit", "tie_create", "tie_edit")
    },
    "networks:survey": expect(403, anonymous=LOGIN, coordinator=200, **each(NETWORK_TEAM, 200)),
    **{
        f"networks:{name}": expect(405, anonymous=LOGIN)  # POST only, below
        for name in ("wave_open", "wave_close", "wave_remind")
    },
    # --- Notifications: each person's own. The matrix notification is the representative's.
    "notifications:list": expect(200, anonymous=LOGIN),
    "notifications:preferences": expect(200, anonymous=LOGIN),
    "notifications:count": expect(200, anonymous=204),
    "notifications:open": expect(404, anonymous=LOGIN, representative=302),
    "notifications:mark_read": expect(405, anonymous=LOGIN),  # POST only, below
    "notifications:mark_all_read": expect(405, anonymous=LOGIN),
    # The unsubscribe link works without logging in: the signed token is the key.
    "notifications:unsubscribe": expect(200),
    # --- Lessons learned: members of the programme. The matrix lesson is validated, written by
    # the representative for project A.
    "learning:lesson_list": expect(200, anonymous=LOGIN, outsider=403),
    "learning:lesson_matrix": expect(200, anonymous=LOGIN, outsider=403),
    "learning:lesson_create": expect(200, anonymous=LOGIN, outsider=403),
    "learning:lesson_detail": expect(200, anonymous=LOGIN, outsider=404),
    "learning:lesson_edit": expect(
        403, anonymous=LOGIN, outsider=404, representative=200, **each(LESSON_TEAM, 200)
    ),
    "learning:lesson_validate": expect(405, anonymous=LOGIN),
    "learning:lesson_reuse": expect(405, anonymous=LOGIN),
    # --- Mentoring of project A. The matrix session is shared with the monitoring; the matrix
    # finding is a shared critical issue; the matrix action is owned by the operator (who
    # sees that action and nothing else of the file).
    "mentoring:overview": expect(
        404, anonymous=LOGIN, **each(MENTORING_TEAM, 200), **each(MENTORING_SHARED, 200)
    ),
    "mentoring:project_file": expect(
        404, anonymous=LOGIN, **each(MENTORING_FILE, 200), **each(MENTORING_SHARED, 200)
    ),
    "mentoring:session_detail": expect(
        404, anonymous=LOGIN, **each(MENTORING_FILE, 200), **each(MENTORING_SHARED, 200)
    ),
    "mentoring:finding_detail": expect(
        404, anonymous=LOGIN, **each(MENTORING_FILE, 200), **each(MENTORING_SHARED, 200)
    ),
    # Who changed what: the mentors (the team); those who read the file are refused.
    "mentoring:history": expect(
        404,
        anonymous=LOGIN,
        **each(("coordinator", *MENTORING_SHARED), 403),
        **each(MENTORING_TEAM, 200),
    ),
    # Forms of the team.
    **{
        f"mentoring:{name}": expect(
            404,
            anonymous=LOGIN,
            **each(("coordinator", *MENTORING_SHARED), 403),
            **each(MENTORING_TEAM, 200),
        )
        for name in ("session_create", "session_edit")
    },
    **{
        f"mentoring:{name}": expect(
            404,
            anonymous=LOGIN,
            coordinator=403,
            **each(MENTORING_TEAM, 200),
        )
        for name in ("finding_create", "finding_edit", "action_create", "assessment_create")
    },
    "mentoring:action_detail": expect(
        404, anonymous=LOGIN, operator=200, **each(MENTORING_FILE, 200)
    ),
    "mentoring:action_edit": expect(
        404,
        anonymous=LOGIN,
        **each(("coordinator", "operator"), 403),
        **each(MENTORING_TEAM, 200),
    ),
    "mentoring:capacity": expect(404, anonymous=LOGIN, **each(MENTORING_FILE, 200)),
    # POST only (rows below).
    "mentoring:finding_update": expect(405, anonymous=LOGIN),
    "mentoring:action_update": expect(405, anonymous=LOGIN),
}
EXPECTED.update(matrix_platform.EXPECTED)  # issue 5: the community platform

# --- POST, every view that writes ---------------------------------------------------------------
POST_EXPECTED: dict[str, dict[str, Outcome]] = {
    "registry:invitation_revoke": expect(404, anonymous=LOGIN, **each(ADMINS, DONE)),
    "registry:invitation_list": expect(403, anonymous=LOGIN, **each(ADMINS, DONE)),
    # --- Meetings: the team writes meetings, agendas, materials, minutes, groups, attendance.
    "meetings:meeting_create": expect(403, anonymous=LOGIN, **each(MEETING_TEAM, DONE)),
    "meetings:meeting_edit": expect(403, anonymous=LOGIN, **each(MEETING_TEAM, DONE)),
    "meetings:agenda_edit": expect(403, anonymous=LOGIN, **each(MEETING_TEAM, DONE)),
    "meetings:agenda_item_delete": expect(403, anonymous=LOGIN, **each(MEETING_TEAM, DONE)),
    "meetings:material_add": expect(403, anonymous=LOGIN, **each(MEETING_TEAM, DONE)),
    "meetings:minutes_edit": expect(403, anonymous=LOGIN, **each(MEETING_TEAM, DONE)),
    "meetings:meeting_close": expect(403, anonymous=LOGIN, **each(MEETING_TEAM, DONE)),
    "meetings:method_list": expect(403, anonymous=LOGIN, **each(MEETING_TEAM, DONE)),
    "meetings:round_list": expect(403, anonymous=LOGIN, **each(MEETING_TEAM, DONE)),
    "meetings:move_member": expect(403, anonymous=LOGIN, **each(MEETING_TEAM, DONE)),
    "meetings:attendance": expect(403, anonymous=LOGIN, **each(MEETING_TEAM, DONE)),  # walk-in
    "meetings:toggle_attendance": expect(403, anonymous=LOGIN, **each(MEETING_TEAM, DONE)),
    # Every member registers themself; a person without a role cannot.
    "meetings:register": expect(DONE, anonymous=LOGIN, outsider=403),
    # Cancelling the representative's place: themself, their project's coordinator, the team.
    "meetings:cancel": expect(
        403, anonymous=LOGIN, representative=DONE, coordinator=DONE, **each(MEETING_TEAM, DONE)
    ),
    # Checking in with the code: only a person with a place (the representative); for the
    # others the form answers that they have no place, and nothing is written.
    "meetings:check_in": expect(400, anonymous=LOGIN, representative=DONE),
    # The harvest: the team and the people with a place (the representative) record it.
    "meetings:harvest_edit": expect(
        403, anonymous=LOGIN, representative=DONE, **each(MEETING_TEAM, DONE)
    ),
    # Everyone logged in revokes their own calendar feed link.
    "agenda:feed_settings": expect(DONE, anonymous=LOGIN),
    # --- Opportunities: every member posts; editors edit and withdraw.
    "opportunities:create": expect(DONE, anonymous=LOGIN, outsider=403),
    "opportunities:edit": expect(403, anonymous=LOGIN, **each(OPP_EDITORS, DONE)),
    "opportunities:withdraw": expect(403, anonymous=LOGIN, **each(OPP_EDITORS, DONE)),
    # --- Networks: the team writes waves and recorded ties; the coordinator answers for their
    # organisation (the team may answer on its behalf).
    **{
        f"networks:{name}": expect(403, anonymous=LOGIN, **each(NETWORK_TEAM, DONE))
        for name in (
            "wave_create",
            "wave_edit",
            "wave_open",
            "wave_close",
            "wave_remind",
            "tie_create",
            "tie_edit",
        )
    },
    "networks:survey": expect(403, anonymous=LOGIN, coordinator=DONE, **each(NETWORK_TEAM, DONE)),
    # --- Notifications: one marks one's own as read; the representative's is nobody else's.
    "notifications:mark_read": expect(404, anonymous=LOGIN, representative=DONE),
    "notifications:mark_all_read": expect(DONE, anonymous=LOGIN),
    "notifications:preferences": expect(DONE, anonymous=LOGIN),
    # --- Lessons learned.
    "learning:lesson_create": expect(DONE, anonymous=LOGIN, outsider=403),
    "learning:lesson_edit": expect(
        403, anonymous=LOGIN, outsider=404, representative=DONE, **each(LESSON_TEAM, DONE)
    ),
    # A draft by the representative: only its author and the programme team see it; the team
    # validates it.
    "learning:lesson_validate": expect(
        404, anonymous=LOGIN, representative=403, **each(LESSON_TEAM, DONE)
    ),
    # Project B reused project A's lesson: said by B's representative, or by the team.
    "learning:lesson_reuse": expect(
        403, anonymous=LOGIN, outsider=404, other_representative=DONE, **each(LESSON_TEAM, DONE)
    ),
    # --- Mentoring: the team writes the file; those who only read it are refused (403);
    # everybody else is told nothing exists (404).
    "mentoring:session_create": expect(
        404,
        anonymous=LOGIN,
        **each(("coordinator", *MENTORING_SHARED), 403),
        **each(MENTORING_TEAM, DONE),
    ),
    "mentoring:session_edit": expect(
        404,
        anonymous=LOGIN,
        **each(("coordinator", *MENTORING_SHARED), 403),
        **each(MENTORING_TEAM, DONE),
    ),
    **{
        f"mentoring:{name}": expect(
            404,
            anonymous=LOGIN,
            coordinator=403,
            **each(MENTORING_TEAM, DONE),
        )
        for name in ("finding_create", "finding_edit", "action_create", "assessment_create")
    },
    "mentoring:action_edit": expect(
        404,
        anonymous=LOGIN,
        **each(("coordinator", "operator"), 403),
        **each(MENTORING_TEAM, DONE),
    ),
    # Dated follow-ups: the team and the project's coordinators; on an action, its owner too.
    "mentoring:finding_update": expect(
        404, anonymous=LOGIN, coordinator=DONE, **each(MENTORING_TEAM, DONE)
    ),
    "mentoring:action_update": expect(
        404,
        anonymous=LOGIN,
        coordinator=DONE,
        operator=DONE,
        **each(MENTORING_TEAM, DONE),
    ),
}
POST_EXPECTED.update(matrix_platform.POST_EXPECTED)  # issue 5: the community platform

# Third-party URLs covered by a group rule (tests at the end of this module).
GROUP_RULES = {
    "admin:": "test_admin_is_for_staff_only / test_superuser_opens_every_admin_list",
    "account_": "test_allauth_pages / test_no_allauth_url_fails",
    "mfa_": "test_allauth_pages / test_no_allauth_url_fails",
}


# --- The URLconf, walked -----------------------------------------------------------------------
@dataclass(frozen=True)
class Route:
    name: str | None  # with its namespace, e.g. "registry:home"
    route: str  # the full pattern, for messages

    @property
    def covered_by_group(self) -> bool:
        return self.name is not None and self.name.startswith(tuple(GROUP_RULES))


def walk(resolver: URLResolver, namespace: str = "", prefix: str = "") -> Iterator[Route]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            name = None
            if pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield Route(name, prefix + str(pattern.pattern))


def all_routes() -> list[Route]:
    return list(walk(get_resolver()))


def test_every_url_has_an_expected_answer_for_every_persona() -> None:
    routes = all_routes()
    missing = sorted(
        r.name for r in routes if r.name and r.name not in EXPECTED and not r.covered_by_group
    )
    # Only the admin has catch-all patterns without a name; ours must be named to be listed.
    unnamed = sorted(r.route for r in routes if r.name is None and not r.route.startswith("admin/"))
    assert not missing, f"URLs without a row in EXPECTED: {missing}"
    assert not unnamed, f"URL patterns without a name (cannot be checked): {unnamed}"
    for name, row in EXPECTED.items():
        assert set(row) == set(PERSONA_NAMES), f"{name}: not every persona has an answer"


def test_the_matrix_lists_no_url_that_is_gone() -> None:
    names = {r.name for r in all_routes()}
    assert set(EXPECTED) - names == set()
    assert set(POST_EXPECTED) - names == set()


def test_every_url_that_refuses_get_has_a_post_row() -> None:
    post_only = {name for name, row in EXPECTED.items() if 405 in row.values()}
    assert post_only <= set(POST_EXPECTED), post_only - set(POST_EXPECTED)


# --- The world the URLs point into ---------------------------------------------------------------
def invite(personas: Personas, email: str = "invitee@example.test") -> tuple[Invitation, str]:
    """A pending invitation into a programme role, made by the programme admin."""
    return services.invite_person(
        email=email,
        programme=personas.programme,
        role=ProgrammeRole.Role.EXPERT,
        by=personas.programme_admin,
    )


def soon(personas: Personas, **extra: Any) -> Meeting:
    """An online meeting of the personas' programme that starts in ten minutes: registration,
    the online link and check-in are open. The facilitator persona is named on it."""
    start = timezone.now() + dt.timedelta(minutes=10)
    return mf.make_meeting(
        personas.programme,
        start=start,
        end=start + dt.timedelta(hours=3),
        facilitators=[personas.facilitator],
        **extra,
    )


def ended(personas: Personas) -> Meeting:
    """A meeting that ended yesterday and was not closed yet."""
    start = timezone.now() - dt.timedelta(days=1, hours=4)
    return mf.make_meeting(
        personas.programme, start=start, end=start + dt.timedelta(hours=3), status="confirmed"
    )


def world_cafe(meeting: Meeting) -> AgendaItem:
    return AgendaItem.objects.create(
        meeting=meeting,
        position=1,
        title="World café sulle reti",
        method=Method.objects.get(key="world-cafe"),
        start=meeting.start,
        end=meeting.start + dt.timedelta(hours=1),
    )


def lesson_of(personas: Personas, status: str = Lesson.Status.VALIDATED) -> Lesson:
    """A lesson of project A, written by its representative."""
    return lf.make_lesson(
        personas.programme,
        author=personas.representative,
        status=status,
        projects=[personas.project],
    )


@dataclass
class MeetingWorld:
    """A meeting with everything its URLs point at, and a lesson learned."""

    meeting: Meeting
    item: AgendaItem
    material: Material
    breakout: BreakoutRound
    feed_token: str
    lesson: Lesson
    # Strings only some may see: the online link (people with a place and the team, once it
    # opens) and the check-in code (the team).
    secrets: dict[str, set[str]]


def meeting_world(personas: Personas) -> MeetingWorld:
    p = personas
    meeting = soon(
        p,
        capacity=2,
        title="Incontro della matrice",
        online_url=f"https://meet.example.test/riservato-{uuid.uuid4().hex[:8]}",
    )
    mf.make_registration(meeting, p.representative)
    mf.make_registration(meeting, p.coordinator)
    mf.make_registration(meeting, p.other_representative, status="waitlisted")
    Registration.objects.filter(meeting=meeting, user=p.representative).update(
        attended=True, attended_at=timezone.now(), attendance_source="ticked"
    )
    material = Material.objects.create(
        meeting=meeting, title="Registrazione", kind="link", url="https://example.test/video"
    )
    breakout = make_breakout_round(meeting=meeting, group_count=2, title="Gruppi", by=p.facilitator)
    return MeetingWorld(
        meeting=meeting,
        item=world_cafe(meeting),
        material=material,
        breakout=breakout,
        feed_token=issue_calendar_token(user=p.representative),
        lesson=lesson_of(p),
        secrets={
            meeting.online_url: {"representative", "coordinator", *MEETING_TEAM},
            meeting.checkin_code: set(MEETING_TEAM),
        },
    )


@dataclass
class MentoringWorld:
    """Project A's mentoring file: a shared session whose notes hold a secret phrase, a
    shared and an unshared critical issue, an action owned by the operator, an assessment."""

    session: Session
    shared_finding: Finding
    secret_finding: Finding
    action: Action
    assessment: CapacityAssessment
    # Strings only some may see, and who: the notes and the unshared finding are the file's.
    secrets: dict[str, set[str]]


MENTORING_SECRET = "Frase riservata del mentoring 7Q4Z"
MENTORING_SECRET_TITLE = "Nodo riservato della cabina di regia 9K2W"


def mentoring_world(personas: Personas) -> MentoringWorld:
    p = personas
    session = mtf.make_session(
        p.project,
        mentors=[p.mentor],
        notes=f"## Note\n\n{MENTORING_SECRET}.",
        monitoring_summary="Sintesi condivisa con il monitoraggio.",
    )
    shared = mtf.make_finding(
        p.project, session=session, shared=True, title="Nodo condiviso con il monitoraggio"
    )
    secret = mtf.make_finding(p.project, session=session, title=MENTORING_SECRET_TITLE)
    action = mtf.make_action(
        p.project, p.operator, session=session, description="Azione dell'operatore"
    )
    assessment = mtf.make_assessment(
        p.project, date=dt.date(2021, 6, 1), organise=2, monitor=1, mechanisms=2, session=session
    )
    full = set(MENTORING_FILE)
    return MentoringWorld(
        session=session,
        shared_finding=shared,
        secret_finding=secret,
        action=action,
        assessment=assessment,
        secrets={MENTORING_SECRET: full, MENTORING_SECRET_TITLE: full},
    )


@dataclass
class World:
    personas: Personas
    invitation: Invitation
    token: str
    meetings: MeetingWorld
    mentoring: MentoringWorld
    notification: Notification
    unsubscribe_token: str
    opportunity: Opportunity
    networks: NetworkWorld
    platform: PlatformWorld


@dataclass
class NetworkWorld:
    """An open wave (T1) and a closed one (T0) with a declared tie, and a recorded tie whose
    note only the team and project A's file readers may see."""

    wave: Wave
    recorded: Tie
    own: Organisation  # the coordinator persona's organisation (project A)
    other_lead: Organisation  # project B's lead partner


NETWORK_SECRET = "Nota riservata del mentore sul legame 5R8T"


def network_world(personas: Personas) -> NetworkWorld:
    p = personas
    partners = f.project_organisations(p.project)
    other_lead = Partnership.objects.get(
        project=p.other_project, role=Partnership.Role.LEAD
    ).organisation
    closed = nf.make_wave(p.programme, label="T0", status=Wave.Status.CLOSED)
    nf.declare(closed, partners[0], [other_lead])
    recorded = nf.make_tie(
        p.programme,
        partners[1],
        other_lead,
        note=NETWORK_SECRET,
        projects=[p.project],
        recorded_by=p.mentor,
    )
    return NetworkWorld(
        wave=nf.make_wave(
            p.programme,
            label="T1",
            title="Primavera 2022",
            opens_on=dt.date(2022, 4, 1),
            closes_on=dt.date(2022, 5, 31),
        ),
        recorded=recorded,
        own=partners[0],
        other_lead=other_lead,
    )


def an_opportunity(personas: Personas) -> Opportunity:
    """A public course posted by the representative for project A, ten days from now."""
    return of.make_opportunity(
        personas.programme,
        project=personas.project,
        created_by=personas.representative,
        territories=[Territory.objects.get(kind=Territory.Kind.PROVINCE, name="Cuneo")],
    )


def a_notification(personas: Personas) -> Notification:
    """An unread notification of the representative's."""
    return Notification.objects.create(
        recipient=personas.representative,
        kind="meetings.registration_confirmed",
        event_key=f"matrix:{uuid.uuid4().hex}",
        data={"title": "Incontro della matrice"},
        url="/",
    )


@pytest.fixture
def world(personas: Personas, settings: Any, tmp_path: Any) -> World:
    settings.MEDIA_ROOT = tmp_path  # the repository's documents and the forum's attachments
    invitation, token = invite(personas)
    return World(
        personas=personas,
        invitation=invitation,
        token=token,
        meetings=meeting_world(personas),
        mentoring=mentoring_world(personas),
        notification=a_notification(personas),
        unsubscribe_token=unsubscribe_token(personas.representative),
        opportunity=an_opportunity(personas),
        networks=network_world(personas),
        platform=platform_world(personas),
    )


def _slug(w: World) -> dict[str, Any]:
    return {"slug": w.meetings.meeting.slug}


URL_KWARGS: dict[str, Callable[[World], dict[str, Any]]] = {
    "registry:programme_detail": lambda w: {"slug": w.personas.programme.slug},
    "registry:invitation_list": lambda w: {"slug": w.personas.programme.slug},
    "registry:project_detail": lambda w: {"slug": w.personas.project.slug},
    "registry:organisation_detail": lambda w: {
        "slug": f.project_organisations(w.personas.project)[0].slug
    },
    "registry:person_detail": lambda w: {"pk": w.personas.representative.pk},
    "registry:invitation_revoke": lambda w: {"pk": w.invitation.pk},
    "registry:invitation_accept": lambda w: {"token": w.token},
    "meetings:meeting_create": lambda w: {"programme_slug": w.personas.programme.slug},
    "meetings:public_feed": lambda w: {"programme_slug": w.personas.programme.slug},
    "agenda:personal_feed": lambda w: {"token": w.meetings.feed_token},
    "meetings:agenda_item_delete": lambda w: {**_slug(w), "item_id": w.meetings.item.pk},
    "meetings:harvest_edit": lambda w: {**_slug(w), "item_id": w.meetings.item.pk},
    "meetings:material_download": lambda w: {**_slug(w), "material_id": w.meetings.material.pk},
    "meetings:round_detail": lambda w: {**_slug(w), "round_id": w.meetings.breakout.pk},
    "meetings:move_member": lambda w: {**_slug(w), "round_id": w.meetings.breakout.pk},
    "meetings:round_export": lambda w: {**_slug(w), "round_id": w.meetings.breakout.pk},
    "meetings:toggle_attendance": lambda w: {
        **_slug(w),
        "registration_id": w.meetings.meeting.registrations.get(user=w.personas.coordinator).pk,
    },
    **{
        f"meetings:{name}": _slug
        for name in (
            "meeting_detail",
            "meeting_edit",
            "agenda_edit",
            "material_add",
            "minutes_edit",
            "meeting_close",
            "register",
            "cancel",
            "registration_list",
            "meeting_ics",
            "online_link",
            "round_list",
            "attendance",
            "check_in",
            "certificate",
        )
    },
    **{
        f"learning:{name}": lambda w: {"pk": w.meetings.lesson.pk}
        for name in ("lesson_detail", "lesson_edit", "lesson_validate", "lesson_reuse")
    },
    **{
        f"opportunities:{name}": lambda w: {"slug": w.opportunity.slug}
        for name in ("detail", "edit", "withdraw", "ics")
    },
    **{
        f"networks:{name}": lambda w: {"programme_slug": w.personas.programme.slug}
        for name in (
            "map",
            "graph_json",
            "compare",
            "export_nodes",
            "export_edges",
            "export_graphml",
            "wave_list",
            "wave_create",
            "org_search",
            "tie_create",
        )
    },
    **{
        f"networks:{name}": lambda w: {
            "programme_slug": w.personas.programme.slug,
            "label": w.networks.wave.label,
        }
        for name in (
            "wave_detail",
            "wave_edit",
            "wave_open",
            "wave_close",
            "wave_remind",
            "survey",
        )
    },
    "networks:tie_edit": lambda w: {
        "programme_slug": w.personas.programme.slug,
        "pk": w.networks.recorded.pk,
    },
    "networks:org_network": lambda w: {
        "programme_slug": w.personas.programme.slug,
        "org_slug": w.networks.own.slug,
    },
    "notifications:open": lambda w: {"pk": w.notification.pk},
    "notifications:mark_read": lambda w: {"pk": w.notification.pk},
    "notifications:unsubscribe": lambda w: {"token": w.unsubscribe_token},
    "mentoring:overview": lambda w: {"programme_slug": w.personas.programme.slug},
    **{
        f"mentoring:{name}": lambda w: {"slug": w.personas.project.slug}
        for name in (
            "project_file",
            "history",
            "session_create",
            "finding_create",
            "action_create",
            "capacity",
            "assessment_create",
        )
    },
    **{
        f"mentoring:{name}": lambda w: {
            "slug": w.personas.project.slug,
            "pk": w.mentoring.session.pk,
        }
        for name in ("session_detail", "session_edit")
    },
    **{
        f"mentoring:{name}": lambda w: {
            "slug": w.personas.project.slug,
            "pk": w.mentoring.shared_finding.pk,
        }
        for name in ("finding_detail", "finding_edit", "finding_update")
    },
    **{
        f"mentoring:{name}": lambda w: {
            "slug": w.personas.project.slug,
            "pk": w.mentoring.action.pk,
        }
        for name in ("action_detail", "action_edit", "action_update")
    },
}
URL_KWARGS.update(matrix_platform.URL_KWARGS)  # issue 5: the community platform


def url(name: str, world: World) -> str:
    kwargs = URL_KWARGS.get(name, lambda w: {})(world)
    return reverse(name, kwargs=kwargs)


def answer(response: Any) -> Outcome:
    """The response in the matrix's notation."""
    if is_login_redirect(response):
        return LOGIN
    return int(response.status_code)


def network_secrets() -> dict[str, set[str]]:
    """A recorded tie's note: the team and the readers of project A's file."""
    return {NETWORK_SECRET: set(MENTORING_FILE)}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_get(name: str, world: World, login_as: Callable[[User | None], Client]) -> None:
    path = url(name, world)
    got = {}
    leaks = []
    for persona in PERSONA_NAMES:
        client = login_as(world.personas.get(persona))
        response = client.get(path)
        got[persona] = answer(response)
        content = getattr(response, "content", b"").decode(errors="replace")
        secrets = (
            world.meetings.secrets
            | world.mentoring.secrets
            | network_secrets()
            | world.platform.secrets
        )
        for secret, allowed in secrets.items():
            if persona not in allowed and secret in content:
                leaks.append((persona, secret))
    mismatches = {
        p: (EXPECTED[name][p], got[p]) for p in PERSONA_NAMES if got[p] != EXPECTED[name][p]
    }
    assert not mismatches, f"GET {path}: persona: (expected, got) {mismatches}"
    assert not leaks, f"GET {path} shows what these personas may not see: {leaks}"


# --- POST: each writing view, with the rows it may touch -----------------------------------------
# PostCase (path, data, watched) is matrix_platform's, shared by both tables.


def _revoke_case(world: World) -> PostCase:
    invitation, _token = invite(world.personas)  # a fresh pending invitation each time
    return PostCase(
        path=reverse("registry:invitation_revoke", args=[invitation.pk]),
        data={},
        watched=[Invitation.objects.filter(pk=invitation.pk), AuditEntry.objects.all()],
    )


def _invite_case(world: World) -> PostCase:
    programme = world.personas.programme
    return PostCase(
        path=reverse("registry:invitation_list", args=[programme.slug]),
        data={"email": "new.person@example.test", "role": ProgrammeRole.Role.EXPERT},
        watched=[Invitation.objects.filter(programme=programme), AuditEntry.objects.all()],
    )


# Meetings: each case makes the rows it writes to (a fresh meeting, item, round...), so every
# persona tries the same thing from the same state.
def _meeting_form(meeting: Meeting | None = None, **changes: Any) -> dict[str, Any]:
    start = meeting.start if meeting else timezone.now() + dt.timedelta(days=30)
    end = meeting.end if meeting else start + dt.timedelta(hours=4)
    data = {
        "title": "Incontro sulle reti",
        "format": "online",
        "length": "half_day",
        "start": start.astimezone(ROME).strftime("%Y-%m-%dT%H:%M"),
        "end": end.astimezone(ROME).strftime("%Y-%m-%dT%H:%M"),
        "online_url": "https://meet.example.test/reti",
        "status": "planned",
        "is_public": "on",
        "description": "",
    }
    return data | changes


def _team_case(path: str, data: dict[str, Any], *watched: QuerySet[Any]) -> PostCase:
    return PostCase(path=path, data=data, watched=[*watched, AuditEntry.objects.all()])


def _meeting_create_case(world: World) -> PostCase:
    programme = world.personas.programme
    return _team_case(
        reverse("meetings:meeting_create", args=[programme.slug]),
        _meeting_form(),
        Meeting.objects.filter(programme=programme),
    )


def _meeting_edit_case(world: World) -> PostCase:
    meeting = mf.make_meeting(world.personas.programme, status="planned")
    return _team_case(
        reverse("meetings:meeting_edit", args=[meeting.slug]),
        _meeting_form(meeting, title="Titolo cambiato"),
        Meeting.objects.filter(pk=meeting.pk),
    )


def _agenda_case(world: World) -> PostCase:
    meeting = mf.make_meeting(world.personas.programme)
    plenary = Method.objects.get(key="plenary")
    return _team_case(
        reverse("meetings:agenda_edit", args=[meeting.slug]),
        {"title": "Plenaria", "start_time": "10:00", "end_time": "11:00", "method": plenary.pk},
        AgendaItem.objects.filter(meeting=meeting),
    )


def _agenda_delete_case(world: World) -> PostCase:
    item = world_cafe(mf.make_meeting(world.personas.programme))
    return _team_case(
        reverse("meetings:agenda_item_delete", args=[item.meeting.slug, item.pk]),
        {},
        AgendaItem.objects.filter(pk=item.pk),
    )


def _material_case(world: World) -> PostCase:
    meeting = mf.make_meeting(world.personas.programme)
    return _team_case(
        reverse("meetings:material_add", args=[meeting.slug]),
        {"title": "Slide", "url": "https://example.test/slide.pdf", "agenda_item": ""},
        Material.objects.filter(meeting=meeting),
    )


def _minutes_case(world: World) -> PostCase:
    meeting = mf.make_meeting(world.personas.programme)
    return _team_case(
        reverse("meetings:minutes_edit", args=[meeting.slug]),
        {"minutes": "## Verbale\n\nSi è parlato di reti."},
        Meeting.objects.filter(pk=meeting.pk),
    )


def _close_case(world: World) -> PostCase:
    meeting = ended(world.personas)
    return _team_case(
        reverse("meetings:meeting_close", args=[meeting.slug]),
        {"minutes": "## Verbale", "confirm": "on"},
        Meeting.objects.filter(pk=meeting.pk),
    )


def _method_case(world: World) -> PostCase:
    return _team_case(
        reverse("meetings:method_list"),
        {
            "programme": world.personas.programme.pk,
            "name": f"Metodo {f.n()}",
            "description": "Un cerchio di racconti.",
            "fields_spec": "Racconti: textarea",
        },
        Method.objects.all(),
    )


def _round_case(world: World) -> PostCase:
    meeting = world.meetings.meeting
    return _team_case(
        reverse("meetings:round_list", args=[meeting.slug]),
        {"title": "Sottogruppi", "group_count": "2", "agenda_item": ""},
        BreakoutRound.objects.filter(meeting=meeting),
    )


def _move_case(world: World) -> PostCase:
    meeting = world.meetings.meeting
    breakout = make_breakout_round(
        meeting=meeting, group_count=2, title="Da spostare", by=world.personas.facilitator
    )
    member = BreakoutMember.objects.filter(round=breakout).select_related("group").first()
    assert member is not None
    other = breakout.groups.exclude(pk=member.group_id).get()
    return _team_case(
        reverse("meetings:move_member", args=[meeting.slug, breakout.pk]),
        {"registration": member.registration_id, "group": other.pk},
        BreakoutMember.objects.filter(round=breakout),
    )


def _walk_in_case(world: World) -> PostCase:
    meeting = soon(world.personas)
    return _team_case(
        reverse("meetings:attendance", args=[meeting.slug]),
        {"person": world.personas.operator.pk},
        Registration.objects.filter(meeting=meeting),
    )


def _toggle_case(world: World) -> PostCase:
    meeting = soon(world.personas)
    registration = mf.make_registration(meeting, world.personas.coordinator)
    return _team_case(
        reverse("meetings:toggle_attendance", args=[meeting.slug, registration.pk]),
        {"attended": "1"},
        Registration.objects.filter(pk=registration.pk),
    )


def _register_case(world: World) -> PostCase:
    meeting = soon(world.personas)
    return _team_case(
        reverse("meetings:register", args=[meeting.slug]),
        {},
        Registration.objects.filter(meeting=meeting),
    )


def _cancel_case(world: World) -> PostCase:
    meeting = soon(world.personas)
    registration = mf.make_registration(meeting, world.personas.representative)
    return _team_case(
        reverse("meetings:cancel", args=[meeting.slug]),
        {"registration": registration.pk},
        Registration.objects.filter(meeting=meeting),
    )


def _check_in_case(world: World) -> PostCase:
    meeting = soon(world.personas)
    mf.make_registration(meeting, world.personas.representative)
    return _team_case(
        reverse("meetings:check_in", args=[meeting.slug]),
        {"code": meeting.checkin_code.lower()},
        Registration.objects.filter(meeting=meeting),
    )


def _harvest_case(world: World) -> PostCase:
    meeting = soon(world.personas)
    mf.make_registration(meeting, world.personas.representative)
    item = world_cafe(meeting)
    data = {"version": "0", "f-purpose": "Capire che cosa tiene vive le reti."}
    for group in ("questions", "tables"):
        data |= {f"g-{group}-TOTAL_FORMS": "0", f"g-{group}-INITIAL_FORMS": "0"}
    return _team_case(
        reverse("meetings:harvest_edit", args=[meeting.slug, item.pk]),
        data,
        Harvest.objects.filter(agenda_item=item),
    )


def _feed_revoke_case(world: World) -> PostCase:
    for name in PERSONA_NAMES:
        user = world.personas.get(name)
        if user is not None:
            issue_calendar_token(user=user)
    return _team_case(
        reverse("agenda:feed_settings"), {"action": "revoke"}, CalendarToken.objects.all()
    )


# Opportunities: each case posts a fresh one of the representative's (edit, withdraw).
def _opportunity_form(world: World, **changes: Any) -> dict[str, Any]:
    start = timezone.localdate() + dt.timedelta(days=20)
    data = {
        "kind": "webinar",
        "title": "Webinar sulle reti territoriali",
        "description": "Due ore online.",
        "project": str(world.personas.project.pk),
        "organisation": "",
        "scope": "interregional",
        "audience": "operators",
        "starts_on": start.isoformat(),
        "ends_on": "",
        "deadline": "",
        "is_online": "on",
        "place": "",
        "municipality": "",
        "languages": ["it"],
        "registration_url": "https://www.example.org/webinar",
        "contact": "segreteria@example.org",
        "is_public": "on",
    }
    return data | changes


def _opportunity_create_case(world: World) -> PostCase:
    return PostCase(
        path=reverse("opportunities:create"),
        data=_opportunity_form(world),
        watched=[Opportunity.objects.all(), AuditEntry.objects.all()],
    )


def _opportunity_edit_case(world: World) -> PostCase:
    opportunity = an_opportunity(world.personas)
    return PostCase(
        path=reverse("opportunities:edit", args=[opportunity.slug]),
        data=_opportunity_form(world, title="Titolo cambiato"),
        watched=[Opportunity.objects.filter(pk=opportunity.pk), AuditEntry.objects.all()],
    )


def _opportunity_withdraw_case(world: World) -> PostCase:
    opportunity = an_opportunity(world.personas)
    return PostCase(
        path=reverse("opportunities:withdraw", args=[opportunity.slug]),
        data={},
        watched=[Opportunity.objects.filter(pk=opportunity.pk), AuditEntry.objects.all()],
    )


# Networks: each case makes the wave or tie it writes to.
def _network_case(path: str, data: dict[str, Any], *watched: QuerySet[Any]) -> PostCase:
    return PostCase(path=path, data=data, watched=[*watched, AuditEntry.objects.all()])


def _wave_url(world: World, name: str, wave: Wave) -> str:
    return reverse(f"networks:{name}", args=[world.personas.programme.slug, wave.label])


def _new_label() -> str:
    return f"W{uuid.uuid4().hex[:8]}"


def _wave_create_case(world: World) -> PostCase:
    programme = world.personas.programme
    return _network_case(
        reverse("networks:wave_create", args=[programme.slug]),
        {
            "label": _new_label(),
            "title": "Autunno 2023",
            "opens_on": "2023-10-01",
            "closes_on": "2023-11-30",
        },
        Wave.objects.filter(programme=programme),
    )


def _wave_edit_case(world: World) -> PostCase:
    wave = nf.make_wave(world.personas.programme, label=_new_label(), status=Wave.Status.DRAFT)
    return _network_case(
        _wave_url(world, "wave_edit", wave),
        {
            "label": wave.label,
            "title": "Titolo cambiato",
            "opens_on": "2023-10-01",
            "closes_on": "2023-11-30",
        },
        Wave.objects.filter(pk=wave.pk),
    )


def _wave_open_case(world: World) -> PostCase:
    programme = world.personas.programme
    # One wave open at a time: the others are closed first, so only the permission decides.
    Wave.objects.filter(programme=programme, status=Wave.Status.OPEN).update(
        status=Wave.Status.CLOSED
    )
    wave = nf.make_wave(programme, label=_new_label(), status=Wave.Status.DRAFT)
    return _network_case(_wave_url(world, "wave_open", wave), {}, Wave.objects.filter(pk=wave.pk))


def _wave_close_case(world: World) -> PostCase:
    wave = nf.make_wave(world.personas.programme, label=_new_label())
    return _network_case(_wave_url(world, "wave_close", wave), {}, Wave.objects.filter(pk=wave.pk))


def _wave_remind_case(world: World) -> PostCase:
    wave = nf.make_wave(world.personas.programme, label=_new_label())
    return _network_case(_wave_url(world, "wave_remind", wave), {}, Notification.objects.all())


def _tie_data(world: World) -> dict[str, Any]:
    partners = f.project_organisations(world.personas.project)
    return {
        "source_org": partners[1].pk,
        "target_org": world.networks.other_lead.pk,
        "kind": "co_design",
        "strength": "3",
        "started_on": "2022-01-10",
        "note": "Nota",
    }


def _tie_create_case(world: World) -> PostCase:
    programme = world.personas.programme
    return _network_case(
        reverse("networks:tie_create", args=[programme.slug]),
        _tie_data(world),
        Tie.objects.filter(programme=programme),
    )


def _tie_edit_case(world: World) -> PostCase:
    p = world.personas
    tie = nf.make_tie(p.programme, f.project_organisations(p.project)[1], world.networks.own)
    return _network_case(
        reverse("networks:tie_edit", args=[p.programme.slug, tie.pk]),
        _tie_data(world) | {"strength": "1"},
        Tie.objects.filter(pk=tie.pk),
    )


def _survey_case(world: World) -> PostCase:
    wave, own = world.networks.wave, world.networks.own
    Response.objects.filter(wave=wave).delete()  # each persona answers from the same state
    target = world.networks.other_lead.pk
    return _network_case(
        _wave_url(world, "survey", wave) + f"?org={own.pk}",
        {
            "rows-TOTAL_FORMS": "1",
            "rows-INITIAL_FORMS": "0",
            "rows-MIN_NUM_FORMS": "0",
            "rows-MAX_NUM_FORMS": "100",
            "rows-0-target": str(target),
            "rows-0-kind": "information",
            "rows-0-strength": "2",
            "action": "submit",
        },
        Response.objects.filter(wave=wave),
        Tie.objects.filter(response__wave=wave),
    )


# Notifications.
def _mark_read_case(world: World) -> PostCase:
    notification = a_notification(world.personas)
    return PostCase(
        path=reverse("notifications:mark_read", args=[notification.pk]),
        data={},
        watched=[Notification.objects.filter(pk=notification.pk)],
    )


def _mark_all_read_case(world: World) -> PostCase:
    for name in PERSONA_NAMES:
        user = world.personas.get(name)
        if user is not None:
            Notification.objects.create(
                recipient=user,
                kind="meetings.registration_confirmed",
                event_key=f"matrix:{uuid.uuid4().hex}",
                data={"title": "Incontro"},
            )
    return PostCase(
        path=reverse("notifications:mark_all_read"), data={}, watched=[Notification.objects.all()]
    )


def _preferences_case(world: World) -> PostCase:
    data = {"digest_frequency": "daily"}
    for kind in kinds.all():
        data[pref_field_name(kind.key)] = "in_app"
    return PostCase(
        path=reverse("notifications:preferences"),
        data=data,
        watched=[NotificationPreference.objects.all(), NotificationSettings.objects.all()],
    )


# Lessons learned.
def _lesson_form(**changes: Any) -> dict[str, Any]:
    data = {
        "title": "Le reti si curano",
        "situation": "Un tavolo territoriale con enti diversi.",
        "what_happened": "Gli incontri si sono diradati dopo l'estate.",
        "learned": "Le date vanno fissate per tutto l'anno.",
        "do_differently": "",
        "evidence": "",
    }
    return data | changes


def _lesson_create_case(world: World) -> PostCase:
    return _team_case(reverse("learning:lesson_create"), _lesson_form(), Lesson.objects.all())


def _lesson_edit_case(world: World) -> PostCase:
    lesson = lesson_of(world.personas)
    return _team_case(
        reverse("learning:lesson_edit", args=[lesson.pk]),
        _lesson_form(title="Titolo rivisto", projects=[world.personas.project.pk]),
        Lesson.objects.filter(pk=lesson.pk),
    )


def _lesson_validate_case(world: World) -> PostCase:
    lesson = lesson_of(world.personas, status=Lesson.Status.DRAFT)
    return _team_case(
        reverse("learning:lesson_validate", args=[lesson.pk]),
        {},
        Lesson.objects.filter(pk=lesson.pk),
    )


def _lesson_reuse_case(world: World) -> PostCase:
    lesson = lesson_of(world.personas)
    return _team_case(
        reverse("learning:lesson_reuse", args=[lesson.pk]),
        {"project": world.personas.other_project.pk},
        Lesson.objects.filter(pk=lesson.pk),
        Lesson.reused_by.through.objects.filter(lesson=lesson),
    )


# Mentoring: each case makes the rows it writes to, so every persona tries the same thing.
def _session_form(personas: Personas, **changes: Any) -> dict[str, Any]:
    data = {
        "start": "2021-09-14T10:00",
        "end": "2021-09-14T12:00",
        "mode": "online",
        "address": "",
        "municipality": "",
        "mentors": [personas.mentor.pk],
        "participants": [personas.coordinator.pk],
        "agenda": "1. Avvio",
        "notes": "Note dell'incontro.",
        "monitoring_summary": "",
        "next_steps": "",
        "resources-TOTAL_FORMS": "0",
        "resources-INITIAL_FORMS": "0",
        "resources-MIN_NUM_FORMS": "0",
        "resources-MAX_NUM_FORMS": "20",
    }
    return data | changes


def _mentoring_watch(project: Any) -> list[QuerySet[Any]]:
    return [
        Session.objects.filter(project=project),
        Finding.objects.filter(project=project),
        FindingUpdate.objects.filter(finding__project=project),
        Action.objects.filter(project=project),
        ActionUpdate.objects.filter(action__project=project),
        CapacityAssessment.objects.filter(project=project),
    ]


def _mentoring_case(path: str, data: dict[str, Any], project: Any) -> PostCase:
    return _team_case(path, data, *_mentoring_watch(project))


def _session_create_case(world: World) -> PostCase:
    project = world.personas.project
    return _mentoring_case(
        reverse("mentoring:session_create", args=[project.slug]),
        _session_form(world.personas),
        project,
    )


def _session_edit_case(world: World) -> PostCase:
    p = world.personas
    session = mtf.make_session(p.project, mentors=[p.mentor])
    start = session.start.astimezone(ROME)
    return _mentoring_case(
        reverse("mentoring:session_edit", args=[p.project.slug, session.pk]),
        _session_form(
            p,
            start=start.strftime("%Y-%m-%dT%H:%M"),
            end=(start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            notes="Note riviste.",
            version=str(session.version),
        ),
        p.project,
    )


def _finding_form(**changes: Any) -> dict[str, Any]:
    data = {
        "kind": "critical",
        "area": "coordination",
        "title": "Cabina di regia irregolare",
        "description": "Si riunisce solo in emergenza.",
        "severity": "medium",
        "status": "open",
        "session": "",
    }
    return data | changes


def _finding_create_case(world: World) -> PostCase:
    project = world.personas.project
    return _mentoring_case(
        reverse("mentoring:finding_create", args=[project.slug]), _finding_form(), project
    )


def _finding_edit_case(world: World) -> PostCase:
    project = world.personas.project
    finding = mtf.make_finding(project, shared=True)
    return _mentoring_case(
        reverse("mentoring:finding_edit", args=[project.slug, finding.pk]),
        _finding_form(title="Titolo rivisto", shared_with_monitoring="on", version="0"),
        project,
    )


def _finding_update_case(world: World) -> PostCase:
    project = world.personas.project
    finding = mtf.make_finding(project, shared=True)
    return _mentoring_case(
        reverse("mentoring:finding_update", args=[project.slug, finding.pk]),
        {"date": timezone.localdate().isoformat(), "status": "addressing", "note": "Avviate."},
        project,
    )


def _action_form(world: World, **changes: Any) -> dict[str, Any]:
    due = timezone.localdate() + dt.timedelta(days=20)
    data = {
        "description": "Fissare il calendario della cabina di regia",
        "owner": world.personas.coordinator.pk,
        "due_date": due.isoformat(),
        "status": "open",
        "finding": "",
        "session": world.mentoring.session.pk,
    }
    return data | changes


def _action_create_case(world: World) -> PostCase:
    project = world.personas.project
    return _mentoring_case(
        reverse("mentoring:action_create", args=[project.slug]), _action_form(world), project
    )


def _action_edit_case(world: World) -> PostCase:
    p = world.personas
    action = mtf.make_action(p.project, p.operator)
    return _mentoring_case(
        reverse("mentoring:action_edit", args=[p.project.slug, action.pk]),
        _action_form(world, owner=p.operator.pk, description="Testo rivisto", version="0"),
        p.project,
    )


def _action_update_case(world: World) -> PostCase:
    p = world.personas
    action = mtf.make_action(p.project, p.operator)
    return _mentoring_case(
        reverse("mentoring:action_update", args=[p.project.slug, action.pk]),
        {"date": "", "status": "done", "note": "Fatto."},
        p.project,
    )


def _assessment_case(world: World) -> PostCase:
    project = world.personas.project
    return _mentoring_case(
        reverse("mentoring:assessment_create", args=[project.slug]),
        {
            "date": "2022-06-01",
            "session": "",
            "comment": "",
            "organise": "3",
            "monitor": "2",
            "mechanisms": "2",
        },
        project,
    )


POST_CASES: dict[str, Callable[[World], PostCase]] = {
    "registry:invitation_revoke": _revoke_case,
    "registry:invitation_list": _invite_case,
    "meetings:meeting_create": _meeting_create_case,
    "meetings:meeting_edit": _meeting_edit_case,
    "meetings:agenda_edit": _agenda_case,
    "meetings:agenda_item_delete": _agenda_delete_case,
    "meetings:material_add": _material_case,
    "meetings:minutes_edit": _minutes_case,
    "meetings:meeting_close": _close_case,
    "meetings:method_list": _method_case,
    "meetings:round_list": _round_case,
    "meetings:move_member": _move_case,
    "meetings:attendance": _walk_in_case,
    "meetings:toggle_attendance": _toggle_case,
    "meetings:register": _register_case,
    "meetings:cancel": _cancel_case,
    "meetings:check_in": _check_in_case,
    "meetings:harvest_edit": _harvest_case,
    "agenda:feed_settings": _feed_revoke_case,
    "opportunities:create": _opportunity_create_case,
    "opportunities:edit": _opportunity_edit_case,
    "opportunities:withdraw": _opportunity_withdraw_case,
    "networks:wave_create": _wave_create_case,
    "networks:wave_edit": _wave_edit_case,
    "networks:wave_open": _wave_open_case,
    "networks:wave_close": _wave_close_case,
    "networks:wave_remind": _wave_remind_case,
    "networks:tie_create": _tie_create_case,
    "networks:tie_edit": _tie_edit_case,
    "networks:survey": _survey_case,
    "notifications:mark_read": _mark_read_case,
    "notifications:mark_all_read": _mark_all_read_case,
    "notifications:preferences": _preferences_case,
    "learning:lesson_create": _lesson_create_case,
    "learning:lesson_edit": _lesson_edit_case,
    "learning:lesson_validate": _lesson_validate_case,
    "learning:lesson_reuse": _lesson_reuse_case,
    "mentoring:session_create": _session_create_case,
    "mentoring:session_edit": _session_edit_case,
    "mentoring:finding_create": _finding_create_case,
    "mentoring:finding_edit": _finding_edit_case,
    "mentoring:finding_update": _finding_update_case,
    "mentoring:action_create": _action_create_case,
    "mentoring:action_edit": _action_edit_case,
    "mentoring:action_update": _action_update_case,
    "mentoring:assessment_create": _assessment_case,
}
POST_CASES.update(matrix_platform.POST_CASES)  # issue 5: the community platform


def test_every_post_row_has_a_case() -> None:
    assert set(POST_CASES) == set(POST_EXPECTED)


@pytest.mark.parametrize("name", sorted(POST_EXPECTED))
def test_post(name: str, world: World, login_as: Callable[[User | None], Client]) -> None:
    mismatches = {}
    for persona in PERSONA_NAMES:
        Invitation.objects.filter(email="new.person@example.test").delete()
        case = POST_CASES[name](world)
        before = [rows(qs) for qs in case.watched]
        client = login_as(world.personas.get(persona))
        response = client.post(case.path, case.data)
        changed = before != [rows(qs) for qs in case.watched]
        got = answer(response)
        if got == 302 and changed:
            got = DONE
        expected = POST_EXPECTED[name][persona]
        if got != expected:
            mismatches[persona] = (expected, got)
        elif expected != DONE:
            assert not changed, f"POST {case.path} as {persona} was refused but wrote"
    assert not mismatches, f"POST {name}: persona: (expected, got) {mismatches}"


# --- Scoped lookups: what one may not see is not found --------------------------------------------
def test_a_person_outside_ones_programmes_is_not_found(
    personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    elsewhere = f.make_project(acronym="Altrove")
    stranger = f.make_user(email="stranger@example.test")
    f.give_project_role(stranger, elsewhere, ProjectRole.Role.REPRESENTATIVE)
    path = reverse("registry:person_detail", args=[stranger.pk])
    expected = expect(404, anonymous=LOGIN, outsider=403, superuser=200)
    got = {p: answer(login_as(personas.get(p)).get(path)) for p in PERSONA_NAMES}
    assert got == expected


def test_a_private_programme_is_seen_only_by_its_members(
    personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    private = f.make_programme(title="Riservato", is_public=False)
    project = f.make_project(programme=private, acronym="Chiuso")
    insider = f.make_user(email="insider@example.test")
    f.give_project_role(insider, project, ProjectRole.Role.OPERATOR)
    paths = [
        reverse("registry:programme_detail", args=[private.slug]),
        reverse("registry:project_detail", args=[project.slug]),
    ]
    expected = expect(404, superuser=200)
    for path in paths:
        got = {p: answer(login_as(personas.get(p)).get(path)) for p in PERSONA_NAMES}
        assert got == expected, path
        assert login_as(insider).get(path).status_code == 200, path


def test_revoking_an_invitation_of_another_programme_is_not_found(
    personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    other = f.make_programme(title="Altro programma")
    invitation, _token = services.invite_person(
        email="someone@example.test",
        programme=other,
        role=ProgrammeRole.Role.EXPERT,
        by=personas.superuser,
    )
    client = login_as(personas.programme_admin)
    before = rows(Invitation.objects.all())
    response = client.post(reverse("registry:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 404
    assert rows(Invitation.objects.all()) == before


def _answers(
    path: str, personas: Personas, login_as: Callable[[User | None], Client]
) -> dict[str, Outcome]:
    return {p: answer(login_as(personas.get(p)).get(path)) for p in PERSONA_NAMES}


def test_a_members_only_meeting_is_not_found_outside_the_programme(
    personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    meeting = mf.make_meeting(personas.programme, is_public=False, title="Riunione interna")
    for name in ("meetings:meeting_detail", "meetings:meeting_ics"):
        path = reverse(name, args=[meeting.slug])
        assert _answers(path, personas, login_as) == expect(200, anonymous=404, outsider=404)
    feed = login_as(None).get(reverse("meetings:public_feed", args=[personas.programme.slug]))
    assert feed.status_code == 200 and meeting.uid not in feed.content.decode()
    for path in (reverse("agenda:list"), reverse("meetings:meeting_list")):
        assert meeting.title not in login_as(personas.outsider).get(path).content.decode()


def test_meetings_of_a_private_programme_are_seen_only_by_its_members(
    personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    private = f.make_programme(title="Riservato", is_public=False)
    meeting = mf.make_meeting(private, title="Incontro riservato")
    insider = f.make_user(email="insider@example.test")
    f.give_project_role(insider, f.make_project(programme=private), ProjectRole.Role.OPERATOR)
    for name in ("meetings:meeting_detail", "meetings:meeting_ics", "meetings:harvest_edit"):
        args: list[Any] = [meeting.slug]
        if name == "meetings:harvest_edit":
            args.append(world_cafe(meeting).pk)
        path = reverse(name, args=args)
        anonymous = LOGIN if name == "meetings:harvest_edit" else 404
        assert _answers(path, personas, login_as) == expect(
            404, anonymous=anonymous, superuser=200
        ), path
        assert login_as(insider).get(path).status_code == 200, path
    # The public feed is for public programmes only, whoever asks.
    path = reverse("meetings:public_feed", args=[private.slug])
    assert login_as(insider).get(path).status_code == 404


def test_a_wrong_or_revoked_calendar_token_is_not_found(
    personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    token = issue_calendar_token(user=personas.representative)
    client = login_as(None)
    assert client.get(reverse("agenda:personal_feed", args=[token])).status_code == 200
    assert client.get(reverse("agenda:personal_feed", args=["x" + token])).status_code == 404

    new_token = issue_calendar_token(user=personas.representative)  # the old link stops working

    assert client.get(reverse("agenda:personal_feed", args=[token])).status_code == 404
    assert client.get(reverse("agenda:personal_feed", args=[new_token])).status_code == 200


def test_feeds_carry_the_meetings_one_may_see_and_never_the_link_or_the_code(
    world: World, login_as: Callable[[User | None], Client]
) -> None:
    meeting, p = world.meetings.meeting, world.personas
    client = login_as(None)

    def feed(user: User) -> str:
        path = reverse("agenda:personal_feed", args=[issue_calendar_token(user=user)])
        return client.get(path).content.decode()

    public = client.get(reverse("meetings:public_feed", args=[p.programme.slug]))
    bodies = {
        "representative": feed(p.representative),  # a place
        # On the waiting list: the feed carries every meeting one may see, as the calendar does.
        "other_representative": feed(p.other_representative),
        "public": public.content.decode(),
        "ics": client.get(reverse("meetings:meeting_ics", args=[meeting.slug])).content.decode(),
    }
    assert meeting.uid in bodies["representative"]
    assert meeting.uid in bodies["other_representative"]
    # A members-only meeting: in the members' feeds, never in an outsider's.
    private = mf.make_meeting(p.programme, is_public=False, title="Incontro riservato")
    assert private.uid in feed(p.other_representative)
    assert private.uid not in feed(p.outsider)
    assert meeting.uid in bodies["public"] and meeting.uid in bodies["ics"]
    for where, body in bodies.items():
        assert "BEGIN:VCALENDAR" in body, where
        assert meeting.online_url not in body and meeting.checkin_code not in body, where


def test_the_online_link_stays_closed_until_15_minutes_before_the_start(
    personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    meeting = mf.make_meeting(
        personas.programme, online_url="https://meet.example.test/non-ancora"
    )  # next week
    mf.make_registration(meeting, personas.representative)
    for name in ("meetings:online_link", "meetings:meeting_detail", "meetings:register"):
        path = reverse(name, args=[meeting.slug])
        for persona in PERSONA_NAMES:
            response = login_as(personas.get(persona)).get(path)
            assert meeting.online_url not in response.content.decode(), (name, persona)
            if name == "meetings:online_link":
                assert answer(response) == (LOGIN if persona == ANONYMOUS else 403), persona


def test_a_draft_lesson_is_seen_by_its_author_and_the_programme_team_only(
    personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    draft = lesson_of(personas, status=Lesson.Status.DRAFT)
    path = reverse("learning:lesson_detail", args=[draft.pk])
    assert _answers(path, personas, login_as) == expect(
        404, anonymous=LOGIN, representative=200, **each(LESSON_TEAM, 200)
    )
    for listing in (reverse("learning:lesson_list"), reverse("learning:lesson_matrix")):
        shown = login_as(personas.other_representative).get(listing).content.decode()
        assert draft.title not in shown, listing


def test_a_lesson_of_another_programme_is_not_found(
    personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    other = f.make_programme(title="Altro programma")
    lesson = lf.make_lesson(other, title="Lezione di un altro programma")
    path = reverse("learning:lesson_detail", args=[lesson.pk])
    assert _answers(path, personas, login_as) == expect(404, anonymous=LOGIN, superuser=200)


# --- Group rule: the Django admin -----------------------------------------------------------------
def _admin_path(route: Route) -> str:
    assert route.name is not None
    kwargs = {p: "registry" if p == "app_label" else "1" for p in _params(route.route)}
    return reverse(route.name, kwargs=kwargs)


def _params(route: str) -> list[str]:
    """The parameter names of a route, path converters and regex groups alike."""
    return re.findall(r"<(?:\w+:)?(\w+)>", route) + re.findall(r"\(\?P<(\w+)>", route)


def admin_routes() -> list[Route]:
    return [r for r in all_routes() if r.name and r.name.startswith("admin:")]


def test_admin_is_for_staff_only(
    personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    """Anonymous: every admin URL sends to a login page. Non-staff: a login page or 403."""
    paths = [_admin_path(r) for r in admin_routes()]
    assert paths
    wrong = []
    for persona in PERSONA_NAMES:
        user = personas.get(persona)
        if user is not None and user.is_staff:
            continue
        client = login_as(user)
        for path in paths:
            response = client.get(path)
            ok = is_login_redirect(response) or (
                # Logging out of the admin without being in it only goes back to its index.
                path == reverse("admin:logout") and response.status_code == 302
            )
            if user is not None and path == reverse("admin:login"):
                ok = response.status_code == 403  # allauth refuses non-staff at the admin door
            if not ok:
                wrong.append((persona, path, response.status_code))
    assert not wrong, wrong


def test_superuser_opens_every_admin_list(
    personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    client = login_as(personas.superuser)
    paths = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        paths.append(reverse("admin:app_list", args=[opts.app_label]))
        paths.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    wrong = [(p, s) for p in paths if (s := client.get(p).status_code) != 200]
    assert not wrong, wrong


# --- Group rule: allauth --------------------------------------------------------------------------
ALLAUTH_EXPECTED: dict[str, dict[str, Outcome]] = {
    "account_login": expect(302, anonymous=200),  # logged in: straight to one's page
    "account_logout": expect(200, anonymous=302),
    "account_reset_password": expect(200),
    "account_change_password": expect(200, anonymous=LOGIN),
    "mfa_index": expect(200, anonymous=LOGIN),
}


@pytest.mark.parametrize("name", sorted(ALLAUTH_EXPECTED))
def test_allauth_pages(name: str, world: World, login_as: Callable[[User | None], Client]) -> None:
    path = reverse(name)
    got = {p: answer(login_as(world.personas.get(p)).get(path)) for p in PERSONA_NAMES}
    assert got == ALLAUTH_EXPECTED[name]


def test_no_allauth_url_fails(
    personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    """Every other allauth URL, with made-up keys, answers without a server error."""
    routes = [r for r in all_routes() if r.name and r.name.startswith(("account_", "mfa_"))]
    assert routes
    wrong = []
    for persona in ["anonymous", "outsider", "representative", "superuser"]:
        client = login_as(personas.get(persona))
        for route in routes:
            assert route.name is not None
            path = reverse(route.name, kwargs=dict.fromkeys(_params(route.route), "x1"))
            status = client.get(path).status_code
            # Nobody reaches two-factor settings without logging in.
            if status >= 500 or (
                persona == ANONYMOUS and status == 200 and route.name.startswith("mfa_")
            ):
                wrong.append((persona, path, status))
    assert not wrong, wrong
