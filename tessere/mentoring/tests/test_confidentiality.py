"""Confidentiality of the mentoring file, path by path.

One project file holds a session whose notes carry a secret phrase, a critical issue that is
not shared with the funder's monitoring (its title is secret too), a shared one, an action
owned by the project's operator (linked to the secret finding and the session, due in three
days so the reminders pick it up) and an assessment. For every persona (and a person of the
lead partner, who reads the whole file), neither secret may appear anywhere the persona may
not read the file: pages, htmx fragments, the home page, the programme overview, the calendar
feeds, the reminder emails, the Django admin.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PERSONA_NAMES, Personas
from tessere.accounts.models import User
from tessere.accounts.services import issue_calendar_token
from tessere.core.testing import is_login_redirect
from tessere.mentoring import models as m
from tessere.mentoring.tests import factories as mtf
from tessere.registry.models import Partnership, ProjectRole
from tessere.registry.seeds import _Seeder as RegistrySeeder
from tessere.registry.tests import factories as f

pytestmark = pytest.mark.django_db

SECRET_NOTE = "Frase riservata delle note 5XJ8"
SECRET_TITLE = "Criticità riservata del partenariato 3MV6"
SHARED_TITLE = "Criticità condivisa con il monitoraggio"
SHARED_SUMMARY = "Sintesi concordata per il monitoraggio"
ACTION_TEXT = "Azione affidata all operatore sul nodo"

# Who reads the whole file: the project's coordinator, the lead partner's people, the team.
FULL = {"coordinator", "lead_partner", "programme_admin", "facilitator", "mentor", "superuser"}
PERSONAS = [*PERSONA_NAMES, "lead_partner"]


@dataclass
class File:
    personas: Personas
    lead_partner: User
    session: m.Session
    secret: m.Finding
    shared: m.Finding
    action: m.Action

    def user(self, name: str) -> User | None:
        return self.lead_partner if name == "lead_partner" else self.personas.get(name)


@pytest.fixture
def file(personas: Personas) -> File:
    p = personas
    lead = Partnership.objects.get(project=p.project, role=Partnership.Role.LEAD).organisation
    lead_partner = f.make_user(email="capofila@example.test", first_name="Capofila")
    f.give_project_role(lead_partner, p.project, ProjectRole.Role.REPRESENTATIVE, lead)
    session = mtf.make_session(
        p.project,
        mentors=[p.mentor],
        notes=f"## Note\n\n{SECRET_NOTE}.",
        monitoring_summary=SHARED_SUMMARY,
        start=timezone.now() - dt.timedelta(days=10),
    )
    secret = mtf.make_finding(p.project, session=session, title=SECRET_TITLE)
    shared = mtf.make_finding(p.project, session=session, title=SHARED_TITLE, shared=True)
    action = mtf.make_action(
        p.project,
        p.operator,
        session=session,
        finding=secret,
        description=ACTION_TEXT,
        due_date=timezone.localdate() + dt.timedelta(days=3),
    )
    m.FindingUpdate.objects.create(
        finding=secret, date=timezone.localdate(), status="open", note=SECRET_NOTE, author=p.mentor
    )
    mtf.make_assessment(
        p.project,
        date=timezone.localdate(),
        organise=2,
        monitor=2,
        mechanisms=1,
        comment=SECRET_NOTE,
    )
    return File(p, lead_partner, session, secret, shared, action)


def leaks(content: str) -> list[str]:
    return [s for s in (SECRET_NOTE, SECRET_TITLE) if s in content]


def as_persona(client: Client, user: User | None) -> Client:
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def mentoring_paths(w: File) -> list[str]:
    slug = w.personas.project.slug
    return [
        reverse("mentoring:project_file", args=[slug]),
        reverse("mentoring:project_file", args=[slug]) + "?kind=critical",
        reverse("mentoring:history", args=[slug]),
        reverse("mentoring:session_detail", args=[slug, w.session.pk]),
        reverse("mentoring:finding_detail", args=[slug, w.secret.pk]),
        reverse("mentoring:finding_detail", args=[slug, w.shared.pk]),
        reverse("mentoring:action_detail", args=[slug, w.action.pk]),
        reverse("mentoring:capacity", args=[slug]),
        reverse("mentoring:overview", args=[w.personas.programme.slug]),
    ]


def other_paths(w: File) -> list[str]:
    p = w.personas
    return [
        reverse("registry:me"),
        reverse("registry:project_detail", args=[p.project.slug]),
        reverse("registry:programme_detail", args=[p.programme.slug]),
        *calendar_paths(w),
        reverse("meetings:public_feed", args=[p.programme.slug]),
    ]


def calendar_paths(w: File) -> list[str]:
    """The calendar's pages, on the month and the week of the session."""
    day = timezone.localtime(w.session.start).date()
    year, week, _weekday = day.isocalendar()
    return [
        reverse("agenda:month") + f"?month={day:%Y-%m}",
        reverse("agenda:week") + f"?week={year}-W{week:02d}",
        reverse("agenda:list"),
    ]


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_no_persona_outside_the_file_reads_the_notes_or_an_unshared_finding(
    file: File, client: Client, htmx: bool
) -> None:
    headers = {"HX-Request": "true"} if htmx else {}
    found = []
    for name in PERSONAS:
        if name in FULL:
            continue
        c = as_persona(client, file.user(name))
        for path in [*mentoring_paths(file), *other_paths(file)]:
            response = c.get(path, headers=headers)
            content = response.content.decode(errors="replace")
            if leaks(content):
                found.append((name, path, response.status_code, leaks(content)))
    assert not found, found


def test_the_file_readers_do_read_them(file: File, client: Client) -> None:
    """The counterpart: the secrets are on the pages, so the test above tests something."""
    slug = file.personas.project.slug
    for name in FULL:
        c = as_persona(client, file.user(name))
        page = c.get(reverse("mentoring:session_detail", args=[slug, file.session.pk]))
        assert SECRET_NOTE in page.content.decode(), name
        page = c.get(reverse("mentoring:project_file", args=[slug]))
        assert SECRET_TITLE in page.content.decode(), name


def test_monitors_read_the_shared_part_only(file: File, client: Client) -> None:
    slug = file.personas.project.slug
    for name in ("monitor", "project_manager"):
        c = as_persona(client, file.user(name))
        page = c.get(reverse("mentoring:project_file", args=[slug])).content.decode()
        assert SHARED_TITLE in page and not leaks(page), name
        session = c.get(reverse("mentoring:session_detail", args=[slug, file.session.pk]))
        assert session.status_code == 200 and SHARED_SUMMARY in session.content.decode()
        assert not leaks(session.content.decode())
        secret = c.get(reverse("mentoring:finding_detail", args=[slug, file.secret.pk]))
        assert secret.status_code == 404


def test_monitors_neither_open_nor_count_what_is_not_shared(file: File, client: Client) -> None:
    p = file.personas
    unshared = mtf.make_session(
        p.project, notes=SECRET_NOTE, start=timezone.now() - dt.timedelta(days=2)
    )
    overview_path = reverse("mentoring:overview", args=[p.programme.slug])
    session_path = reverse("mentoring:session_detail", args=[p.project.slug, unshared.pk])
    counts = {}
    for name in ("monitor", "project_manager", "mentor"):
        c = as_persona(client, file.user(name))
        overview = c.get(overview_path)
        row = next(r for r in overview.context["overview"].rows if r.project == p.project)
        counts[name] = (row.critical["high"], row.last_session, row.overdue)
        if name != "mentor":
            assert c.get(session_path).status_code == 404, name
            assert (
                ACTION_TEXT
                not in c.get(
                    reverse("mentoring:session_detail", args=[p.project.slug, file.session.pk])
                ).content.decode()
            )
    # One high critical issue is shared, one is not; the last session is not shared; the
    # actions are not shared at all.
    assert counts["monitor"] == counts["project_manager"] == (1, file.session.start, None)
    assert counts["mentor"][:2] == (2, unshared.start)


def test_the_owner_reads_their_action_but_not_the_file_it_comes_from(
    file: File, client: Client
) -> None:
    c = as_persona(client, file.personas.operator)
    slug = file.personas.project.slug

    action = c.get(reverse("mentoring:action_detail", args=[slug, file.action.pk]))
    home = c.get(reverse("registry:me"))

    assert action.status_code == 200 and ACTION_TEXT in action.content.decode()
    assert ACTION_TEXT in home.content.decode()
    assert not leaks(action.content.decode()) and not leaks(home.content.decode())
    assert c.get(reverse("mentoring:project_file", args=[slug])).status_code == 404
    assert (
        c.get(reverse("mentoring:finding_detail", args=[slug, file.secret.pk])).status_code == 404
    )


def test_the_calendar_and_its_feed_carry_no_mentoring_text_for_anyone(
    file: File, client: Client
) -> None:
    """Not even for those who read the file: the calendar names a session, it never quotes it."""
    session_text = [file.session.agenda, SHARED_SUMMARY, ACTION_TEXT]
    found = []
    for name in PERSONAS:
        user = file.user(name)
        c = as_persona(client, user)
        paths = calendar_paths(file)
        if user is not None:
            paths.append(reverse("agenda:personal_feed", args=[issue_calendar_token(user=user)]))
        for path in paths:
            content = c.get(path).content.decode()
            shown = leaks(content) + [s for s in session_text if s in content]
            if name == "operator":  # the owner of the action sees its deadline, not the file
                shown = [s for s in shown if s != ACTION_TEXT]
            if shown:
                found.append((name, path, shown))
    assert not found, found


def test_reminder_emails_carry_the_action_only(
    file: File, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    mail.outbox.clear()
    overdue = mtf.make_action(
        file.personas.project,
        file.personas.coordinator,
        finding=file.secret,
        session=file.session,
        description="Azione scaduta del coordinatore",
        due_date=timezone.localdate() - dt.timedelta(days=2),
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_action_reminders", stdout=StringIO())

    sent = {tuple(message.to): message for message in mail.outbox}
    assert (file.personas.operator.email,) in sent and (file.personas.coordinator.email,) in sent
    for message in mail.outbox:
        bodies = [str(message.subject), str(message.body)]
        bodies += [str(content) for content, _type in getattr(message, "alternatives", [])]
        assert not any(leaks(body) for body in bodies), message.to
    assert overdue.description in str(sent[(file.personas.coordinator.email,)].body)


# --- The Django admin ------------------------------------------------------------------------------
MODELS = [
    m.Session, m.SessionParticipant, m.SharedResource, m.Finding, m.FindingUpdate, m.Action,
    m.ActionUpdate, m.CapacityAssessment,
]  # fmt: skip


def admin_paths(w: File) -> list[str]:
    paths = [reverse("admin:app_list", args=["mentoring"])]
    for model in MODELS:
        name = f"admin:mentoring_{model._meta.model_name}"
        paths += [reverse(f"{name}_changelist"), reverse(f"{name}_add")]
        paths.append(reverse(f"{name}_changelist") + f"?q={SECRET_TITLE[:10]}")
    for obj in (w.session, w.secret, w.action):
        name = f"admin:mentoring_{obj._meta.model_name}"
        paths += [
            reverse(f"{name}_change", args=[obj.pk]),
            reverse(f"{name}_history", args=[obj.pk]),
        ]
    return paths


def test_every_mentoring_model_is_in_the_admin_for_superusers(file: File, client: Client) -> None:
    c = as_persona(client, file.personas.superuser)
    wrong = [(p, s) for p in admin_paths(file) if (s := c.get(p).status_code) != 200]
    page = c.get(reverse("admin:mentoring_finding_change", args=[file.secret.pk]))
    assert not wrong, wrong
    assert SECRET_TITLE in page.content.decode()


def test_non_staff_never_open_the_mentoring_admin(file: File, client: Client) -> None:
    wrong = []
    for name in PERSONAS:
        user = file.user(name)
        if user is not None and user.is_staff:
            continue
        c = as_persona(client, user)
        for path in admin_paths(file):
            response = c.get(path)
            if not is_login_redirect(response) or leaks(response.content.decode()):
                wrong.append((name, path, response.status_code))
    assert not wrong, wrong


def test_a_staff_programme_admin_without_mentoring_permissions_is_refused(
    file: File, client: Client
) -> None:
    """The programme admins' group of the demo (registry/seeds.py) has no mentoring permission:
    its staff open the registry's admin, never the mentoring file's."""
    admin_user = file.personas.programme_admin
    User.objects.filter(pk=admin_user.pk).update(is_staff=True)
    RegistrySeeder(None).admin_group(admin_user)
    admin_user = User.objects.get(pk=admin_user.pk)
    assert not any(p.startswith("mentoring.") for p in admin_user.get_all_permissions())
    c = as_persona(client, admin_user)

    index = c.get(reverse("admin:index"))
    project_page = c.get(reverse("admin:registry_project_change", args=[file.personas.project.pk]))

    assert index.status_code == 200 and project_page.status_code == 200
    assert "mentoring" not in index.content.decode().lower()
    assert not leaks(project_page.content.decode())
    wrong = []
    for path in admin_paths(file):
        response = c.get(path)
        if response.status_code not in (403, 404) or leaks(response.content.decode()):
            wrong.append((path, response.status_code))
    assert not wrong, wrong


def test_the_persona_list_covers_everybody() -> None:
    assert set(PERSONAS) - FULL - {"anonymous"} >= {
        "outsider", "other_representative", "representative", "operator", "expert", "monitor",
        "project_manager", "evaluator", "narrative",
    }  # fmt: skip
