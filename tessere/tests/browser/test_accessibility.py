"""axe-core on every page of the foundation: no serious or critical violation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from conftest import Personas
from tessere.learning.tests.factories import make_lesson
from tessere.meetings.models import AgendaItem, Method, Registration
from tessere.meetings.services.harvest import save_harvest
from tessere.meetings.services.meetings import close_meeting
from tessere.meetings.tests.factories import make_meeting, make_registration
from tessere.registry import services
from tessere.registry.models import Partnership, ProgrammeRole
from tessere.registry.tests import factories as f

from .conftest import IMPACTS_THAT_FAIL, Audit, LogIn, NewContext, describe_violations

pytestmark = pytest.mark.browser


def _audit_pages(page: Page, axe_audit: Audit, urls: list[str]) -> dict[str, list[dict[str, Any]]]:
    found = {}
    for url in urls:
        response = page.goto(url)
        assert response is not None and response.ok, (
            f"{url} answered {response and response.status}"
        )
        found[url] = axe_audit(page)
    return found


def _assert_no_serious_violations(found: dict[str, list[dict[str, Any]]]) -> None:
    report = []
    for url, violations in found.items():
        serious = [v for v in violations if v["impact"] in IMPACTS_THAT_FAIL]
        if serious:
            report.append(f"{url}\n{describe_violations(serious)}")
    assert not report, "axe-core found serious or critical violations:\n" + "\n".join(report)


def test_member_pages_have_no_serious_accessibility_violations(
    transactional_db: None, personas: Personas, page: Page, log_in: LogIn, axe_audit: Audit
) -> None:
    project = personas.project
    lead = project.partnerships.select_related("organisation").get(role=Partnership.Role.LEAD)
    log_in(page, personas.representative)
    found = _audit_pages(
        page,
        axe_audit,
        [
            "/",
            "/progetti/",
            project.get_absolute_url(),
            "/enti/",
            lead.organisation.get_absolute_url(),
            "/persone/",
            personas.coordinator.get_absolute_url(),
            "/io/",
            "/profilo/",
        ],
    )
    _assert_no_serious_violations(found)


def test_anonymous_pages_have_no_serious_accessibility_violations(
    transactional_db: None, personas: Personas, new_context: NewContext, axe_audit: Audit
) -> None:
    _invitation, token = services.invite_person(
        email="newcomer@example.test",
        programme=personas.programme,
        role=ProgrammeRole.Role.EXPERT,
        first_name="Nuova",
        last_name="Persona",
        by=personas.programme_admin,
    )
    page = new_context().new_page()
    found = _audit_pages(
        page,
        axe_audit,
        ["/", personas.project.get_absolute_url(), "/account/login/", f"/invito/{token}/"],
    )
    _assert_no_serious_violations(found)


# --- Meetings and lessons learned ---------------------------------------------------------------
def _meetings_world(personas: Personas) -> dict[str, str]:
    """A held meeting (agenda, harvest, attendance, minutes, a lesson) and an upcoming one with
    people registered and waiting: the pages then show every part they have."""
    p = personas
    start = timezone.now() - dt.timedelta(days=3)
    held = make_meeting(
        p.programme,
        title="Reti territoriali a confronto",
        start=start,
        end=start + dt.timedelta(hours=4),
        facilitators=[p.facilitator],
    )
    item = AgendaItem.objects.create(
        meeting=held,
        position=1,
        title="World café: che cosa tiene viva una rete?",
        method=Method.objects.get(key="world-cafe"),
        start=held.start,
        end=held.start + dt.timedelta(hours=2),
    )
    for person in (p.representative, p.coordinator, p.other_representative):
        registration = make_registration(held, person)
        Registration.objects.filter(pk=registration.pk).update(
            attended=True, attended_at=held.start, attendance_source="ticked"
        )
    save_harvest(
        item=item,
        data={
            "purpose": "Confrontare le reti dei progetti.",
            "questions": [{"round": 1, "question": "Chi c'è nella vostra rete?"}],
            "tables": [{"table": "A", "host": "Marco", "round": 1, "notes": "Mancano le imprese."}],
            "harvest": "Le reti vivono se hanno un luogo stabile di incontro.",
        },
        expected_version=0,
        by=p.facilitator,
    )
    close_meeting(meeting=held, minutes="## Verbale\n\n- Mappe delle reti.", by=p.facilitator)
    theme = f.make_theme(name="Reti territoriali")
    make_lesson(
        p.programme,
        title="Il tavolo va convocato prima",
        author=p.representative,
        themes=[theme],
        projects=[p.project],
        agenda_item=item,
    )
    upcoming = make_meeting(
        p.programme, title="Laboratorio di follow-up", capacity=2, facilitators=[p.facilitator]
    )
    make_registration(upcoming, p.coordinator)
    make_registration(upcoming, p.other_representative)
    make_registration(upcoming, p.operator, status="waitlisted")
    month = timezone.localtime(upcoming.start).strftime("%Y-%m")
    return {
        "list": "/incontri/",
        "held": held.get_absolute_url(),
        "upcoming": upcoming.get_absolute_url(),
        "calendar": f"/calendario/?month={month}",
        "calendar_list": "/calendario/elenco/",
        "matrix": "/lezioni/matrice/",
        "lessons": "/lezioni/",
        "harvest": f"/incontri/{held.slug}/raccolta/{item.pk}/",
        "attendance": f"/incontri/{upcoming.slug}/presenze/",
    }


def test_meeting_and_lesson_pages_have_no_serious_accessibility_violations(
    transactional_db: None,
    personas: Personas,
    new_context: NewContext,
    log_in: LogIn,
    axe_audit: Audit,
) -> None:
    urls = _meetings_world(personas)
    public = ["list", "held", "upcoming", "calendar", "calendar_list"]
    members = [*public, "matrix", "lessons", "harvest"]
    team = ["upcoming", "harvest", "attendance"]
    found: dict[str, list[dict[str, Any]]] = {}

    anonymous = new_context().new_page()
    found |= {
        f"anonymous {k}": v
        for k, v in _audit_pages(anonymous, axe_audit, [urls[n] for n in public]).items()
    }
    representative = new_context().new_page()
    log_in(representative, personas.representative)
    found |= {
        f"representative {k}": v
        for k, v in _audit_pages(representative, axe_audit, [urls[n] for n in members]).items()
    }
    facilitator = new_context().new_page()
    log_in(facilitator, personas.facilitator)
    found |= {
        f"facilitator {k}": v
        for k, v in _audit_pages(facilitator, axe_audit, [urls[n] for n in team]).items()
    }

    _assert_no_serious_violations(found)


def test_mentoring_pages_have_no_serious_accessibility_violations(
    transactional_db: None,
    personas: Personas,
    new_context: NewContext,
    log_in: LogIn,
    axe_audit: Audit,
) -> None:
    """The mentoring file, a session, a finding, the capacity page and the programme overview,
    with the forms: as a mentor (the whole file), a funder monitor (the shared part) and the
    coordinator (an action they own, on their own page)."""
    from tessere.mentoring.tests import factories as mtf

    p = personas
    slug = p.project.slug
    session = mtf.make_session(
        p.project,
        mentors=[p.mentor],
        notes="## Note\n\n- la cabina di regia si riunisce;\n- i verbali circolano.",
        monitoring_summary="Azioni in corso.",
    )
    finding = mtf.make_finding(p.project, session=session, shared=True, title="Cabina di regia")
    mtf.make_finding(p.project, kind="strength", title="Rete ampia")
    action = mtf.make_action(p.project, p.coordinator, finding=finding, session=session)
    mtf.make_action(p.project, p.operator, due_date=timezone.localdate() - dt.timedelta(days=4))
    mtf.make_assessment(p.project, date=dt.date(2021, 6, 1), organise=2, monitor=1, mechanisms=1)
    mtf.make_assessment(p.project, date=dt.date(2022, 6, 1), organise=3, monitor=3, mechanisms=2)
    pages = [
        f"/progetti/{slug}/mentoring/",
        session.get_absolute_url(),
        finding.get_absolute_url(),
        f"/progetti/{slug}/mentoring/capacita/",
        f"/mentoring/{p.programme.slug}/",
    ]
    forms = [
        f"/progetti/{slug}/mentoring/incontri/nuovo/",
        f"/progetti/{slug}/mentoring/incontri/{session.pk}/modifica/",
        f"/progetti/{slug}/mentoring/rilievi/nuovo/",
        f"/progetti/{slug}/mentoring/azioni/nuova/",
        action.get_absolute_url(),
        f"/progetti/{slug}/mentoring/capacita/nuova/",
        f"/progetti/{slug}/mentoring/storico/",
    ]
    found: dict[str, list[dict[str, Any]]] = {}
    for user, urls in (
        (p.mentor, pages + forms),
        (p.monitor, [pages[0], pages[1], pages[2], pages[4]]),
        (p.coordinator, [pages[0], action.get_absolute_url(), "/io/"]),
    ):
        page = new_context().new_page()
        log_in(page, user)
        for url, violations in _audit_pages(page, axe_audit, urls).items():
            found[f"{url} ({user.email})"] = violations
    _assert_no_serious_violations(found)
