"""axe-core on every page of the foundation: no serious or critical violation."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import Personas
from tessere.learning.tests.factories import make_lesson
from tessere.meetings.models import AgendaItem, Method, Registration
from tessere.meetings.services.harvest import save_harvest
from tessere.meetings.services.meetings import close_meeting
from tessere.meetings.tests.factories import make_meeting, make_registration
from tessere.registry import services
from tessere.registry.models import Partnership, ProgrammeRole, Territory
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


# --- Opportunities, the calendar, notifications ------------------------------------------------
def _board_world(personas: Personas) -> dict[str, str]:
    """A current opportunity posted by the representative (near their organisation, in this
    week and month), one elsewhere with a deadline, a past one, and notifications for the
    representative (read and unread). Returns the pages by name."""
    from tessere.notifications.services import mark_read, notify, unsubscribe_token
    from tessere.opportunities.models import Opportunity
    from tessere.opportunities.notifications import NEW_NEARBY
    from tessere.opportunities.tests.factories import days, make_opportunity

    p = personas
    cuneo = Territory.objects.get(kind=Territory.Kind.PROVINCE, name="Cuneo")
    saluzzo = Territory.objects.get(kind=Territory.Kind.MUNICIPALITY, name="Saluzzo")
    for organisation in f.project_organisations(p.project):
        organisation.municipality = saluzzo
        organisation.save()
    today = timezone.localdate()
    posted = make_opportunity(
        p.programme,
        title="Corso di italiano per operatori",
        project=p.project,
        territories=[cuneo],
        municipality=saluzzo,
        starts_on=today,
        ends_on=days(2),
        time_note="9:30–13:00",
        languages=["it", "fr"],
        created_by=p.representative,
        description="Dieci incontri.\n\n- **Gratuito**\n- [Programma](https://www.example.org/)",
    )
    funding = make_opportunity(
        p.programme,
        title="Bando per progetti di comunità",
        kind=Opportunity.Kind.FUNDING,
        scope=Opportunity.Scope.REGIONAL,
        organisation=f.project_organisations(p.other_project)[0],
        starts_on=None,
        deadline=days(3),
        is_online=True,
        place="",
    )
    past = make_opportunity(
        p.programme, title="Webinar sui bandi", kind=Opportunity.Kind.WEBINAR, starts_on=days(-9)
    )
    made = []
    for opportunity in (posted, funding, past):
        made += notify(
            kind=NEW_NEARBY,
            recipients=[p.representative],
            event_key=f"{NEW_NEARBY}:{opportunity.pk}",
            data={"title": opportunity.title},
            url=opportunity.get_absolute_url(),
            target=opportunity,
        )
    mark_read(user=p.representative, notification_ids=[made[-1].pk])
    make_meeting(
        p.programme, title="Laboratorio sulle reti", start=timezone.now() + dt.timedelta(days=1)
    )
    kinds = "kind=&kind=opportunities"
    return {
        "board": "/opportunita/",
        "board filtered": "/opportunita/?kind=training&province=" + str(cuneo.pk),
        "board near": "/opportunita/?near=on",
        "archive": "/opportunita/archivio/",
        "detail": posted.get_absolute_url(),
        "detail funding": funding.get_absolute_url(),
        "detail past": past.get_absolute_url(),
        "create": "/opportunita/nuova/",
        "edit": f"/opportunita/{posted.slug}/modifica/",
        "month": "/calendario/",
        "week": "/calendario/settimana/",
        "list": "/calendario/elenco/",
        "month filtered": f"/calendario/?{kinds}",
        "week filtered": f"/calendario/settimana/?{kinds}",
        "list filtered": f"/calendario/elenco/?{kinds}",
        "nothing ticked": "/calendario/elenco/?kind=",
        "feeds": "/calendario/feed/",
        "notifications": "/notifiche/",
        "unread": "/notifiche/?show=unread",
        "preferences": "/notifiche/preferenze/",
        "unsubscribe": f"/notifiche/disiscrizione/{unsubscribe_token(p.representative, NEW_NEARBY)}/",
    }


def test_opportunity_calendar_and_notification_pages_have_no_serious_accessibility_violations(
    transactional_db: None,
    personas: Personas,
    new_context: NewContext,
    log_in: LogIn,
    axe_audit: Audit,
) -> None:
    urls = _board_world(personas)
    public = ["board", "board filtered", "archive", "detail", "detail funding", "detail past"]
    public += ["month", "week", "list", "month filtered", "week filtered", "list filtered"]
    members = [*public, "board near", "create", "edit", "nothing ticked", "feeds"]
    members += ["notifications", "unread", "preferences"]
    found: dict[str, list[dict[str, Any]]] = {}

    anonymous = new_context().new_page()
    for url, violations in _audit_pages(anonymous, axe_audit, [urls[n] for n in public]).items():
        found[f"anonymous {url}"] = violations

    # The unsubscribe link from an email, without logging in: the question, then the answer.
    anonymous.goto(urls["unsubscribe"])
    found["anonymous unsubscribe"] = axe_audit(anonymous)
    anonymous.locator("main form[method=post] button[type=submit]").first.click()
    expect(anonymous.locator("main p[role=status]")).to_be_visible()  # "Done: ..."
    assert anonymous.url.endswith(urls["unsubscribe"])
    found["anonymous unsubscribe done"] = axe_audit(anonymous)

    page = new_context().new_page()
    log_in(page, personas.representative)
    for url, violations in _audit_pages(page, axe_audit, [urls[n] for n in members]).items():
        found[f"representative {url}"] = violations

    # The form refused (nothing filled in): every message under its field.
    page.goto(urls["create"])
    page.locator("form.opportunity-form button[type=submit]").click()
    expect(page.locator("form.opportunity-form .invalid-feedback").first).to_be_visible()
    found["representative create (errors)"] = axe_audit(page)
    # The feed settings right after creating the personal link (shown once).
    page.goto(urls["feeds"])
    page.locator("main form[method=post] button[type=submit]").first.click()
    expect(page.locator("#feed-url")).to_be_visible()
    found["representative feeds (new link)"] = axe_audit(page)
    # The board after an htmx filter.
    page.goto(urls["board"])
    page.locator("form[role=search] #id_kind").select_option("funding")
    expect(page.locator("#opportunity-results [data-result-summary]")).to_have_text(
        re.compile(r"^\s*1\b")
    )
    found["representative board (htmx filter)"] = axe_audit(page)

    _assert_no_serious_violations(found)


# --- Territorial networks ------------------------------------------------------------------------
def test_network_pages_have_no_serious_accessibility_violations(
    transactional_db: None,
    personas: Personas,
    new_context: NewContext,
    log_in: LogIn,
    axe_audit: Audit,
) -> None:
    """The map with its tables (also after an htmx filter, also reached by its address), the
    waves, the survey form (empty, with rows, with errors), the comparison, an organisation's
    network, the recorded tie form, and the network panels of the registry's pages."""
    from tessere.networks.models import TieKind

    from .test_networks import networks_world

    p = personas
    world = networks_world(p)
    small = world.small
    url = world.url
    tie = small.noted
    found: dict[str, list[dict[str, Any]]] = {}

    def audit(page: Page, name: str) -> None:
        found[name] = axe_audit(page)

    # A member: the map and its tables, the waves, the comparison, an organisation's network.
    member = new_context().new_page()
    log_in(member, p.representative)
    member.goto(url("map"))
    expect(member.locator("#network-map canvas").first).to_be_attached()
    audit(member, "member map")
    member.goto(url("map") + "#network-tables")
    member.locator("#id_province").select_option(str(small.torino.pk))
    expect(member).to_have_url(re.compile(r"province="))
    expect(member.locator("#network-map canvas").first).to_be_attached()
    audit(member, "member map (htmx filter, table view)")
    member_pages = {
        "wave list": url("wave_list"),
        "wave detail (member)": url("wave_detail", "T1"),
        "compare": url("compare") + "?a=T0&b=T1",
        "org network": url("org_network", small.a[1].slug),
        "org network (wave)": url("org_network", small.a[1].slug) + "?wave=T0",
        "organisation page with its network panel": small.a[1].get_absolute_url(),
        "programme page with its network panel": small.programme.get_absolute_url(),
    }
    for name, violations in _audit_pages(member, axe_audit, list(member_pages.values())).items():
        found[f"member {name}"] = violations

    # The table view reached by its address (filters in the URL, straight to the tables).
    member.goto(url("map") + f"?wave=T1&province={small.cuneo.pk}#network-tables")
    expect(member.locator("#network-tables table").first).to_be_visible()
    expect(member.locator("#network-map canvas").first).to_be_attached()
    audit(member, "member map of T1 in Cuneo (table view)")

    # The team: the response rate, the recorded ties and their form.
    team = new_context().new_page()
    log_in(team, p.facilitator)
    for name, violations in _audit_pages(
        team,
        axe_audit,
        [
            url("wave_list"),
            url("wave_detail", "T2"),
            url("wave_detail", "T1"),
            url("tie_create"),
            url("tie_edit", tie.pk),
            url("wave_create"),
            url("wave_edit", "T2"),
        ],
    ).items():
        found[f"team {name}"] = violations
    team.goto(url("tie_create"))
    team.locator("form.tie-form button[type=submit]").click()
    expect(team.locator("form.tie-form .invalid-feedback").first).to_be_visible()
    audit(team, "team recorded tie form (errors)")

    # An evaluator: the answers in full.
    evaluator = new_context().new_page()
    log_in(evaluator, p.evaluator)
    evaluator.goto(url("wave_detail", "T2"))
    expect(evaluator.locator("#answers-heading")).to_be_visible()
    audit(evaluator, "evaluator wave detail (answers)")

    # The coordinator's survey form: empty, with rows, with errors, then the answer saved.
    survey = new_context().new_page()
    log_in(survey, p.coordinator)
    survey.goto(url("survey", "T2"))
    audit(survey, "survey (empty)")
    survey.locator("#id_rows-0-search").fill("ponte")
    expect(survey.locator(f"#id_rows-0-target option[value='{world.ponte.pk}']")).to_have_count(1)
    survey.locator("#id_rows-0-target").select_option(str(world.ponte.pk))
    survey.locator("#survey-form button[name=action][value=add_row]").click()
    expect(survey.locator("#survey-form fieldset.tie-row")).to_have_count(4)
    audit(survey, "survey (htmx search, a row added)")
    survey.locator("#survey-form button[name=action][value=submit]").click()
    expect(survey.locator("#id_rows-0-kind_errors")).to_be_visible()
    audit(survey, "survey (errors)")
    survey.locator("#id_neworg-municipality").fill("Atlantide")
    survey.locator("#new-organisation button[name=action][value=add_org]").click()
    expect(survey.locator("#id_neworg-name_errors")).to_be_visible()
    audit(survey, "survey (new organisation refused)")
    survey.locator("#id_rows-0-kind").select_option(TieKind.CO_DESIGN)
    survey.locator("label[for='id_rows-0-strength_1']").click()
    survey.locator("#id_neworg-municipality").fill("")
    survey.locator("#survey-form button[name=action][value=submit]").click()
    expect(survey.locator(".messages .alert-success")).to_be_visible()
    audit(survey, "survey (submitted)")
    survey.goto(url("survey", "T1"))
    audit(survey, "survey (closed wave)")

    _assert_no_serious_violations(found)
