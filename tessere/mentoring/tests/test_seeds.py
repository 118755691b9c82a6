"""The mentoring demo seed: 2–4 sessions per project over 2021–2022, findings of every kind
with dated histories, actions in every status (some overdue today), capacity at two times."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import Counter
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import Count, Model
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tessere.accounts.models import User
from tessere.mentoring import seed_data
from tessere.mentoring.models import (
    Action,
    ActionUpdate,
    CapacityAssessment,
    Finding,
    FindingUpdate,
    Session,
    SessionParticipant,
    SharedResource,
)
from tessere.mentoring.seeds import seed
from tessere.mentoring.services.actions import send_action_reminders
from tessere.registry.models import Partnership, Programme, ProgrammeRole, ProjectRole
from tessere.registry.seeds import seed as seed_registry

pytestmark = pytest.mark.django_db

DEMO = "@demo.tessere.it"
MODELS: list[type[Model]] = [
    Session, SessionParticipant, SharedResource, Finding, FindingUpdate, Action, ActionUpdate,
    CapacityAssessment, Session.mentors.through,
]  # fmt: skip


@pytest.fixture(autouse=True)
def fast_demo_password() -> Iterator[None]:
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=hashers):
        yield


@pytest.fixture
def seeded() -> dict[str, Any]:
    seed_registry()
    return seed()


def person(local: str) -> User:
    return User.objects.get(email=f"{local}{DEMO}")


def programme() -> Programme:
    return Programme.objects.get(slug="territori-inclusivi")


def snapshot() -> dict[str, Any]:
    state: dict[str, Any] = {m._meta.label: m._default_manager.count() for m in MODELS}
    for model in (Session, Finding, Action, CapacityAssessment):
        state[f"{model._meta.label} rows"] = list(
            model._default_manager.order_by("pk").values_list("pk", "updated_at")
        )
    return state


def test_the_content_is_consistent() -> None:
    seed_data.check_content()


def test_two_to_four_sessions_per_project_over_2021_2022(seeded: dict[str, Any]) -> None:
    per_project = Counter(
        Session.objects.filter(project__programme=programme()).values_list(
            "project__acronym", flat=True
        )
    )

    assert len(per_project) == 13
    assert set(per_project.values()) == {2, 3, 4}
    assert seeded["sessions"] == sum(per_project.values())
    for session in Session.objects.select_related("project"):
        assert dt.date(2021, 1, 1) <= session.start.date() <= dt.date(2022, 12, 31)
        project = session.project
        assert project.start_date and project.end_date
        assert project.start_date <= session.start.date() <= project.end_date
        assert session.end > session.start
        assert session.agenda and session.notes and session.next_steps


def test_sessions_are_on_site_at_a_partner_in_the_projects_towns_or_online(
    seeded: dict[str, Any],
) -> None:
    sessions = list(
        Session.objects.select_related("project").prefetch_related("project__territories")
    )
    modes = Counter(s.mode for s in sessions)

    assert modes[Session.Mode.ON_SITE] > modes[Session.Mode.ONLINE] > 0
    for session in sessions:
        if session.mode == Session.Mode.ONLINE:
            assert session.address == "" and session.municipality_id is None
            continue
        towns = {t.pk for t in session.project.territories.all()}
        assert session.municipality_id in towns, session
        partners = Partnership.objects.filter(project=session.project).values_list(
            "organisation__name", flat=True
        )
        assert any(session.address.startswith(name) for name in partners), session.address


def test_mentors_and_participants_are_the_right_people(seeded: dict[str, Any]) -> None:
    mentors = set(
        ProgrammeRole.objects.filter(role=ProgrammeRole.Role.MENTOR).values_list(
            "user_id", flat=True
        )
    )
    for session in Session.objects.prefetch_related("mentors", "participants"):
        assert session.mentors.exists() and {m.pk for m in session.mentors.all()} <= mentors
        participants = list(session.participants.all())
        assert len(participants) >= 3
        for participant in participants:
            assert ProjectRole.objects.filter(
                user_id=participant.user_id,
                project_id=session.project_id,
                organisation=participant.organisation,
            ).exists()
    ubuntu = Session.objects.filter(project__acronym="Ubuntu")
    assert all(person("mentore") in s.mentors.all() for s in ubuntu)


def test_most_sessions_share_a_summary_with_the_monitoring(seeded: dict[str, Any]) -> None:
    sessions = Session.objects.all()
    shared = [s for s in sessions if s.is_shared]

    assert 0.7 * len(sessions) <= len(shared) < len(sessions)


def test_findings_of_every_kind_area_and_severity_with_dated_histories(
    seeded: dict[str, Any],
) -> None:
    findings = list(Finding.objects.prefetch_related("updates").select_related("session"))
    per_project = Counter(f.project_id for f in findings)

    assert len(per_project) == 13 and min(per_project.values()) >= 6
    assert {f.kind for f in findings} == set(Finding.Kind.values)
    assert {f.status for f in findings} == set(Finding.Status.values)
    assert {f.severity for f in findings if f.kind == Finding.Kind.CRITICAL} == set(
        Finding.Severity.values
    )
    assert len({f.area for f in findings}) >= 7
    for finding in findings:
        updates = list(finding.updates.all())
        assert updates and updates[0].status == Finding.Status.OPEN
        assert updates[-1].status == finding.status
        assert [u.date for u in updates] == sorted({u.date for u in updates})
        assert finding.session and updates[0].date == finding.session.start.date()
    for project_id in per_project:
        mine = [f for f in findings if f.project_id == project_id]
        assert any(f.shared_with_monitoring for f in mine)
        assert any(not f.shared_with_monitoring and f.kind == Finding.Kind.CRITICAL for f in mine)


def test_actions_in_every_status_with_owners_of_the_partnership(seeded: dict[str, Any]) -> None:
    actions = list(Action.objects.prefetch_related("updates"))
    today = timezone.localdate()

    assert {a.status for a in actions} == set(Action.Status.values)
    for action in actions:
        assert ProjectRole.objects.filter(
            user_id=action.owner_id, project_id=action.project_id
        ).exists()
        assert action.session_id or action.finding_id
        assert (action.done_at is not None) == (action.status == Action.Status.DONE)
        for update in action.updates.all():
            assert update.date <= today
        if action.status in (Action.Status.DONE, Action.Status.DROPPED):
            assert action.updates.all()[len(action.updates.all()) - 1].status == action.status
    assert Action.objects.overdue(today).count() >= 13
    assert Action.objects.filter(finding__isnull=False).exists()


def test_the_demo_coordinator_has_an_action_due_soon_and_one_overdue(
    seeded: dict[str, Any],
) -> None:
    today = timezone.localdate()
    mine = Action.objects.filter(owner=person("coordinatore"), project__acronym="Ubuntu")
    open_ = mine.filter(status__in=[Action.Status.OPEN, Action.Status.IN_PROGRESS])

    assert open_.filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days=3)).exists()
    assert open_.filter(due_date__lt=today).exists()


def test_open_actions_follow_today() -> None:
    seed_registry()
    later = timezone.localdate() + dt.timedelta(days=100)

    seed(today=later)

    soon = Action.objects.get(owner=person("coordinatore"), description=seed_data.COORDINATOR_SOON)
    assert soon.due_date == later + dt.timedelta(days=2)


def test_capacity_at_two_times_mostly_improving_one_flat_or_worse(seeded: dict[str, Any]) -> None:
    by_project: dict[str, list[CapacityAssessment]] = {}
    for a in CapacityAssessment.objects.select_related("project", "session").order_by("date"):
        by_project.setdefault(a.project.acronym, []).append(a)

    assert len(by_project) == 13
    worse_or_flat = []
    for acronym, (first, later) in by_project.items():
        assert first.date < later.date
        assert first.session and first.session.start.date() == first.date
        sessions = Session.objects.filter(project=first.project).order_by("start")
        assert first.session == sessions.first() and later.session == sessions.last()
        for value in (
            first.organise,
            first.monitor,
            first.mechanisms,
            later.organise,
            later.monitor,
            later.mechanisms,
        ):
            assert 1 <= value <= 4
        before = first.organise + first.monitor + first.mechanisms
        after = later.organise + later.monitor + later.mechanisms
        if after <= before:
            worse_or_flat.append(acronym)
    assert worse_or_flat == [seed_data.FLAT_PROJECT]


def test_no_personal_data_in_the_texts(seeded: dict[str, Any]) -> None:
    texts = [
        *Session.objects.values_list("notes", flat=True),
        *Session.objects.values_list("agenda", flat=True),
        *Session.objects.values_list("monitoring_summary", flat=True),
        *Finding.objects.values_list("description", flat=True),
        *Action.objects.values_list("description", flat=True),
        *ActionUpdate.objects.values_list("note", flat=True),
    ]
    looks_personal = re.compile(
        r"[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]"  # codice fiscale
        r"|\b3\d{2}[ ]?\d{6,7}\b"  # mobile phone
        r"|[\w.]+@[\w.]+"  # email
        r"|IT\d{2}[A-Z]\d{10}",  # IBAN
        re.IGNORECASE,
    )
    assert not [t for t in texts if looks_personal.search(t)]
    assert all("{" not in t for t in texts)  # every placeholder filled


def test_seeding_twice_creates_nothing_and_changes_nothing() -> None:
    seed_registry()
    started = time.monotonic()
    seed()
    first_run = time.monotonic() - started
    before = snapshot()

    again = seed()

    assert snapshot() == before
    assert again["created"] == {} and again["updated"] == {} and again["warnings"] == []
    assert first_run < 5


def test_seeding_again_repairs_an_edited_action(seeded: dict[str, Any]) -> None:
    action = Action.objects.filter(status=Action.Status.OPEN).first()
    assert action is not None
    Action.objects.filter(pk=action.pk).update(status=Action.Status.DROPPED)

    again = seed()

    action.refresh_from_db()
    assert again["updated"] == {"action": 1} and again["created"] == {}
    assert action.status == Action.Status.OPEN


def test_scale_gives_each_copy_its_own_file_with_its_own_people() -> None:
    seed_registry(scale=2)

    result = seed(scale=2)

    copy = Programme.objects.get(slug="territori-inclusivi-x2")
    copied = Session.objects.filter(project__programme=copy)
    assert result["sessions"] == 2 * copied.count()
    assert result["warnings"] == []
    assert all(
        ".x2@" in m.email for s in copied.prefetch_related("mentors") for m in s.mentors.all()
    )
    owners = User.objects.filter(mentoring_actions__project__programme=copy).distinct()
    assert owners.exists() and all(".x2@" in u.email for u in owners)
    assert (
        Action.objects.filter(project__programme=copy)
        .values("project")
        .annotate(n=Count("pk"))
        .count()
        == 13
    )


def test_the_coordinator_finds_the_actions_at_home_and_is_reminded(
    seeded: dict[str, Any], client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    coordinator = person("coordinatore")
    client.force_login(coordinator)

    home = client.get(reverse("registry:me")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_action_reminders(today=timezone.localdate())

    assert seed_data.COORDINATOR_SOON[:40] in home and seed_data.COORDINATOR_OVERDUE[:40] in home
    assert sent >= 13 * 2  # every coordinator: one due soon, one overdue (and more overdue)
    to_coordinator = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert len(to_coordinator) >= 2


def test_seed_demo_loads_the_mentoring_files() -> None:
    out = StringIO()

    call_command("seed_demo", stdout=out)

    assert "tessere.mentoring.seeds.seed: sessions 39" in out.getvalue()
